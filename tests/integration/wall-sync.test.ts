import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addCluster,
	placeItem,
	readWall,
	setComment,
	wallKind
} from '../../src/lib/boards/mur/model.ts';
import { initialState } from '../../src/lib/server/boards.service.ts';
import { createBoardStorage } from '../../src/lib/server/db/board-storage.ts';
import {
	eraseWallPosts,
	postToWall,
	toggleWallVote,
	withdrawFromWall
} from '../../src/lib/server/wall.service.ts';
import { connectClient, type TestClient } from '../helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../helpers/sync-harness.ts';

/**
 * A group wall live: what participants do through the server (`wall.service.ts`, through the
 * sync server's writer) and what the facilitator does over the WebSocket meet in one board that
 * every open page sees. For now the wall is a bilan's board (its consultant facilitates, its
 * beneficiary takes part), until cohorts own theirs.
 */
describe('group wall over the sync server', () => {
	let harness: SyncHarness;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		harness = await startSyncHarness({}, [wallKind]);
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await harness?.close();
	});

	async function open(boardId: string, user: SyncHarness['consultant']): Promise<TestClient> {
		const client = connectClient(harness.url, boardId, await harness.headersFor(user));
		clients.push(client);
		await expect.poll(() => client.provider.synced).toBe(true);
		return client;
	}

	/** A new, empty wall on the harness's bilan, and the storage it is in. */
	async function newWall() {
		const db = harness.runtime.database.db;
		const storage = createBoardStorage(db);
		const { id: wall } = await storage.create(
			{ bilanId: harness.bilanId, kind: 'mur', title: 'Mur', createdBy: harness.consultant.id },
			initialState(wallKind)
		);
		return { db, storage, wall };
	}

	it('shows posts, votes and withdrawals live; the facilitator groups and comments over the socket', async () => {
		const { db, storage, wall } = await newWall();
		const facilitator = await open(wall, harness.consultant);
		const participant = await open(wall, harness.beneficiary);
		const texts = (client: TestClient) =>
			readWall(client.doc).clusters.map((c) => [c.name, c.items.map((i) => [i.text, i.votes])]);

		const item = await postToWall(
			db,
			wall,
			{ text: 'Besoin de sens', authorName: null, sourceKind: 'values' },
			harness.beneficiary.id
		);
		await expect
			.poll(() => readWall(facilitator.doc).loose.map((i) => i.text))
			.toEqual(['Besoin de sens']);

		facilitator.doc.transact(() =>
			placeItem(facilitator.doc, item, addCluster(facilitator.doc, 'Sens'))
		);
		setComment(facilitator.doc, item, 'Très partagé');
		await toggleWallVote(db, wall, item, harness.consultant.id);
		for (const client of [facilitator, participant]) {
			await expect.poll(() => texts(client)).toEqual([['Sens', [['Besoin de sens', 1]]]]);
		}
		expect(readWall(participant.doc).clusters[0]!.items[0]!.comment).toBe('Très partagé');
		// The facilitator's edits were accepted and stored, not only shown.
		await expect
			.poll(async () => {
				const stored = new Y.Doc();
				Y.applyUpdate(stored, (await storage.readState(wall)).state);
				return readWall(stored).clusters.map((c) => c.items.map((i) => i.comment));
			})
			.toEqual([['Très partagé']]);

		await withdrawFromWall(db, wall, item, harness.beneficiary.id);
		for (const client of [facilitator, participant]) {
			await expect.poll(() => readWall(client.doc).count).toBe(0);
			expect(client.closes).toEqual([]);
		}
		expect(readWall(facilitator.doc).clusters.map((c) => c.name)).toEqual(['Sens']);
	});

	it('erases a person’s posts live and compacts them out of storage; the wall goes on', async () => {
		const { db, storage, wall } = await newWall();
		const facilitator = await open(wall, harness.consultant);
		await postToWall(
			db,
			wall,
			{ text: 'Envie de liberté', authorName: 'Béa', sourceKind: 'values' },
			harness.beneficiary.id
		);
		await expect.poll(() => readWall(facilitator.doc).count).toBe(1);

		// The wall of the test above too: what they withdrew there is compacted out as well.
		expect(await eraseWallPosts(db, harness.beneficiary.id)).toContain(wall);
		await expect.poll(() => readWall(facilitator.doc).count).toBe(0);
		const loaded = await storage.load(wall);
		const bytes = [loaded.state, ...loaded.updates.map((u) => u.data)].map((data) =>
			Buffer.from(data ?? []).toString('latin1')
		);
		for (const text of ['Envie de liberté', 'Béa']) {
			const utf8 = Buffer.from(text).toString('latin1');
			expect(bytes.some((b) => b.includes(utf8))).toBe(false);
		}
		// The loaded board carries on over the compacted storage.
		addCluster(facilitator.doc, 'Après');
		await expect
			.poll(async () => {
				const stored = new Y.Doc();
				Y.applyUpdate(stored, (await storage.readState(wall)).state);
				return readWall(stored).clusters.map((c) => c.name);
			})
			.toEqual(['Après']);
		expect(facilitator.closes).toEqual([]);
	});
});
