import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBilan, newOrganisation, newUser } from '../../../../tests/helpers/factories.ts';
import { openTestDatabase, testDrivers } from '../../../../tests/helpers/database.ts';
import {
	createBoardStorage,
	loadedDocument,
	type BoardStorage,
	type LoadedBoard
} from './board-storage.ts';
import { MemoryBoardStorage } from './memory-board-storage.ts';
import { boardLocks, boards } from './schema.ts';

/** A storage to test, and what the suite needs done outside its interface. */
interface Backend {
	storage: BoardStorage;
	/** A bilan new boards can belong to. */
	bilanId: string;
	/** Deletes a board (in the database, bilans and boards go without the storage). */
	remove(boardId: string): Promise<void>;
	/** Locks parts of a board (`locks.service.ts` writes them to the database). */
	lock(boardId: string, parts: string[]): Promise<void>;
	dispose(): Promise<void>;
}

function memoryBackend(): Backend {
	const storage = new MemoryBoardStorage();
	return {
		storage,
		bilanId: crypto.randomUUID(),
		async remove(boardId) {
			storage.remove(boardId);
		},
		async lock(boardId, parts) {
			storage.setLocks(boardId, parts);
		},
		async dispose() {}
	};
}

async function databaseBackend(driver: 'pglite' | 'postgres'): Promise<Backend> {
	const database = await openTestDatabase(driver);
	const org = await newOrganisation(database.db);
	const beneficiary = await newUser(database.db, 'beneficiary', org.id);
	const bilan = await newBilan(database.db, {
		organisationId: org.id,
		beneficiaryId: beneficiary.id
	});
	return {
		storage: createBoardStorage(database.db),
		bilanId: bilan.id,
		async remove(boardId) {
			await database.db.delete(boards).where(eq(boards.id, boardId));
		},
		async lock(boardId, parts) {
			await database.db.insert(boardLocks).values(parts.map((part) => ({ boardId, part })));
		},
		dispose: () => database.dispose()
	};
}

/** One suite, every backend: in memory, PGlite always, PostgreSQL when DATABASE_URL is set. */
const backends: { name: string; open(): Promise<Backend> }[] = [
	{ name: 'memory', open: async () => memoryBackend() },
	...testDrivers().map((driver) => ({
		name: driver === 'pglite' ? 'PGlite' : 'PostgreSQL',
		open: () => databaseBackend(driver)
	}))
];

