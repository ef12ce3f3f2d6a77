import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { boardKinds } from '../../src/lib/boards/registry.ts';
import { serverBoardKinds } from '../../src/lib/boards/registry.server.ts';
import { CLOSE } from '../../src/lib/boards/sync-protocol.ts';
import { moveCard, readCard, readValuesBoard } from '../../src/lib/boards/values/model.ts';
import type { Place } from '../../src/lib/boards/values/piles.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import type { User } from '../../src/lib/server/db/schema.ts';
import { setBoardLock } from '../../src/lib/server/locks.service.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/database.ts';
import { freePort, redisProcess } from '../helpers/redis.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, type TestClient } from '../helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../helpers/sync-harness.ts';

/**
 * Locks across two nodes on one PostgreSQL and one Redis (our own redis-server): node A runs in
 * this process, so `setBoardLock` reaches its sync server as in the app (the registered board
 * writer), node B is the app as a process. The database poll is set to ten minutes: only the
 * fan-out can bring the lock to node B in time. Needs PostgreSQL: runs when DATABASE_URL is set.
 */
const ORIGIN = 'http://atelier.test';

describe.runIf(process.env.DATABASE_URL)('board locks, two nodes on PostgreSQL and Redis', () => {
	let databaseUrl: string;
	let redis: ReturnType<typeof redisProcess>;
	let env: Record<string, string>;
	let nodeA: SyncHarness;
	let nodeB: TestServer;
	const clients: TestClient[] = [];
	let boardId: string;

	beforeAll(async () => {
		databaseUrl = await createPostgresDatabase();
		redis = redisProcess(await freePort());
		await redis.start();
		env = {
			DATABASE_URL: databaseUrl,
			REDIS_URL: redis.url,
			ORIGIN,
			SYNC_POLL_MS: '600000'
		};
		// One after the other: the first applies the migrations.
		nodeA = await startSyncHarness(env, serverBoardKinds);
		nodeB = await startServer(env);
		const input = { kind: 'values', title: 'Mes valeurs' };
		const db = nodeA.runtime.database.db;
		boardId = (await createBoard(db, nodeA.consultant, nodeA.bilanId, input, boardKinds)).id;
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await nodeB?.stop();
		await nodeA?.close();
		await redis?.stop();
		if (databaseUrl) await dropPostgresDatabase(databaseUrl);
	});

	async function open(url: string, user: User): Promise<TestClient> {
		const { token } = await createSession(nodeA.runtime.database.db, user.id);
		const headers = { cookie: `atelier_session=${token}`, origin: ORIGIN };
		const client = connectClient(url, boardId, headers, { root: 'cards' });
		clients.push(client);
		await expect.poll(() => client.provider.synced).toBe(true);
		return client;
	}

	const lock = (part: string, locked: boolean) =>
		setBoardLock(nodeA.runtime.database.db, nodeA.consultant, boardId, part, locked);
	const pileOf = (doc: Y.Doc, cardId: string) => readCard(doc, cardId)?.place;
	const codes = (client: TestClient) => client.closes.map((close) => close.code);

	it('a pile locked through node A refuses writes on node B, before and after B restarts', async () => {
		const consultant = await open(nodeA.url, nodeA.consultant);
		const beneficiary = await open(nodeB.url, nodeA.beneficiary);
		const cards = readValuesBoard(consultant.doc).unsorted.map((card) => card.id);

		expect(await lock('pile:essentiel', true)).toEqual([{ boardId, part: 'pile:essentiel' }]);
		// Another pile stays open, on node B too, and the move reaches node A.
		const sorted = cards.pop()!;
		moveCard(beneficiary.doc, sorted, 'important', 0);
		await expect.poll(() => pileOf(consultant.doc, sorted)).toBe('important');

		/**
		 * A new tab of the beneficiary on `node` moves a fresh card to `place`: refused (4423), or
		 * accepted (node A's tab sees it there). Node B learns of a lock one Redis hop after it is
		 * set: the first tries may come before it.
		 */
		async function attempt(node: TestServer, place: Place): Promise<'refused' | 'accepted'> {
			const tab = await open(node.url, nodeA.beneficiary);
			const card = cards.pop()!;
			moveCard(tab.doc, card, place, 0);
			await vi.waitFor(
				() => expect(codes(tab).length > 0 || pileOf(consultant.doc, card) === place).toBe(true),
				{ timeout: 10_000, interval: 20 }
			);
			if (codes(tab).length === 0) return 'accepted';
			expect(codes(tab)).toEqual([CLOSE.locked]);
			expect(pileOf(consultant.doc, card)).toBe('a-trier');
			return 'refused';
		}

		await expect.poll(() => attempt(nodeB, 'essentiel')).toBe('refused');
		expect(codes(beneficiary)).toEqual([]);

		// The lock is in the database: node B reads it again when it opens the board. Node B's tabs
		// go with it (all but node A's, the first).
		for (const client of clients.splice(1)) client.destroy();
		await nodeB.stop();
		nodeB = await startServer(env);
		expect(await attempt(nodeB, 'essentiel')).toBe('refused');

		expect(await lock('pile:essentiel', false)).toEqual([]);
		await expect.poll(() => attempt(nodeB, 'essentiel')).toBe('accepted');
		expect(codes(consultant)).toEqual([]);
	});
});
