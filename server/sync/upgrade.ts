import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ACKS_PARAM, SYNC_PATH } from '../../src/lib/boards/sync-protocol.ts';
import { sessionTokenFromCookieHeader } from '../../src/lib/server/auth/session.ts';
import type { BoardAuthorization } from './authorize.ts';
import type { SyncServer } from './sync-server.ts';

export interface UpgradeOptions {
	server: SyncServer;
	/** `ORIGIN` when configured: the only origin allowed; otherwise the request's own host. */
	origin: string | undefined;
	maxFrameBytes: number;
	authorize(token: string | undefined, boardId: string): Promise<BoardAuthorization>;
	log(message: string, context: Record<string, unknown>): void;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	503: 'Service Unavailable'
};

/**
 * The transport: takes the HTTP upgrade of `/yjs/<boardId>`, checks Origin (cross-site WebSocket
 * hijacking), session and board permission BEFORE the handshake completes, and only then hands
 * the socket to the sync server. A refusal is a plain HTTP response: no socket ever opens.
 */
export function createUpgradeHandler(
	options: UpgradeOptions
): (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean {
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: options.maxFrameBytes,
		// Compression costs CPU per frame; board updates are small and already compact.
		perMessageDeflate: false
	});
	const allowedOrigin = options.origin ? new URL(options.origin).origin : undefined;

	function originAllowed(request: IncomingMessage): boolean {
		const origin = request.headers.origin;
		if (!origin || !URL.canParse(origin)) return false;
		const url = new URL(origin);
		if (allowedOrigin) return url.origin === allowedOrigin;
		return url.host === request.headers.host;
	}

	function refuse(socket: Duplex, status: number, reason: string): void {
		options.server.metrics.upgradesRefused.inc({ status: String(status) });
		const body = `${reason}\n`;
		socket.end(
			`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n` +
				`Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
		);
	}

	return (request, socket, head) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (!url.pathname.startsWith(`${SYNC_PATH}/`)) return false;
		// A client that vanishes mid-handshake must not crash the process.
		socket.on('error', () => socket.destroy());
		const boardId = url.pathname.slice(SYNC_PATH.length + 1);
		void (async () => {
			if (!originAllowed(request)) return refuse(socket, 403, 'origin not allowed');
			const token = sessionTokenFromCookieHeader(request.headers.cookie);
			const auth = await options.authorize(token, boardId);
			if (auth.status !== 200) return refuse(socket, auth.status, 'board access refused');
			wss.handleUpgrade(request, socket, head, (ws) => {
				options.server.connect(
					ws,
					{
						boardId,
						kind: auth.kind,
						user: auth.user,
						sessionToken: token!,
						readOnly: auth.readOnly,
						wantsAcks: url.searchParams.get(ACKS_PARAM) === '1'
					},
					socket
				);
			});
		})().catch((error: unknown) => {
			options.log('sync upgrade failed', { board: boardId, error: String(error) });
			refuse(socket, 503, 'try again later');
		});
		return true;
	};
}
