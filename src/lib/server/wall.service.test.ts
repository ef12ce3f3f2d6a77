import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { schemaViolations } from '../../../tests/helpers/yjs-peers.ts';
import type { BoardKind } from '../boards/kind.ts';
import { readWall, wallKind, wallSchema } from '../boards/mur/model.ts';
import { findBoardKind } from '../boards/registry.ts';
import { ValidationError } from './bilans.validation.ts';
import { initialState } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { boardChanges, wallPosts } from './db/schema.ts';
import {
	POSTS_PER_MINUTE,
	TOGGLES_BURST,
	WallError,
	memberKey,
	ownWallItems,
	postToWall,
	toggleWallReaction,
	toggleWallVote,
	withdrawFromWall
} from './wall.service.ts';

/** How a wall call ended: 'resolved', or the reason of its refusal. */
function outcome(promise: Promise<unknown>): Promise<string> {
	return promise.then(
		() => 'resolved',
		(error: unknown) =>
			error instanceof WallError || error instanceof ValidationError ? error.reason : String(error)
	);
}

describe.each(testDrivers())('group wall service on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	/** Wall boards (whoever owns them: the callers decide who may take part) and three people. */
	async function world() {
		const db = database.db;
		const { org, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const storage = createBoardStorage(db);
		const board = async (kind: BoardKind) =>
			(
				await storage.create(
					{ bilanId: bilan.id, kind: kind.kind, title: 'Mur', createdBy: consultant.id },
					initialState(kind)
				)
			).id;
		const wall = await board(wallKind);
		const other = await board(wallKind);
		const values = await board(findBoardKind('values')!);
		const bruno = await newUser(db, 'beneficiary', org.id);
		const chloe = await newUser(db, 'beneficiary', org.id);
		const read = async (id = wall) => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, (await storage.readState(id)).state);
			return doc;
		};
		return { db, storage, wall, other, values, ana: beneficiary, bruno, chloe, read };
	}

	it('posts named and anonymous items; the board and its change log never say who posted', async () => {
		const w = await world();
		const named = await postToWall(
			w.db,
			w.wall,
			{ text: 'Besoin de sens', authorName: 'Ana', sourceKind: 'values' },
			w.ana.id
		);
		const hidden = await postToWall(
			w.db,
			w.wall,
			{ text: 'Peur de changer', authorName: null, sourceKind: 'ikigai' },
			w.bruno.id
		);
		const doc = await w.read();
		expect(readWall(doc).loose.map((i) => [i.id, i.text, i.author, i.sourceKind])).toEqual([
			[named, 'Besoin de sens', 'Ana', 'values'],
			[hidden, 'Peur de changer', null, 'ikigai']
		]);
		const changes = await w.db.select().from(boardChanges).where(eq(boardChanges.boardId, w.wall));
		expect(changes.length).toBeGreaterThanOrEqual(2);
		expect(changes.every((change) => change.userId === null)).toBe(true);
		expect(await ownWallItems(w.db, w.wall, w.bruno.id)).toEqual([hidden]);
		// What the server wrote, the sync server's schema accepts.
		const loaded = await w.storage.load(w.wall);
		const updates = loaded.updates.map((u) => u.data);
		expect(schemaViolations(wallSchema, new Uint8Array([0, 0]), updates)).toEqual([]);
	});

	it('lets its poster alone withdraw an item, with its votes and reactions', async () => {
		const w = await world();
		const post = (text: string) =>
			postToWall(w.db, w.wall, { text, authorName: null, sourceKind: 'values' }, w.ana.id);
		const item = await post('Retirée');
		const kept = await post('Gardée');
		await toggleWallVote(w.db, w.wall, item, w.bruno.id);
		await toggleWallReaction(w.db, w.wall, item, 'idee', w.chloe.id);
		expect(await outcome(withdrawFromWall(w.db, w.wall, item, w.bruno.id))).toBe('not_yours');
		expect(await outcome(withdrawFromWall(w.db, w.other, item, w.ana.id))).toBe('not_found');
		await withdrawFromWall(w.db, w.wall, item, w.ana.id);
		expect(readWall(await w.read()).loose.map((i) => i.id)).toEqual([kept]);
		expect(await outcome(withdrawFromWall(w.db, w.wall, item, w.ana.id))).toBe('not_found');
		expect(await outcome(toggleWallVote(w.db, w.wall, item, w.bruno.id))).toBe('not_found');
		expect(await ownWallItems(w.db, w.wall, w.ana.id)).toEqual([kept]);
	});

	it('counts one +1 and one reaction of a kind per person, under keys that name nobody', async () => {
		const w = await world();
		const item = await postToWall(
			w.db,
			w.wall,
			{ text: 'Liberté', authorName: 'Ana', sourceKind: 'values' },
			w.ana.id
		);
		expect(await toggleWallVote(w.db, w.wall, item, w.bruno.id)).toBe(true);
		expect(await toggleWallVote(w.db, w.wall, item, w.chloe.id)).toBe(true);
		expect(await toggleWallVote(w.db, w.wall, item, w.bruno.id)).toBe(false);
		expect(await toggleWallReaction(w.db, w.wall, item, 'bravo', w.bruno.id)).toBe(true);
		const brunoKey = await memberKey(w.db, w.wall, w.bruno.id);
		const chloeKey = await memberKey(w.db, w.wall, w.chloe.id);
		const [seen] = readWall(await w.read(), chloeKey).loose;
		expect(seen).toMatchObject({ votes: 1, voted: true });
		expect(seen!.reactions.find((r) => r.id === 'bravo')).toEqual({
			id: 'bravo',
			count: 1,
			mine: false
		});
		// A key is the same for a person on a wall, another on another wall, and says nothing.
		expect(await memberKey(w.db, w.wall, w.bruno.id)).toBe(brunoKey);
		expect(await memberKey(w.db, w.other, w.bruno.id)).not.toBe(brunoKey);
		const stored = Buffer.from((await w.storage.readState(w.wall)).state).toString('latin1');
		for (const user of [w.bruno, w.chloe]) expect(stored).not.toContain(user.id);
	});

	it('refuses bad input, unknown walls and reactions, and a poster going too fast', async () => {
		const w = await world();
		const post = (input: Record<string, unknown>, board = w.wall) =>
			outcome(
				postToWall(
					w.db,
					board,
					{ text: 'Oui', authorName: null, sourceKind: 'values', ...input },
					w.chloe.id
				)
			);
		expect(await post({ text: 'x'.repeat(501) })).toBe('invalid');
		expect(await post({ text: '   ' })).toBe('invalid');
		expect(await post({ authorName: 42 })).toBe('invalid');
		expect(await post({ sourceKind: 'tableau-magique' })).toBe('invalid');
		expect(await post({}, w.values)).toBe('not_found');
		expect(await post({}, 'pas-un-id')).toBe('not_found');
		const item = await postToWall(
			w.db,
			w.wall,
			{ text: 'Une', authorName: null, sourceKind: 'values' },
			w.bruno.id
		);
		expect(await outcome(toggleWallReaction(w.db, w.wall, item, 'feu', w.bruno.id))).toBe(
			'invalid'
		);
		for (let i = 0; i < POSTS_PER_MINUTE; i++)
			expect(await post({ text: `n° ${i}` })).toBe('resolved');
		expect(await post({ text: 'Une de trop' })).toBe('too_fast');
		// Votes and reactions too have a pace: a burst, then a few seconds between them (the
		// bucket refills while the burst is written: a slow machine gets a little more).
		let given = 0;
		let last = 'resolved';
		while (last === 'resolved' && given < 4 * TOGGLES_BURST) {
			last = await outcome(toggleWallReaction(w.db, w.wall, item, 'bravo', w.bruno.id));
			if (last === 'resolved') given++;
		}
		expect(last).toBe('too_fast');
		expect(given).toBeGreaterThanOrEqual(TOGGLES_BURST);
		expect(await toggleWallVote(w.db, w.wall, item, w.chloe.id)).toBe(true);
		// Nothing refused was written: Bruno's post and Chloé's accepted ones only.
		expect(readWall(await w.read()).count).toBe(1 + POSTS_PER_MINUTE);
		const rows = await w.db.select().from(wallPosts).where(eq(wallPosts.boardId, w.wall));
		expect(rows).toHaveLength(1 + POSTS_PER_MINUTE);
	});
});
