import * as encoding from 'lib0/encoding';
import { expect, vi } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import * as Y from 'yjs';
import { originOf } from './http.ts';
import { connectClient } from './sync-client.ts';

/**
 * Board helpers for tests against a real server process (tests/helpers/server.ts).
 */

/** The id of the first bilan listed on `/bilans` for the signed-in user. */
export async function firstBilanId(baseUrl: string, cookie: string): Promise<string> {
	const response = await fetch(new URL('/bilans', baseUrl), { headers: { cookie } });
	const html = await response.text();
	const match = /\/bilans\/([0-9a-f-]{36})/.exec(html);
	if (!match) throw new Error(`no bilan listed on /bilans (HTTP ${response.status})`);
	return match[1]!;
}

/** `POST /api/v1/bilans/:id/boards`; returns the response (201 with `{ board }` on success). */
export function postBoard(
	baseUrl: string,
	cookie: string,
	bilanId: string,
	body: unknown
): Promise<Response> {
	return fetch(new URL(`/api/v1/bilans/${bilanId}/boards`, baseUrl), {
		method: 'POST',
		headers: { cookie, origin: originOf(baseUrl), 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
}

/** Creates a board and returns its id (throws unless 201). */
export async function createBoardOver(
	baseUrl: string,
	cookie: string,
	bilanId: string,
	kind = 'values'
): Promise<string> {
	const response = await postBoard(baseUrl, cookie, bilanId, { kind, title: 'Tableau de test' });
	if (response.status !== 201) throw new Error(`board creation: HTTP ${response.status}`);
	return ((await response.json()) as { board: { id: string } }).board.id;
}

/**
 * Edits a board through the sync endpoint as the pages do, signed in with `cookie`, and waits for
 * the server's ack: the edit is durable when this resolves.
 */
export async function writeOverSync(
	baseUrl: string,
	boardId: string,
	cookie: string,
	edit: (doc: Y.Doc) => void
): Promise<void> {
	const wait = { timeout: 10_000, interval: 50 };
	const client = connectClient(baseUrl, boardId, { cookie, origin: baseUrl });
	try {
		// Set-up code: vi.waitFor retries where expect.poll (tests only) cannot run.
		await vi.waitFor(() => expect(client.provider.synced).toBe(true), wait);
		const acked = client.acks.count;
		edit(client.doc);
		await vi.waitFor(() => expect(client.acks.count).toBeGreaterThan(acked), wait);
	} finally {
		client.destroy();
	}
}

function wsUrl(baseUrl: string, boardId: string): string {
	return `${baseUrl.replace(/^http/, 'ws')}/yjs/${boardId}`;
}

/** The HTTP status a refused upgrade answers (rejects if the socket opens). */
export function upgradeStatus(
	baseUrl: string,
	boardId: string,
	headers: Record<string, string>
): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(wsUrl(baseUrl, boardId), { headers });
		ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		ws.on('open', () => reject(new Error('the upgrade was accepted')));
		ws.on('error', () => {});
	});
}

/** Opens a raw socket, sends `frame` once open, and resolves with the close code. */
export function sendRawFrame(
	baseUrl: string,
	boardId: string,
	headers: Record<string, string>,
	frame: Uint8Array,
	closeAfterSend = false
): Promise<number> {
	return new Promise((resolve) => {
		const ws = new WebSocket(wsUrl(baseUrl, boardId), { headers });
		ws.on('open', () => {
			ws.send(frame);
			if (closeAfterSend) setImmediate(() => ws.close());
		});
		ws.on('close', (code) => resolve(code));
		ws.on('error', () => {});
	});
}

/** The Yjs update of one change made to a fresh document. */
export function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	let update: Uint8Array | undefined;
	doc.on('update', (u: Uint8Array) => (update = u));
	change(doc);
	doc.destroy();
	return update!;
}

/** A y-protocols sync "update" frame carrying `update`. */
export function syncUpdateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A raw socket on a board, for tests that speak the protocol by hand. */
export interface RawSocket {
	ws: WebSocket;
	/** Resolves once the upgrade is accepted. */
	opened: Promise<void>;
	/** Frames received, in order. */
	received: Uint8Array[];
	receivedBytes(): number;
	/** The close code, once closed (1006 when the server dropped the socket). */
	closeCode: number | undefined;
}

/** Opens a raw socket on `/yjs/<boardId>` (`options` go to `ws`, e.g. `autoPong: false`). */
export function openRawSocket(
	baseUrl: string,
	boardId: string,
	headers: Record<string, string>,
	options: ClientOptions = {}
): RawSocket {
	const ws = new WebSocket(wsUrl(baseUrl, boardId), { headers, ...options });
	const raw: RawSocket = {
		ws,
		opened: new Promise((resolve, reject) => {
			ws.on('open', () => resolve());
			ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
		}),
		received: [],
		receivedBytes: () => raw.received.reduce((n, frame) => n + frame.byteLength, 0),
		closeCode: undefined
	};
	ws.on('message', (data: Buffer) => raw.received.push(new Uint8Array(data)));
	ws.on('close', (code) => (raw.closeCode = code));
	ws.on('error', () => {});
	return raw;
}

/** A sync step 1 with an empty state vector, 4 bytes: "send me the whole board". */
export const SYNC_STEP1_FRAME = new Uint8Array([0, 0, 1, 0]);

/** An awareness frame setting the presence of `clientId` (`state`: JSON text). */
export function awarenessFrame(clientId: number, clock: number, state: string): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1);
	encoding.writeVarUint(update, clientId);
	encoding.writeVarUint(update, clock);
	encoding.writeVarString(update, state);
	const frame = encoding.createEncoder();
	encoding.writeVarUint(frame, 1);
	encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
	return encoding.toUint8Array(frame);
}
