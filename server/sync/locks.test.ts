import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { boardKinds } from '../../src/lib/boards/registry.ts';
import { serverBoardKinds } from '../../src/lib/boards/registry.server.ts';
import { CLOSE } from '../../src/lib/boards/sync-protocol.ts';
import { moveCard, readCard, removeCard } from '../../src/lib/boards/values/model.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { writeBoardChanges } from '../../src/lib/server/db/board-changes.ts';
import { createBoardStorage } from '../../src/lib/server/db/board-storage.ts';
import { boardLocks, type User } from '../../src/lib/server/db/schema.ts';
import { setBoardLock } from '../../src/lib/server/locks.service.ts';
import { syncUpdateFrame, updateOf } from '../../tests/helpers/boards.ts';
import { connectClient, testKind, type TestClient } from '../../tests/helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../../tests/helpers/sync-harness.ts';
import { authorizeBoards } from './authorize.ts';
import { createLocalFanout } from './fanout.ts';
import { LockedParts } from './locks.ts';
import { SyncServer } from './sync-server.ts';

describe('LockedParts', () => {
	it('keeps the result of the read that started last, whatever order the reads end in', () => {
		const locks = new LockedParts();
		const older = locks.read();
		const newer = locks.read();
		newer(['deck']);
		older([]);
		expect(locks.size).toBe(1);
		const latest = locks.read();
		latest([]);
		expect(locks.size).toBe(0);
	});
});

/**
 * Locks enforced by the sync server in this process (the same over two nodes is in
 * tests/integration/sync-locks.test.ts): an update touching a locked part is refused with 4423,
 * never applied, stored nor broadcast; the other parts stay writable.
 */
