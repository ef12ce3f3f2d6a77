import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { CLOSE, MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src/lib/boards/sync-protocol.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { writeBoardChanges } from '../../src/lib/server/db/board-changes.ts';
import { createBoardStorage } from '../../src/lib/server/db/board-storage.ts';
import {
	awarenessFrame,
	openRawSocket,
	SYNC_STEP1_FRAME,
	syncUpdateFrame,
	updateOf,
	upgradeStatus,
	type RawSocket
} from '../../tests/helpers/boards.ts';
import { connectClient, testKind, type TestClient } from '../../tests/helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../../tests/helpers/sync-harness.ts';
import { authorizeBoards } from './authorize.ts';
import { awarenessEntries } from './document.ts';
import { createLocalFanout } from './fanout.ts';
import { SyncServer } from './sync-server.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const QUERY_AWARENESS_FRAME = new Uint8Array([3]);

/** The sync steps 2 a raw socket received (answers to its step 1). */
function stepTwos(socket: RawSocket): Uint8Array[] {
	return socket.received.filter((frame) => frame[0] === MESSAGE_SYNC && frame[1] === 1);
}

/** The client ids of each awareness message among `frames`. */
function awarenessIds(frames: Uint8Array[]): number[][] {
	return frames
		.filter((frame) => frame[0] === MESSAGE_AWARENESS)
		.map((frame) => {
			const decoder = decoding.createDecoder(frame);
			decoding.readVarUint(decoder);
			return awarenessEntries(decoding.readVarUint8Array(decoder)).map((entry) => entry.id);
		});
}

/** A text of `bytes` characters starting with `head` and then dots. */
function text(head: string, bytes: number): string {
	return head.padEnd(bytes, '.');
}

/** Such a text as `head:length`, short enough for an assertion message. */
function short(value: unknown): string {
	return typeof value === 'string' ? `${value.split('.')[0]}:${value.length}` : String(value);
}

describe('sync limits: what a client may ask for, write and announce', () => {
	let harness: SyncHarness;
	let clients: TestClient[] = [];
	let sockets: RawSocket[] = [];

	beforeAll(async () => {
		harness = await startSyncHarness({
			SYNC_MAX_DOCUMENT_BYTES: String(1 * MiB),
			SYNC_MAX_BUFFERED_BYTES: String(2 * MiB),
			SYNC_STATE_REQUESTS_PER_MINUTE: '5',
			SYNC_STATE_BYTES_PER_MINUTE: String(256 * KiB),
			SYNC_MAX_AWARENESS_BYTES: String(2 * KiB),
			SYNC_MAX_BOARD_AWARENESS_BYTES: '5000'
		});
	});
	afterEach(() => {
		for (const c of clients) c.destroy();
		for (const s of sockets) s.ws.terminate();
		clients = [];
		sockets = [];
	});
	afterAll(async () => {
		await harness?.close();
	});

	async function client(boardId: string, headers?: Record<string, string>): Promise<TestClient> {
		const c = connectClient(
			harness.url,
			boardId,
			headers ?? (await harness.headersFor(harness.beneficiary))
		);
		clients.push(c);
		await expect.poll(() => c.provider.synced).toBe(true);
		return c;
	}

	async function raw(boardId: string, headers: Record<string, string>): Promise<RawSocket> {
		const socket = openRawSocket(harness.url, boardId, headers);
		sockets.push(socket);
		await socket.opened;
		return socket;
	}

	it('bounds what sync step 1 and awareness queries make the server send; others carry on', async () => {
		const boardId = await harness.newBoard();
		const writer = await client(boardId);
		const watcher = await client(boardId, await harness.headersFor(harness.consultant));
		writer.doc.getMap('items').set('t:gros', text('gros', 100_000));
		await expect.poll(() => watcher.doc.getMap('items').has('t:gros')).toBe(true);
		const headers = await harness.headersFor(harness.beneficiary);

		// Each 4-byte step 1 asks for the whole board (100 kB): the byte budget (256 KiB a minute)
		// is spent after three answers, and the sender is closed.
		const flooder = await raw(boardId, headers);
		for (let i = 0; i < 50; i++) flooder.ws.send(SYNC_STEP1_FRAME);
		await expect.poll(() => flooder.closeCode).toBe(CLOSE.rateLimited);
		expect(stepTwos(flooder).length).toBe(3);
		expect(flooder.receivedBytes()).toBeLessThan(256 * KiB + 101_000);

		// On a small board, the number of requests (5 a minute) is the limit.
		const small = await harness.newBoard();
		const counter = await raw(small, headers);
		for (let i = 0; i < 50; i++) counter.ws.send(SYNC_STEP1_FRAME);
		await expect.poll(() => counter.closeCode).toBe(CLOSE.rateLimited);
		expect(stepTwos(counter).length).toBe(5);
		const querier = await raw(small, headers);
		for (let i = 0; i < 50; i++) querier.ws.send(QUERY_AWARENESS_FRAME);
		await expect.poll(() => querier.closeCode).toBe(CLOSE.rateLimited);

		writer.push('après');
		await expect.poll(() => watcher.items()).toContain('après');
		expect([...writer.closes, ...watcher.closes]).toEqual([]);
	});

	it('serves every new client one shared encoding of the board until it changes', async () => {
		const boardId = await harness.newBoard();
		const writer = await client(boardId);
		const document = harness.runtime.sync.documents.get(boardId)!;
		const empty = Y.encodeStateVector(new Y.Doc());
		const first = document.syncStep2(empty);
		expect(document.syncStep2(empty)).toBe(first);
		writer.push('nouveau');
		await expect.poll(() => document.syncStep2(empty)).not.toBe(first);
		const doc = new Y.Doc();
		const fresh = document.syncStep2(empty);
		const decoder = decoding.createDecoder(fresh);
		expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([0, 1]);
		Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
		expect(doc.getMap('items').get('t:nouveau')).toBe('nouveau');
	});

	it('keeps a board writable while overwrites grow its log but not its size', async () => {
		const boardId = await harness.newBoard();
		const writer = await client(boardId);
		const items = writer.doc.getMap<string>('items');
		// 3 MB of updates (the limit is 1 MiB) on a board that never holds more than 100 kB.
		for (let i = 0; i < 30; i++) items.set('t:texte', text(String(i), 100_000));
		await expect.poll(() => writer.acks.count, { timeout: 10_000 }).toBeGreaterThanOrEqual(31);
		expect(writer.closes).toEqual([]);
		const document = harness.runtime.sync.documents.get(boardId)!;
		expect(short(document.doc.getMap('items').get('t:texte'))).toBe('29:100000');

		// A board that really grows beyond the limit is still refused.
		for (let i = 0; i < 12; i++) items.set(`t:${i}`, text(String(i), 100_000));
		await expect.poll(() => writer.closes.map((c) => c.code)).toContain(CLOSE.tooLarge);
	});

	it('closes a client whose presence is too large; the listeners receive none of it', async () => {
		const boardId = await harness.newBoard();
		const listener = await client(boardId, await harness.headersFor(harness.consultant));
		const writer = await client(boardId);
		const headers = await harness.headersFor(harness.beneficiary);
		const presence = (name: string) => JSON.stringify({ user: { name } });

		const big = await raw(boardId, headers);
		big.ws.send(awarenessFrame(424_242, 1, presence('x'.repeat(3000))));
		await expect.poll(() => big.closeCode).toBe(CLOSE.awarenessTooLarge);
		writer.push('après');
		await expect.poll(() => listener.items()).toContain('après');
		expect(listener.provider.awareness.getStates().has(424_242)).toBe(false);

		// Under the cap each, but three of them exceed the board's total (5000 bytes): the third is
		// dropped, and its sender stays.
		const a = await raw(boardId, headers);
		const b = await raw(boardId, headers);
		const c = await raw(boardId, headers);
		a.ws.send(awarenessFrame(501, 1, presence('a'.repeat(1900))));
		b.ws.send(awarenessFrame(502, 1, presence('b'.repeat(1900))));
		const states = () => listener.provider.awareness.getStates();
		await expect.poll(() => states().has(501) && states().has(502)).toBe(true);
		const before = c.received.length;
		c.ws.send(awarenessFrame(503, 1, presence('c'.repeat(1900))));
		c.ws.send(QUERY_AWARENESS_FRAME);
		// The answer to its query (every presence the server holds) comes after its own update.
		const answer = () =>
			awarenessIds(c.received.slice(before)).find((ids) => ids.includes(501) && ids.includes(502));
		await expect.poll(answer).toBeDefined();
		expect(answer()).not.toContain(503);
		expect(c.ws.readyState).toBe(WebSocket.OPEN);
		writer.push('encore');
		await expect.poll(() => listener.items()).toContain('encore');
		expect(states().has(503)).toBe(false);

		// Room again once a presence leaves.
		a.ws.close();
		await expect.poll(() => states().has(501)).toBe(false);
		c.ws.send(awarenessFrame(503, 2, presence('c'.repeat(1900))));
		await expect.poll(() => states().has(503)).toBe(true);
	});

	it('drops a socket that does not read once its buffer is full; readers get everything', async () => {
		const boardId = await harness.newBoard();
		const writer = await client(boardId);
		const reader = await client(boardId, await harness.headersFor(harness.consultant));
		const sleeper = await raw(boardId, await harness.headersFor(harness.beneficiary));
		const document = harness.runtime.sync.documents.get(boardId)!;
		await expect.poll(() => document.connections.size).toBe(3);
		sleeper.ws.pause();

		// 100 kB overwrites, in batches of 20, until the sleeper's buffer (2 MiB beyond what the
		// kernel holds) overflows.
		const items = writer.doc.getMap<string>('items');
		let written = 0;
		while (document.connections.size === 3 && written < 400) {
			for (let i = 0; i < 20; i++) items.set('t:texte', text(String(written++), 100_000));
			const last = `${written - 1}:100000`;
			await expect.poll(() => short(reader.doc.getMap('items').get('t:texte'))).toBe(last);
		}
		// Dropped at once, without waiting for a close handshake it would never read.
		await expect.poll(() => document.connections.size).toBe(2);
		expect(harness.runtime.sync.metrics.refused.values.get('{reason="slow consumer"}')).toBe(1);
		expect([...writer.closes, ...reader.closes]).toEqual([]);
		sleeper.ws.resume();
		await expect.poll(() => sleeper.closeCode).toBe(1006);
	});
});

describe('sync limits: presence to a socket that reads slowly', () => {
	let harness: SyncHarness;
	const sockets: RawSocket[] = [];

	beforeAll(async () => {
		// A small send buffer, and presence as fast as a client can send it.
		harness = await startSyncHarness({
			SYNC_MAX_DOCUMENT_BYTES: String(1 * MiB),
			SYNC_MAX_BUFFERED_BYTES: String(2 * MiB),
			SYNC_AWARENESS_PER_SECOND: '100000'
		});
	});
	afterAll(async () => {
		for (const s of sockets) s.ws.terminate();
		await harness?.close();
	});

	it('skips presence to a socket with a backlog instead of dropping it; the board still reaches it', async () => {
		const boardId = await harness.newBoard();
		const open = async (headers: Record<string, string>) => {
			const socket = openRawSocket(harness.url, boardId, headers);
			sockets.push(socket);
			await socket.opened;
			return socket;
		};
		const announcer = await open(await harness.headersFor(harness.consultant));
		const sleeper = await open(await harness.headersFor(harness.beneficiary));
		const document = harness.runtime.sync.documents.get(boardId)!;
		await expect.poll(() => document.connections.size).toBe(2);
		const slow = [...document.connections].find((c) => c.user.id === harness.beneficiary.id)!;
		sleeper.ws.pause();

		// ~9 MB of presence, far beyond what the kernel holds for the sleeper and its 2 MiB buffer.
		const state = JSON.stringify({ user: { name: 'Claire' }, note: 'x'.repeat(15 * KiB) });
		for (let clock = 1; clock <= 600; clock++) {
			announcer.ws.send(awarenessFrame(777, clock, state));
		}
		await expect.poll(() => document.awareness.meta.get(777)?.clock).toBe(600);
		expect(document.connections.has(slow)).toBe(true);
		expect(slow.ws.bufferedAmount).toBeLessThan(256 * KiB + 20 * KiB);
		const skipped = harness.runtime.sync.metrics.awarenessDropped.values;
		expect(skipped.get('{reason="backlog"}')).toBeGreaterThan(0);

		// The board's own changes still reach it once it reads again.
		sleeper.ws.resume();
		const update = updateOf((doc) => doc.getMap('items').set('t:après', 'après'));
		announcer.ws.send(syncUpdateFrame(update));
		await expect
			.poll(() => sleeper.received.some((frame) => frame[0] === MESSAGE_SYNC && frame[1] === 2))
			.toBe(true);
		expect(sleeper.closeCode).toBeUndefined();
	});
});

describe('sync limits: sockets', () => {
	let harness: SyncHarness;
	const sockets: RawSocket[] = [];

	beforeAll(async () => {
		harness = await startSyncHarness({
			SYNC_MAX_SOCKETS_PER_SESSION: '3',
			SYNC_MAX_SOCKETS_PER_USER: '5',
			SYNC_HEARTBEAT_MS: '1000'
		});
	});
	afterAll(async () => {
		for (const s of sockets) s.ws.terminate();
		await harness?.close();
	});

	function raw(
		boardId: string,
		headers: Record<string, string>,
		options: { autoPong?: boolean } = {}
	): RawSocket {
		const socket = openRawSocket(harness.url, boardId, headers, options);
		sockets.push(socket);
		return socket;
	}

	it('refuses sockets beyond the per-session and per-user caps at the upgrade (429)', async () => {
		const boardId = await harness.newBoard();
		const session = await harness.headersFor(harness.consultant);
		const three = [raw(boardId, session), raw(boardId, session), raw(boardId, session)];
		await Promise.all(three.map((s) => s.opened));
		expect(await upgradeStatus(harness.url, boardId, session)).toBe(429);

		// The same user in another browser: the user's cap (5) counts both sessions.
		const other = await harness.headersFor(harness.consultant);
		await Promise.all([raw(boardId, other).opened, raw(boardId, other).opened]);
		expect(await upgradeStatus(harness.url, boardId, other)).toBe(429);

		// A socket that closes frees its place.
		three[0]!.ws.close();
		await expect
			.poll(() =>
				raw(boardId, session).opened.then(
					() => 'open',
					(error: Error) => error.message
				)
			)
			.toBe('open');
	});

	it('drops a socket that answers no ping; a live one stays', async () => {
		const boardId = await harness.newBoard();
		const live = raw(boardId, await harness.headersFor(harness.beneficiary));
		const dead = raw(boardId, await harness.headersFor(harness.beneficiary), { autoPong: false });
		await Promise.all([live.opened, dead.opened]);
		await expect.poll(() => dead.closeCode, { timeout: 5000 }).toBe(1006);
		expect(live.closeCode).toBeUndefined();
	});

	describe('while a board loads', () => {
		let server: SyncServer;
		let wss: WebSocketServer;
		let url: string;
		let release: () => void;

		beforeAll(async () => {
			const storage = createBoardStorage(harness.runtime.database.db);
			const gate = new Promise<void>((resolve) => (release = resolve));
			const config = readConfig({
				SYNC_MAX_EARLY_FRAMES: '4',
				SYNC_MAX_EARLY_BYTES: String(64 * KiB)
			}).sync;
			server = new SyncServer({
				// The real storage, whose loads wait for the test to let them through.
				storage: { ...storage, load: (id) => gate.then(() => storage.load(id)) },
				boardKinds: [testKind],
				config,
				fanout: createLocalFanout(),
				authorize: (requests) => authorizeBoards(harness.runtime.database.db, requests),
				recordChanges: (rows) => writeBoardChanges(harness.runtime.database.db, rows),
				log: () => {}
			});
			wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
			await new Promise((resolve) => wss.once('listening', resolve));
			url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
		});
		afterAll(async () => {
			release();
			await server?.close();
			await new Promise((resolve) => wss?.close(resolve));
		});

		it('closes a connection that sends too many frames, or bytes, before its board is loaded', async () => {
			const boardId = await harness.newBoard();
			const headers = await harness.headersFor(harness.beneficiary);
			const token = headers.cookie!.split('=')[1]!;
			wss.on('connection', (ws) =>
				server.connect(ws, {
					boardId,
					kind: 'test',
					user: harness.beneficiary,
					sessionToken: token,
					readOnly: false,
					wantsAcks: false,
					recheckGeneration: server.recheckGeneration
				})
			);
			const open = () => {
				const ws = new WebSocket(url);
				const closed = new Promise<number>((resolve) => ws.on('close', resolve));
				const received: Uint8Array[] = [];
				ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
				return { ws, closed, received, opened: new Promise((r) => ws.once('open', r)) };
			};
			const many = open();
			const heavy = open();
			const honest = open();
			await Promise.all([many.opened, heavy.opened, honest.opened]);
			for (let i = 0; i < 5; i++) many.ws.send(SYNC_STEP1_FRAME);
			heavy.ws.send(awarenessFrame(7, 1, JSON.stringify({ n: 'x'.repeat(40 * KiB) })));
			heavy.ws.send(awarenessFrame(7, 2, JSON.stringify({ n: 'y'.repeat(40 * KiB) })));
			honest.ws.send(SYNC_STEP1_FRAME);
			expect(await many.closed).toBe(CLOSE.rateLimited);
			expect(await heavy.closed).toBe(CLOSE.rateLimited);
			// Within the caps, the frames are answered once the board is there.
			release();
			await expect
				.poll(() => honest.received.some((f) => f[0] === MESSAGE_SYNC && f[1] === 1))
				.toBe(true);
			honest.ws.close();
		});
	});
});
