import { describe, expect, it } from 'vitest';
import type { AppendRequest } from '../../src/lib/server/db/board-storage.ts';
import { MemoryBoardStorage } from '../../src/lib/server/db/memory-board-storage.ts';
import { BoardGoneError, Committer, MAX_BATCH_BYTES } from './committer.ts';
import { SyncMetrics } from './metrics.ts';

/** A storage holding boards `a`, `b` and `c`, each with its log entry 1 (their creation). */
async function storageWith<T extends MemoryBoardStorage>(storage: T): Promise<T> {
	for (const id of ['a', 'b', 'c']) {
		await storage.create({ id, bilanId: 'bilan', kind: 'test', title: id }, new Uint8Array([0]));
	}
	return storage;
}

/** A storage whose appends stay pending until the test releases them, one call at a time. */
class GatedStorage extends MemoryBoardStorage {
	readonly calls: { requests: AppendRequest[]; release(): void; fail(error: Error): void }[] = [];

	override append(requests: readonly AppendRequest[]) {
		return new Promise<Map<string, number>>((resolve, reject) => {
			this.calls.push({
				requests: [...requests],
				release: () => resolve(super.append(requests)),
				fail: reject
			});
		});
	}
}

async function gatedStorage() {
	const storage = await storageWith(new GatedStorage());
	return { storage, calls: storage.calls };
}

const update = (n: number) => new Uint8Array([n]);

function committer(storage: MemoryBoardStorage, parallel = 1) {
	return new Committer(storage, { windowMs: 0, parallel }, new SyncMetrics(), (error) => {
		throw error;
	});
}

