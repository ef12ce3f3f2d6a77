import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	CLOSE,
	MESSAGE_PING,
	MESSAGE_PONG,
	MESSAGE_SYNC
} from '../../src/lib/boards/sync-protocol.ts';
import { openRawSocket, type RawSocket } from '../../tests/helpers/boards.ts';
import { startSyncHarness, type SyncHarness } from '../../tests/helpers/sync-harness.ts';

const PING = new Uint8Array([MESSAGE_PING]);

/** The client heartbeat (`MESSAGE_PING`): answered, bounded, and exactly one byte. */
describe('sync heartbeat', () => {
	let harness: SyncHarness;
	let sockets: RawSocket[] = [];

	beforeAll(async () => {
		harness = await startSyncHarness();
	});
	afterEach(() => {
		for (const s of sockets) s.ws.terminate();
		sockets = [];
	});
	afterAll(() => harness?.close());

	async function raw(boardId: string): Promise<RawSocket> {
		const socket = openRawSocket(
			harness.url,
			boardId,
			await harness.headersFor(harness.beneficiary)
		);
		sockets.push(socket);
		await socket.opened;
		// The board is loaded once the server's sync step 1 has arrived.
		await expect.poll(() => socket.received.some((frame) => frame[0] === MESSAGE_SYNC)).toBe(true);
		return socket;
	}

	const pongs = (socket: RawSocket) =>
		socket.received.filter((frame) => frame.length === 1 && frame[0] === MESSAGE_PONG).length;

	it('answers each ping with a pong, and keeps the connection', async () => {
		const socket = await raw(await harness.newBoard());
		socket.ws.send(PING);
		await expect.poll(() => pongs(socket)).toBe(1);
		socket.ws.send(PING);
		await expect.poll(() => pongs(socket)).toBe(2);
		expect(socket.closeCode).toBeUndefined();
	});

	it('answers a ping sent before the board was loaded', async () => {
		const boardId = await harness.newBoard();
		const socket = openRawSocket(
			harness.url,
			boardId,
			await harness.headersFor(harness.beneficiary)
		);
		sockets.push(socket);
		socket.ws.once('open', () => socket.ws.send(PING));
		await expect.poll(() => pongs(socket)).toBe(1);
	});

	it('closes a ping with trailing bytes as malformed', async () => {
		const socket = await raw(await harness.newBoard());
		socket.ws.send(new Uint8Array([MESSAGE_PING, 0]));
		await expect.poll(() => socket.closeCode).toBe(CLOSE.malformed);
	});

	it('closes a connection that floods pings (its own rate limit), others carry on', async () => {
		const boardId = await harness.newBoard();
		const flooder = await raw(boardId);
		const honest = await raw(boardId);
		for (let i = 0; i < 50; i++) flooder.ws.send(PING);
		await expect.poll(() => flooder.closeCode).toBe(CLOSE.rateLimited);
		// The burst was answered before the limit closed it, no more.
		expect(pongs(flooder)).toBeLessThanOrEqual(6);
		honest.ws.send(PING);
		await expect.poll(() => pongs(honest)).toBe(1);
		expect(honest.closeCode).toBeUndefined();
	});
});
