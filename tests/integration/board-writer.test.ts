import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCustomCard, readValuesBoard, valuesKind } from '../../src/lib/boards/values/model.ts';
import { CLOSE } from '../../src/lib/boards/sync-protocol.ts';
import { getBoardWriter } from '../../src/lib/server/board-writer.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { createBoardStorage } from '../../src/lib/server/db/board-storage.ts';
import { restoreSnapshot, takeSnapshot } from '../../src/lib/server/snapshots.service.ts';
import { editBoard } from '../helpers/board-content.ts';
import { connectClient, itemsOf, testKind, type TestClient } from '../helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../helpers/sync-harness.ts';

/** Server-made writes (restore, destruction) reach the people who have the board open. */
describe('board writer (the sync server in this process)', () => {
	let harness: SyncHarness;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		harness = await startSyncHarness({}, [testKind, valuesKind]);
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await harness?.close();
	});

	async function open(boardId: string, root?: string): Promise<TestClient> {
		const client = connectClient(
			harness.url,
			boardId,
			await harness.headersFor(harness.beneficiary),
			root ? { root } : {}
		);
		clients.push(client);
		await expect.poll(() => client.provider.synced).toBe(true);
		return client;
	}

	/** An update adding `text` to the test kind's items, made on the committed state. */
	async function itemUpdate(boardId: string, text: string): Promise<Uint8Array> {
		const doc = new Y.Doc();
		Y.applyUpdate(
			doc,
			(await createBoardStorage(harness.runtime.database.db).readState(boardId)).state
		);
		const before = Y.encodeStateVector(doc);
		doc.getMap('items').set(`t:${text}`, text);
		return Y.encodeStateAsUpdate(doc, before);
	}

	it('commits, then broadcasts to connected clients; a board not loaded reads it at load', async () => {
		const boardId = await harness.newBoard();
		const client = await open(boardId);
		const before = (await createBoardStorage(harness.runtime.database.db).readState(boardId)).seq;
		const seq = await getBoardWriter()!.apply(
			boardId,
			await itemUpdate(boardId, 'du serveur'),
			null
		);
		expect(seq).toBe(before + 1);
		await expect.poll(() => itemsOf(client.doc)).toEqual(['du serveur']);

		const idle = await harness.newBoard();
		await getBoardWriter()!.apply(idle, await itemUpdate(idle, 'avant chargement'), null);
		expect(harness.runtime.sync.documents.has(idle)).toBe(false);
		const late = await open(idle);
		await expect.poll(() => itemsOf(late.doc)).toEqual(['avant chargement']);
	});

	it('a restore reaches a connected client as a new change', async () => {
		const db = harness.runtime.database.db;
		const board = await createBoard(
			db,
			harness.consultant,
			harness.bilanId,
			{ kind: 'values', title: 'Valeurs' },
			[valuesKind]
		);
		await editBoard(db, board.id, (doc) => void addCustomCard(doc, { label: 'Valeur de test A' }));
		const snapshot = await takeSnapshot(db, harness.beneficiary, board.id, {});
		const client = await open(board.id, 'cards');
		const labels = () =>
			readValuesBoard(client.doc)
				.unsorted.map((card) => card.label)
				.filter((label) => ['Valeur de test A', 'Valeur de test B'].includes(label));
		await editBoard(db, board.id, (doc) => void addCustomCard(doc, { label: 'Valeur de test B' }));
		await expect.poll(labels).toEqual(['Valeur de test A', 'Valeur de test B']);

		await restoreSnapshot(db, harness.consultant, snapshot.id);
		await expect.poll(labels).toEqual(['Valeur de test A']);
	});

	it('evicts deleted boards: their clients are closed for good and the board unloaded', async () => {
		const boardId = await harness.newBoard();
		const client = await open(boardId);
		getBoardWriter()!.evict([boardId]);
		await expect.poll(() => client.closes.map((close) => close.code)).toContain(CLOSE.gone);
		expect(harness.runtime.sync.documents.has(boardId)).toBe(false);
	});
});