describe('sync server: locked parts of a board', () => {
	let harness: SyncHarness;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		harness = await startSyncHarness({}, serverBoardKinds);
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await harness?.close();
	});

	async function valuesBoard(): Promise<string> {
		const db = harness.runtime.database.db;
		const input = { kind: 'values', title: 'Mes valeurs' };
		return (await createBoard(db, harness.consultant, harness.bilanId, input, boardKinds)).id;
	}

	/** A synced client of `user`, starting from `state` if given (a tab that kept the board). */
	async function open(boardId: string, user: User, state?: Uint8Array): Promise<TestClient> {
		const client = connectClient(harness.url, boardId, await harness.headersFor(user), {
			root: 'cards',
			connect: state === undefined
		});
		clients.push(client);
		if (state) {
			Y.applyUpdate(client.doc, state);
			client.provider.connect();
		}
		await expect.poll(() => client.provider.synced).toBe(true);
		return client;
	}

	const lock = (boardId: string, part: string, locked: boolean) =>
		setBoardLock(harness.runtime.database.db, harness.consultant, boardId, part, locked);
	const pileOf = (doc: Y.Doc, cardId: string) => readCard(doc, cardId)?.place;
	const stored = async (boardId: string) =>
		(await createBoardStorage(harness.runtime.database.db).load(boardId)).seq;
	const codes = (client: TestClient) => client.closes.map((close) => close.code);

	it('refuses moves into and out of a locked pile and edits in it; other piles accept', async () => {
		const boardId = await valuesBoard();
		const consultant = await open(boardId, harness.consultant);
		const beneficiary = await open(boardId, harness.beneficiary);
		moveCard(consultant.doc, 'deck-curiosite', 'essentiel', 0);
		await expect.poll(() => pileOf(beneficiary.doc, 'deck-curiosite')).toBe('essentiel');

		await lock(boardId, 'pile:essentiel', true);
		// In force on this node as soon as the lock is set: no retry.
		moveCard(beneficiary.doc, 'deck-autonomie', 'important', 0);
		// Broadcast at once, committed a moment later (sync v2): the log holds it once nothing is
		// in flight.
		await expect.poll(() => pileOf(consultant.doc, 'deck-autonomie')).toBe('important');
		await expect.poll(() => harness.runtime.sync.documents.get(boardId)!.busy).toBe(false);
		const before = await stored(boardId);
		moveCard(beneficiary.doc, 'deck-reconnaissance', 'essentiel', 0);
		await expect.poll(() => codes(beneficiary)).toEqual([CLOSE.locked]);
		expect(beneficiary.closes[0]!.reason).toBe('board part locked');
		const server = harness.runtime.sync.documents.get(boardId)!;
		expect(pileOf(server.doc, 'deck-reconnaissance')).toBe('a-trier');
		expect(await stored(boardId)).toBe(before);

		const taker = await open(boardId, harness.beneficiary);
		moveCard(taker.doc, 'deck-curiosite', 'important', 0);
		await expect.poll(() => codes(taker)).toEqual([CLOSE.locked]);
		const remover = await open(boardId, harness.beneficiary);
		removeCard(remover.doc, 'deck-curiosite');
		await expect.poll(() => codes(remover)).toEqual([CLOSE.locked]);
		expect(pileOf(server.doc, 'deck-curiosite')).toBe('essentiel');
		expect(await stored(boardId)).toBe(before);
		// The consultant's own tab saw none of it, and still writes elsewhere.
		expect(pileOf(consultant.doc, 'deck-reconnaissance')).toBe('a-trier');
		moveCard(consultant.doc, 'deck-liberte', 'peu-important', 0);
		await expect.poll(() => pileOf(server.doc, 'deck-liberte')).toBe('peu-important');
		expect(codes(consultant)).toEqual([]);
	});

	it('accepts a tab resending what the server has, locked part included; unlocking lets writes in', async () => {
		const boardId = await valuesBoard();
		const consultant = await open(boardId, harness.consultant);
		moveCard(consultant.doc, 'deck-curiosite', 'essentiel', 0);
		const server = () => harness.runtime.sync.documents.get(boardId)!.doc;
		await expect.poll(() => pileOf(server(), 'deck-curiosite')).toBe('essentiel');
		await lock(boardId, 'pile:essentiel', true);

		// Its sync step 2 carries the whole board, the locked pile's cards with it: nothing new.
		const tab = await open(boardId, harness.beneficiary, Y.encodeStateAsUpdate(server()));
		await expect.poll(() => tab.acks.count).toBeGreaterThan(0);
		expect(codes(tab)).toEqual([]);

		await lock(boardId, 'pile:essentiel', false);
		moveCard(tab.doc, 'deck-autonomie', 'essentiel', 0);
		await expect.poll(() => pileOf(consultant.doc, 'deck-autonomie')).toBe('essentiel');
		expect(codes(tab)).toEqual([]);
	});

	it('a board opens with its locks in force: the whole board locked before anyone came', async () => {
		const boardId = await valuesBoard();
		await lock(boardId, 'board', true);
		expect(harness.runtime.sync.documents.has(boardId)).toBe(false);
		const beneficiary = await open(boardId, harness.beneficiary);
		moveCard(beneficiary.doc, 'deck-autonomie', 'important', 0);
		await expect.poll(() => codes(beneficiary)).toEqual([CLOSE.locked]);
		expect(await stored(boardId)).toBe(1);
	});

	it('a lock set while the board loads is in force before the first frame is read', async () => {
		const db = harness.runtime.database.db;
		const storage = createBoardStorage(db);
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const reads: Promise<unknown>[] = [];
		const server = new SyncServer({
			// The real storage, whose loads wait for the test to let them through.
			storage: {
				...storage,
				load: (id) => gate.then(() => storage.load(id)),
				locks: (ids) => {
					const read = storage.locks(ids);
					reads.push(read);
					return read;
				}
			},
			boardKinds: [testKind],
			config: readConfig({}).sync,
			fanout: createLocalFanout(),
			authorize: (requests) => authorizeBoards(db, requests),
			recordChanges: (rows) => writeBoardChanges(db, rows),
			log: () => {}
		});
		const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
		try {
			await new Promise((resolve) => wss.once('listening', resolve));
			const boardId = await harness.newBoard();
			const token = (await harness.headersFor(harness.beneficiary)).cookie!.split('=')[1]!;
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
			const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
			const closed = new Promise<number>((resolve) => ws.on('close', resolve));
			await new Promise((resolve) => ws.once('open', resolve));
			ws.send(syncUpdateFrame(updateOf((doc) => doc.getMap('items').set('t:x', 'verrouillé'))));
			// The board's locks were read as it started loading, before this one was set.
			await expect.poll(() => reads.length).toBe(1);
			await reads[0];
			await db.insert(boardLocks).values({ boardId, part: 'board' });
			const told = server.locksChanged(boardId);
			release();
			await told;
			expect(await closed).toBe(CLOSE.locked);
			expect(await stored(boardId)).toBe(1);
		} finally {
			release();
			await server.close();
			await new Promise((resolve) => wss.close(resolve));
		}
	});
});
