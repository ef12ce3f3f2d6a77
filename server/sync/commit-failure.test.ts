import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '../../src/lib/boards/sync-protocol.ts';
import { createBoardStorage } from '../../src/lib/server/db/board-storage.ts';
import { connectClient, itemsOf, type TestClient } from '../../tests/helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../../tests/helpers/sync-harness.ts';

/**
 * A commit that fails after the peers saw its update (visible at once, durable before acked): the
 * failure is real, a trigger refusing the board's log rows.
 */
describe('sync server: a failed commit', () => {
	let harness: SyncHarness;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		harness = await startSyncHarness();
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await harness?.close();
	});

	async function client(boardId: string): Promise<TestClient> {
		const c = connectClient(harness.url, boardId, await harness.headersFor(harness.beneficiary));
		clients.push(c);
		return c;
	}

	async function storedItems(boardId: string): Promise<string[]> {
		const storage = createBoardStorage(harness.runtime.database.db);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await storage.readState(boardId)).state);
		return itemsOf(doc);
	}

	/** From now on, appending to this board's log fails (until `heal`). */
	async function breakAppends(boardId: string): Promise<() => Promise<void>> {
		const db = harness.runtime.database.db;
		await db.execute(
			sql.raw(`create function refuse_append() returns trigger language plpgsql as $$
				begin raise exception 'injected failure'; end $$`)
		);
		await db.execute(
			sql.raw(`create trigger refuse_append before insert on board_updates for each row
				when (new.board_id = '${boardId}') execute function refuse_append()`)
		);
		return async () => {
			await db.execute(sql.raw('drop trigger refuse_append on board_updates'));
			await db.execute(sql.raw('drop function refuse_append'));
		};
	}

	it('shows the update to peers at once, acks nothing, and gets it back from the clients', async () => {
		const boardId = await harness.newBoard();
		const writer = await client(boardId);
		const peer = await client(boardId);
		await expect.poll(() => writer.provider.synced && peer.provider.synced).toBe(true);
		writer.push('avant');
		await expect.poll(() => writer.acked.has('avant')).toBe(true);

		const heal = await breakAppends(boardId);
		// What the peer and the writer knew when their sockets were closed.
		let peerSawItFirst = false;
		let ackedAtClose: boolean | undefined;
		peer.provider.on('connection-close', () => {
			peerSawItFirst ||= peer.items().includes('perdu ?');
		});
		writer.provider.on('connection-close', () => (ackedAtClose ??= writer.acked.has('perdu ?')));
		writer.push('perdu ?');
		await expect.poll(() => writer.closes.map((c) => c.code)).toContain(CLOSE.unavailable);
		await expect.poll(() => peer.closes.map((c) => c.code)).toContain(CLOSE.unavailable);
		expect(peerSawItFirst).toBe(true);
		expect(ackedAtClose).toBe(false);
		expect(await storedItems(boardId)).toEqual(['avant']);

		// Storage is back: the clients' step 2 (they reconnect by themselves) brings it back.
		await heal();
		await expect.poll(() => storedItems(boardId)).toEqual(['avant', 'perdu ?']);
		peer.push('après');
		const late = await client(boardId);
		for (const c of [writer, peer, late]) {
			await expect.poll(() => c.items()).toEqual(['après', 'avant', 'perdu ?']);
		}
		await expect.poll(() => peer.acked.has('après')).toBe(true);
		expect(await storedItems(boardId)).toEqual(['après', 'avant', 'perdu ?']);
	});
});
