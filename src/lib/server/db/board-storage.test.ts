import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBilan, newOrganisation, newUser } from '../../../../tests/helpers/factories.ts';
import {
	openTestDatabase,
	testDrivers,
	type DriverName,
	type TestDatabase
} from '../../../../tests/helpers/database.ts';
import { createBoardStorage, type BoardStorage, type LoadedBoard } from './board-storage.ts';
import { boardLocks, boards, boardUpdates } from './schema.ts';
import { eq } from 'drizzle-orm';

/**
 * One suite, every driver: PGlite always, PostgreSQL when DATABASE_URL is set. PGlite runs it as
 * in production (one session: the unordered append) and with the lock-ordered append PostgreSQL
 * uses, so that statement is exercised without PostgreSQL too.
 */
const setups = testDrivers().flatMap(
	(driver): { driver: DriverName; singleSession: boolean; name: string }[] =>
		driver === 'pglite'
			? [
					{ driver, singleSession: true, name: 'PGlite' },
					{ driver, singleSession: false, name: 'PGlite, lock-ordered appends' }
				]
			: [{ driver, singleSession: false, name: 'PostgreSQL' }]
);

describe.each(setups)('board storage on $name', ({ driver, singleSession }) => {
	let database: TestDatabase;
	let storage: BoardStorage;
	let bilanId: string;

	beforeAll(async () => {
		database = await openTestDatabase(driver);
		storage = createBoardStorage(database.db, { singleSession });
		const org = await newOrganisation(database.db);
		const beneficiary = await newUser(database.db, 'beneficiary', org.id);
		bilanId = (
			await newBilan(database.db, { organisationId: org.id, beneficiaryId: beneficiary.id })
		).id;
	});
	afterAll(() => database?.dispose());

	async function newBoard(): Promise<string> {
		const [board] = await database.db
			.insert(boards)
			.values({ bilanId, kind: 'test', title: 'Tableau' })
			.returning();
		return board!.id;
	}

	/** An update inserting `text` into the `items` array, as a client would send it. */
	function edit(text: string): Uint8Array {
		const doc = new Y.Doc();
		let update: Uint8Array | undefined;
		doc.on('update', (u: Uint8Array) => (update = u));
		doc.getArray<string>('items').push([text]);
		return update!;
	}

	function items(loaded: LoadedBoard): string[] {
		const doc = new Y.Doc();
		if (loaded.state) Y.applyUpdate(doc, loaded.state);
		for (const update of loaded.updates) Y.applyUpdate(doc, update.data);
		return doc.getArray<string>('items').toArray().sort();
	}

	it('appends with contiguous sequences per board, several boards in one call', async () => {
		const a = await newBoard();
		const b = await newBoard();
		const seqs = await storage.append([
			{ boardId: a, updates: [edit('a1'), edit('a2')] },
			{ boardId: b, updates: [edit('b1')] },
			{ boardId: a, updates: [edit('a3')] }
		]);
		expect(seqs.get(a)).toBe(3);
		expect(seqs.get(b)).toBe(1);
		const again = await storage.append([{ boardId: b, updates: [edit('b2')] }]);
		expect(again.get(b)).toBe(2);

		const loadedA = await storage.load(a);
		expect(loadedA.updates.map((u) => u.seq)).toEqual([1, 2, 3]);
		expect(loadedA.seq).toBe(3);
		expect(loadedA.updates[0]!.data).toBeInstanceOf(Uint8Array);
		expect(items(loadedA)).toEqual(['a1', 'a2', 'a3']);
		expect(items(await storage.load(b))).toEqual(['b1', 'b2']);
		expect(await storage.lastSeqs([a, b])).toEqual(
			new Map([
				[a, 3],
				[b, 2]
			])
		);
	});

	it('leaves out a board that does not exist without failing the others', async () => {
		const a = await newBoard();
		const missing = crypto.randomUUID();
		const seqs = await storage.append([
			{ boardId: missing, updates: [edit('x')] },
			{ boardId: a, updates: [edit('y')] }
		]);
		expect(seqs.has(missing)).toBe(false);
		expect(seqs.get(a)).toBe(1);
	});

	it('hands out distinct sequences to concurrent appends on one board', async () => {
		const a = await newBoard();
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				storage.append([{ boardId: a, updates: [edit(`c${i}`)] }])
			)
		);
		expect(results.map((r) => r.get(a)).sort((x, y) => x! - y!)).toEqual(
			Array.from({ length: 20 }, (_, i) => i + 1)
		);
		const loaded = await storage.load(a);
		expect(loaded.updates.map((u) => u.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
	});

	it('never deadlocks appends over the same boards given in opposite orders (several nodes)', async () => {
		const a = await newBoard();
		const b = await newBoard();
		const c = await newBoard();
		const orders = [
			[a, b, c],
			[c, b, a],
			[b, a],
			[c, a]
		];
		const results = await Promise.all(
			Array.from({ length: 24 }, (_, i) =>
				storage.append(
					orders[i % orders.length]!.map((boardId) => ({
						boardId,
						updates: [edit(`${i}a`), edit(`${i}b`)]
					}))
				)
			)
		);
		for (const board of [a, b, c]) {
			const lasts = results.flatMap((r) => (r.has(board) ? [r.get(board)!] : []));
			// Each append got the 2 sequences ending at its result: together, 1…n without a hole.
			const seqs = lasts.flatMap((last) => [last - 1, last]).sort((x, y) => x - y);
			expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
			const loaded = await storage.load(board);
			expect(loaded.updates.map((u) => u.seq)).toEqual(seqs);
		}
	});
	it('compacts the log into the state, and loads the same document after', async () => {
		const a = await newBoard();
		await storage.append([{ boardId: a, updates: ['1', '2', '3', '4'].map(edit) }]);
		const before = items(await storage.load(a));
		const result = await storage.compact(a);
		expect(result).toMatchObject({ seq: 4, merged: 4 });
		const loaded = await storage.load(a);
		expect(loaded).toMatchObject({ stateSeq: 4, seq: 4, updates: [] });
		expect(items(loaded)).toEqual(before);
		expect(await storage.compact(a)).toMatchObject({ seq: 4, merged: 0 });

		await storage.append([{ boardId: a, updates: [edit('5')] }]);
		const after = await storage.load(a);
		expect(after.updates.map((u) => u.seq)).toEqual([5]);
		expect(items(after)).toEqual(['1', '2', '3', '4', '5']);
		expect((await storage.updatesSince(a, 4)).map((u) => u.seq)).toEqual([5]);
		expect(await storage.updatesSince(a, 5)).toEqual([]);
	});

	it('loses no append that runs during compactions', async () => {
		const a = await newBoard();
		const written: string[] = [];
		const writer = (async () => {
			for (let i = 0; i < 40; i++) {
				written.push(`w${i}`);
				await storage.append([{ boardId: a, updates: [edit(`w${i}`)] }]);
			}
		})();
		const compactor = (async () => {
			for (let i = 0; i < 10; i++) await storage.compact(a);
		})();
		await Promise.all([writer, compactor]);
		expect(items(await storage.load(a))).toEqual([...written].sort());
		await storage.compact(a);
		expect(items(await storage.load(a))).toEqual([...written].sort());
		const rows = await database.db.select().from(boardUpdates).where(eq(boardUpdates.boardId, a));
		expect(rows).toEqual([]);
	});

	it('reads the locked parts of several boards at once, and forgets a deleted board’s', async () => {
		const [a, b, c] = [await newBoard(), await newBoard(), await newBoard()];
		await database.db.insert(boardLocks).values([
			{ boardId: a, part: 'board' },
			{ boardId: b, part: 'pile:essentiel' },
			{ boardId: b, part: 'deck' }
		]);
		const locks = await storage.locks([a, b, c]);
		expect(locks.get(a)).toEqual(['board']);
		expect([...locks.get(b)!].sort()).toEqual(['deck', 'pile:essentiel']);
		expect(locks.has(c)).toBe(false);
		expect(await storage.locks([])).toEqual(new Map());
		await database.db.delete(boards).where(eq(boards.id, b));
		expect((await storage.locks([a, b])).has(b)).toBe(false);
	});
});
