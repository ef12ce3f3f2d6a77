import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ACKS_PARAM, SYNC_PATH, VERSION_PARAM } from '../../src/lib/boards/sync-protocol.ts';
import { sessionTokenFromCookieHeader } from '../../src/lib/server/auth/session.ts';
import { OpenSockets, originAllowed } from '../admission.ts';
import type { BoardAuthorization } from './authorize.ts';
import type { SyncServer } from './sync-server.ts';

export interface UpgradeOptions {
	server: SyncServer;
	/** `ORIGIN` when configured: the only origin allowed; otherwise the request's own host. */
	origin: string | undefined;
	maxFrameBytes: number;
	/** Sockets open at once on this node per session and per user (`SyncConfig`). */
	maxSocketsPerSession: number;
	maxSocketsPerUser: number;
	authorize(token: string | undefined, boardId: string): Promise<BoardAuthorization>;
	log(message: string, context: Record<string, unknown>): void;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	429: 'Too Many Requests',
	503: 'Service Unavailable'
};

/** The kind version the client says it was built with; undefined if silent, null if garbled. */
function clientVersion(url: URL): number | undefined | null {
	const text = url.searchParams.get(VERSION_PARAM);
	if (text === null) return undefined;
	return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}

/**
 * The transport: takes the HTTP upgrade of `/yjs/<boardId>`, checks Origin (cross-site WebSocket
 * hijacking), session and board permission BEFORE the handshake completes, and only then hands
 * the socket to the sync server. A refusal is a plain HTTP response: no socket ever opens. Each
 * session and each user may hold a bounded number of sockets at once (each costs memory and a
 * share of every broadcast); beyond, 429.
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
	const sessionSockets = new OpenSockets();
	const userSockets = new OpenSockets();

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
			if (!originAllowed(request.headers, options.origin))
				return refuse(socket, 403, 'origin not allowed');
			const version = clientVersion(url);
			if (version === null) return refuse(socket, 400, 'invalid version');
			const token = sessionTokenFromCookieHeader(request.headers.cookie);
			// Read before authorizing: a re-check meanwhile means the answer may be stale.
			const recheckGeneration = options.server.recheckGeneration;
			const auth = await options.authorize(token, boardId);
			if (auth.status !== 200) return refuse(socket, auth.status, 'board access refused');
			// Gone while we checked: its 'close' has been (or is being) emitted, nothing to count.
			if (socket.destroyed) return;
			const userId = auth.user.id;
			if (
				sessionSockets.count(token!) >= options.maxSocketsPerSession ||
				userSockets.count(userId) >= options.maxSocketsPerUser
			) {
				return refuse(socket, 429, 'too many connections');
			}
			// Counted until the TCP socket closes, whether or not the handshake completes.
			sessionSockets.add(token!);
			userSockets.add(userId);
			socket.once('close', () => {
				sessionSockets.remove(token!);
				userSockets.remove(userId);
			});
			wss.handleUpgrade(request, socket, head, (ws) => {
				options.server.connect(
					ws,
					{
						boardId,
						kind: auth.kind,
						user: auth.user,
						sessionToken: token!,
						readOnly: auth.readOnly,
						wantsAcks: url.searchParams.get(ACKS_PARAM) === '1',
						version,
						recheckGeneration
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