describe.each(backends)('board storage on $name', ({ open }) => {
	let backend: Backend;
	let storage: BoardStorage;

	beforeAll(async () => {
		backend = await open();
		storage = backend.storage;
	});
	afterAll(() => backend?.dispose());

	/** An update inserting `text` into the `items` array, as a client would send it. */
	function edit(text: string): Uint8Array {
		const doc = new Y.Doc();
		let update: Uint8Array | undefined;
		doc.on('update', (u: Uint8Array) => (update = u));
		doc.getArray<string>('items').push([text]);
		return update!;
	}

	/** A board starting empty: its log entry 1 changes nothing. */
	async function newBoard(): Promise<string> {
		const empty = Y.encodeStateAsUpdate(new Y.Doc());
		return (
			await storage.create({ bilanId: backend.bilanId, kind: 'test', title: 'Tableau' }, empty)
		).id;
	}

	function items(loaded: Pick<LoadedBoard, 'state' | 'updates'>): string[] {
		const doc = loadedDocument(loaded);
		const result = doc.getArray<string>('items').toArray().sort();
		doc.destroy();
		return result;
	}

	it('creates a board whose log entry 1 is its initial content', async () => {
		const created = await storage.create(
			{ bilanId: backend.bilanId, kind: 'test', title: 'Premier', createdBy: null },
			edit('initial')
		);
		expect(created).toMatchObject({
			bilanId: backend.bilanId,
			kind: 'test',
			title: 'Premier',
			createdBy: null,
			lastSeq: 1
		});
		const loaded = await storage.load(created.id);
		expect(loaded.updates.map((u) => u.seq)).toEqual([1]);
		expect(items(loaded)).toEqual(['initial']);
		expect(await storage.lastSeqs([created.id])).toEqual(new Map([[created.id, 1]]));
		expect(
			(await storage.append([{ boardId: created.id, updates: [edit('x')] }])).get(created.id)
		).toBe(2);
	});

	it('reads the committed state as one update, the same before and after compaction', async () => {
		const a = await newBoard();
		await storage.append([{ boardId: a, updates: ['1', '2'].map(edit) }]);
		const before = await storage.readState(a);
		expect(before.seq).toBe(3);
		expect(items({ state: before.state, updates: [] })).toEqual(['1', '2']);
		await storage.compact(a);
		await storage.append([{ boardId: a, updates: [edit('3')] }]);
		const after = await storage.readState(a);
		expect(after.seq).toBe(4);
		expect(items({ state: after.state, updates: [] })).toEqual(['1', '2', '3']);
	});

	it('appends with contiguous sequences per board, several boards in one call', async () => {
		const a = await newBoard();
		const b = await newBoard();
		const seqs = await storage.append([
			{ boardId: a, updates: [edit('a1'), edit('a2')] },
			{ boardId: b, updates: [edit('b1')] },
			{ boardId: a, updates: [edit('a3')] }
		]);
		expect(seqs.get(a)).toBe(4);
		expect(seqs.get(b)).toBe(2);
		const again = await storage.append([{ boardId: b, updates: [edit('b2')] }]);
		expect(again.get(b)).toBe(3);

		const loadedA = await storage.load(a);
		expect(loadedA.updates.map((u) => u.seq)).toEqual([1, 2, 3, 4]);
		expect(loadedA.seq).toBe(4);
		expect(loadedA.updates[0]!.data).toBeInstanceOf(Uint8Array);
		expect(items(loadedA)).toEqual(['a1', 'a2', 'a3']);
		expect(items(await storage.load(b))).toEqual(['b1', 'b2']);
		expect(await storage.lastSeqs([a, b])).toEqual(
			new Map([
				[a, 4],
				[b, 3]
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
		expect(seqs.get(a)).toBe(2);
		expect(await storage.lastSeqs([missing])).toEqual(new Map());
	});

	it('hands out distinct sequences to concurrent appends on one board', async () => {
		const a = await newBoard();
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				storage.append([{ boardId: a, updates: [edit(`c${i}`)] }])
			)
		);
		expect(results.map((r) => r.get(a)).sort((x, y) => x! - y!)).toEqual(
			Array.from({ length: 20 }, (_, i) => i + 2)
		);
		const loaded = await storage.load(a);
		expect(loaded.updates.map((u) => u.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
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
			// Each append got the 2 sequences ending at its result: with entry 1, 1…n without a hole.
			const seqs = [1, ...lasts.flatMap((last) => [last - 1, last])].sort((x, y) => x - y);
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
		expect(result).toMatchObject({ seq: 5, merged: 5 });
		const loaded = await storage.load(a);
		expect(loaded).toMatchObject({ stateSeq: 5, seq: 5, updates: [] });
		expect(items(loaded)).toEqual(before);
		expect(await storage.compact(a)).toMatchObject({ seq: 5, merged: 0 });

		await storage.append([{ boardId: a, updates: [edit('5')] }]);
		const after = await storage.load(a);
		expect(after.updates.map((u) => u.seq)).toEqual([6]);
		expect(items(after)).toEqual(['1', '2', '3', '4', '5']);
		expect((await storage.updatesSince(a, 5)).map((u) => u.seq)).toEqual([6]);
		expect(await storage.updatesSince(a, 6)).toEqual([]);
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
		// The whole log went into the state: no row is left, whatever its sequence.
		expect(await storage.updatesSince(a, 0)).toEqual([]);
	});

	it('reads the locked parts of several boards at once, and forgets a deleted board’s', async () => {
		const [a, b, c] = [await newBoard(), await newBoard(), await newBoard()];
		await backend.lock(a, ['board']);
		await backend.lock(b, ['pile:essentiel', 'deck']);
		const locks = await storage.locks([a, b, c]);
		expect(locks.get(a)).toEqual(['board']);
		expect([...locks.get(b)!].sort()).toEqual(['deck', 'pile:essentiel']);
		expect(locks.has(c)).toBe(false);
		expect(await storage.locks([])).toEqual(new Map());
		await backend.remove(b);
		expect((await storage.locks([a, b])).has(b)).toBe(false);
		expect((await storage.append([{ boardId: b, updates: [edit('late')] }])).has(b)).toBe(false);
	});
});