describe('group commit', () => {
	it('commits at once from idle, and queues what arrives meanwhile into ONE next statement', async () => {
		const { storage, calls } = await gatedStorage();
		const c = committer(storage);
		const results: string[] = [];
		const record = (name: string) => (r: { seq: number } | { error: Error }) =>
			results.push('seq' in r ? `${name}@${r.seq}` : `${name}!`);
		c.enqueue('a', update(1), record('a1'));
		c.enqueue('b', update(2), record('b1'));
		await expect.poll(() => calls.length).toBe(1);
		// Both arrived in the same turn: one statement for both boards.
		expect(calls[0]!.requests.map((r) => r.boardId).sort()).toEqual(['a', 'b']);
		c.enqueue('a', update(3), record('a2'));
		c.enqueue('c', update(4), record('c1'));
		c.enqueue('a', update(5), record('a3'));
		await new Promise((resolve) => setImmediate(resolve));
		expect(calls).toHaveLength(1);
		calls[0]!.release();
		await expect.poll(() => calls.length).toBe(2);
		expect(calls[1]!.requests).toEqual([
			{ boardId: 'a', updates: [update(3), update(5)] },
			{ boardId: 'c', updates: [update(4)] }
		]);
		calls[1]!.release();
		await c.flush();
		expect(results).toEqual(['a1@2', 'b1@2', 'a2@3', 'c1@2', 'a3@4']);
	});

	it('runs transactions in parallel on distinct boards only, keeping each board in order', async () => {
		const { storage, calls } = await gatedStorage();
		const c = committer(storage, 4);
		const results: string[] = [];
		const record = (name: string) => (r: { seq: number } | { error: Error }) =>
			results.push('seq' in r ? `${name}@${r.seq}` : `${name}!`);
		c.enqueue('a', update(1), record('a1'));
		await expect.poll(() => calls.length).toBe(1);
		// `a` is held by the first transaction: a2 waits, b1 starts its own transaction now.
		c.enqueue('a', update(2), record('a2'));
		c.enqueue('b', update(3), record('b1'));
		await expect.poll(() => calls.length).toBe(2);
		expect(calls[1]!.requests).toEqual([{ boardId: 'b', updates: [update(3)] }]);
		calls[1]!.release();
		await expect.poll(() => results).toEqual(['b1@2']);
		expect(calls).toHaveLength(2);
		calls[0]!.release();
		await expect.poll(() => calls.length).toBe(3);
		expect(calls[2]!.requests).toEqual([{ boardId: 'a', updates: [update(2)] }]);
		calls[2]!.release();
		await c.flush();
		expect(results).toEqual(['b1@2', 'a1@2', 'a2@3']);
	});

	it('caps a statement in bytes too, with at least one update each, the rest following in order', async () => {
		const { storage, calls } = await gatedStorage();
		const c = committer(storage);
		const seqs: number[] = [];
		const sizes = [0.4, 0.4, 0.4, 1.5, 0.1].map((share) => Math.round(share * MAX_BATCH_BYTES));
		for (const size of sizes)
			c.enqueue('a', new Uint8Array(size), (r) => 'seq' in r && seqs.push(r.seq));
		c.enqueue('b', update(1), (r) => 'seq' in r && seqs.push(r.seq));
		await expect.poll(() => calls.length).toBe(1);
		const lengths = (call: number) =>
			calls[call]!.requests.map((r) => [r.boardId, r.updates.map((u) => u.byteLength)]);
		// a's third update does not fit: a's later ones wait behind it, b's small one goes.
		expect(lengths(0)).toEqual([
			['a', [sizes[0], sizes[1]]],
			['b', [1]]
		]);
		calls[0]!.release();
		await expect.poll(() => calls.length).toBe(2);
		expect(lengths(1)).toEqual([['a', [sizes[2]]]]);
		calls[1]!.release();
		// Larger than the cap alone: a statement of its own.
		await expect.poll(() => calls.length).toBe(3);
		expect(lengths(2)).toEqual([['a', [sizes[3]]]]);
		calls[2]!.release();
		await expect.poll(() => calls.length).toBe(4);
		expect(lengths(3)).toEqual([['a', [sizes[4]]]]);
		calls[3]!.release();
		await c.flush();
		expect(seqs).toEqual([2, 3, 2, 4, 5, 6]);
	});

	it('caps a statement at 2,000 updates, the rest following in order', async () => {
		const { storage, calls } = await gatedStorage();
		const c = committer(storage);
		const seqs: number[] = [];
		for (let i = 0; i < 2001; i++)
			c.enqueue('a', update(i % 256), (r) => 'seq' in r && seqs.push(r.seq));
		await expect.poll(() => calls.length).toBe(1);
		expect(calls[0]!.requests[0]!.updates).toHaveLength(2000);
		calls[0]!.release();
		await expect.poll(() => calls.length).toBe(2);
		expect(calls[1]!.requests[0]!.updates).toHaveLength(1);
		calls[1]!.release();
		await c.flush();
		expect(seqs).toEqual(Array.from({ length: 2001 }, (_, i) => i + 2));
	});

	it('paced: waits `pace` times as long as the last commit took, and the updates of that gap share one', async () => {
		const starts: number[] = [];
		const sizes: number[] = [];
		const ends: number[] = [];
		/** PGlite: the statement holds the thread. */
		class BlockingStorage extends MemoryBoardStorage {
			override append(requests: readonly AppendRequest[]) {
				starts.push(performance.now());
				sizes.push(requests.reduce((n, r) => n + r.updates.length, 0));
				const until = performance.now() + 20;
				while (performance.now() < until);
				ends.push(performance.now());
				return super.append(requests);
			}
		}
		const storage = await storageWith(new BlockingStorage());
		const c = new Committer(
			storage,
			{ windowMs: 0, parallel: 1, pace: 3 },
			new SyncMetrics(),
			(e) => {
				throw e;
			}
		);
		c.enqueue('a', update(1), () => {
			// Right after the first commit: these wait ~3 × 20 ms, then go in one statement.
			c.enqueue('a', update(2), () => {});
			setTimeout(() => c.enqueue('b', update(3), () => {}), 40);
		});
		await expect.poll(() => starts.length).toBe(2);
		await c.flush();
		expect(sizes).toEqual([1, 2]);
		expect(starts[1]! - ends[0]!).toBeGreaterThanOrEqual(58);
	});

	it("fails every update of a failed statement and its boards' updates queued behind it, and reports a deleted board", async () => {
		const { storage, calls } = await gatedStorage();
		const c = committer(storage);
		const results: (number | string)[] = [];
		const record = (r: { seq: number } | { error: Error }) =>
			results.push('seq' in r ? r.seq : r.error instanceof BoardGoneError ? 'gone' : 'error');
		c.enqueue('a', update(1), record);
		await expect.poll(() => calls.length).toBe(1);
		c.enqueue('a', update(2), record);
		c.enqueue('gone', update(3), record);
		calls[0]!.fail(new Error('connection lost'));
		await expect.poll(() => calls.length).toBe(2);
		expect(calls[1]!.requests.map((r) => r.boardId)).toEqual(['gone']);
		calls[1]!.release();
		await c.flush();
		expect(results).toEqual(['error', 'error', 'gone']);
	});
});
