import type { BoardStorage } from '../../src/lib/server/db/board-storage.ts';
import type { SyncMetrics } from './metrics.ts';

/**
 * Called once per enqueued update, in enqueue order among the updates of one board: the committed
 * sequence, or the failure. When a board's commit fails, its updates queued behind it fail too:
 * they may depend on what was not committed.
 */
export type CommitCallback = (result: { seq: number } | { error: Error }) => void;

/** The board was deleted while an update for it was on its way. */
export class BoardGoneError extends Error {
	readonly reason = 'board_gone';
}

/** Updates per statement at most: bounds its arrays and how long it holds its boards' rows. */
const MAX_BATCH = 2000;

/**
 * Bytes of updates per statement at most (a statement holds at least one update, whatever its
 * size). The batch travels as ONE `bytea` parameter, copied on its way (concatenated here, sent by
 * the driver or cloned to PGlite's worker and into its memory, then split by the function), and
 * PostgreSQL refuses a value over 1 GB: 2,000 updates near `SYNC_MAX_FRAME_BYTES` (1 MiB) would fail
 * every board of the batch, and their clients' resend would fail again.
 */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * The longest rest `pace` imposes: a commit slowed by something else (a stall of the machine, a
 * compaction or a page's query ahead of it in PGlite's queue) must not hold the next one back
 * `pace` times as long — the writers' acks wait for it.
 */
const MAX_PACE_MS = 100;

interface Pending {
	boardId: string;
	update: Uint8Array;
	done: CommitCallback;
}

/**
 * Group commit, the classic way, with no fixed delay: an update starts a commit on the next turn
 * of the event loop (`setImmediate`, so every frame read in that turn joins it); while a
 * transaction runs, updates queue up, and all of them go in the NEXT single statement on the turn
 * after it ends. Under light load an update waits for one commit; under heavy load batches grow by
 * themselves and the commit rate stays bounded. `windowMs` > 0 waits that long before each commit
 * instead (fewer, larger transactions, for slow disks).
 *
 * With `parallel` > 1 (PostgreSQL: a pool of connections, commits share the WAL flush), up to that
 * many transactions run at once, but never two holding the same board: an update for a board whose
 * commit is in flight waits for it. So each board's sequences still follow arrival order on this
 * node, and a board's callbacks run in its enqueue order (acks per connection and broadcasts per
 * board keep their order; boards are independent of each other). PGlite runs one statement at a
 * time anyway: `parallel` 1 there.
 *
 * `pace`: after a commit that took d ms, the next one starts `pace` × d ms later at the earliest
 * (from idle, a commit still starts at once). A commit's cost is mostly per statement, whatever
 * the number of updates in it (PGlite: parsing, its protocol, the worker's messages, ~2–4 ms of CPU
 * for 1 or 28 updates; PostgreSQL: the driver's work on this thread), so under load the pace sets
 * how much of the process the commits take while the updates of the gap share one statement.
 * Peers on this node do not wait for it (an update is broadcast before its commit); the writer's
 * ack and other nodes do. The rest is capped (`MAX_PACE_MS`). Figures in `server/runtime.ts`.
 */
export class Committer {
	#storage: BoardStorage;
	#windowMs: number;
	#pace: number;
	/** End and duration of the last commit (`pace`). */
	#lastEnd = 0;
	#lastDuration = 0;
	#parallel: number;
	#metrics: SyncMetrics;
	#queue: Pending[] = [];
	#timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | undefined;
	/** Transactions in flight, and the boards they hold. */
	#running = new Set<Promise<void>>();
	#busyBoards = new Set<string>();
	#onCallbackError: (error: unknown) => void;

	constructor(
		storage: BoardStorage,
		options: { windowMs: number; parallel: number; pace?: number },
		metrics: SyncMetrics,
		onCallbackError: (error: unknown) => void
	) {
		this.#storage = storage;
		this.#windowMs = options.windowMs;
		this.#pace = options.pace ?? 0;
		this.#parallel = Math.max(1, options.parallel);
		this.#metrics = metrics;
		this.#onCallbackError = onCallbackError;
	}

	enqueue(boardId: string, update: Uint8Array, done: CommitCallback): void {
		this.#queue.push({ boardId, update, done });
		this.#schedule();
	}

	/** Resolves once everything enqueued so far has been committed (or failed). */
	async flush(): Promise<void> {
		while (this.#queue.length > 0 || this.#running.size > 0 || this.#timer) {
			if (this.#timer) {
				this.#cancelTimer();
				this.#pump();
			}
			await Promise.all(this.#running);
		}
	}

	#schedule(): void {
		if (this.#timer || this.#running.size >= this.#parallel || this.#queue.length === 0) return;
		let wait = this.#windowMs;
		if (this.#pace > 0) {
			const rest = Math.min(this.#pace * this.#lastDuration, MAX_PACE_MS);
			wait += Math.max(0, this.#lastEnd + rest - performance.now());
		}
		this.#timer =
			wait >= 1 ? setTimeout(() => this.#fire(), wait) : setImmediate(() => this.#fire());
	}

	#fire(): void {
		this.#timer = undefined;
		this.#pump();
	}

	#cancelTimer(): void {
		// A Timeout and an Immediate are both cleared by their own function only.
		clearTimeout(this.#timer as ReturnType<typeof setTimeout>);
		clearImmediate(this.#timer as ReturnType<typeof setImmediate>);
		this.#timer = undefined;
	}

	/** Starts transactions with the queued updates whose board is free, while slots are free. */
	#pump(): void {
		while (this.#running.size < this.#parallel && this.#queue.length > 0) {
			const batch: Pending[] = [];
			const waiting: Pending[] = [];
			// Once a board has an update left waiting, its later updates wait too (order).
			const held = new Set(this.#busyBoards);
			let bytes = 0;
			for (const item of this.#queue) {
				const fits =
					batch.length === 0 ||
					(batch.length < MAX_BATCH && bytes + item.update.byteLength <= MAX_BATCH_BYTES);
				if (fits && !held.has(item.boardId)) {
					batch.push(item);
					bytes += item.update.byteLength;
				} else {
					waiting.push(item);
					held.add(item.boardId);
				}
			}
			if (batch.length === 0) return;
			this.#queue = waiting;
			this.#start(batch);
		}
	}

	#start(batch: Pending[]): void {
		const boards = new Set(batch.map((item) => item.boardId));
		for (const id of boards) this.#busyBoards.add(id);
		const running: Promise<void> = this.#commit(batch).finally(() => {
			for (const id of boards) this.#busyBoards.delete(id);
			this.#running.delete(running);
			// What queued meanwhile goes in the next transaction, after one turn of the event loop:
			// frames that arrived during the commit but are still unread join it too, so batches grow
			// with the load.
			this.#schedule();
		});
		this.#running.add(running);
	}

	async #commit(batch: Pending[]): Promise<void> {
		const byBoard = new Map<string, Uint8Array[]>();
		for (const item of batch) {
			const list = byBoard.get(item.boardId) ?? [];
			list.push(item.update);
			byBoard.set(item.boardId, list);
		}
		const started = performance.now();
		let lastSeqs: Map<string, number>;
		try {
			lastSeqs = await this.#storage.append(
				[...byBoard].map(([boardId, updates]) => ({ boardId, updates }))
			);
		} catch (cause) {
			this.#metrics.commits.inc({ outcome: 'error' });
			const error = cause instanceof Error ? cause : new Error(String(cause));
			// A board's later updates may build on the failed ones: they are not committed either.
			const failed = new Set(byBoard.keys());
			const behind = this.#queue.filter((item) => failed.has(item.boardId));
			this.#queue = this.#queue.filter((item) => !failed.has(item.boardId));
			for (const item of [...batch, ...behind]) this.#call(item, { error });
			return;
		}
		this.#metrics.commits.inc({ outcome: 'ok' });
		this.#lastEnd = performance.now();
		this.#lastDuration = this.#lastEnd - started;
		this.#metrics.commitSeconds.observe(this.#lastDuration / 1000);
		// The k updates of a board got the k sequences ending at its last sequence, in batch order.
		const next = new Map<string, number>();
		for (const [boardId, updates] of byBoard) {
			const last = lastSeqs.get(boardId);
			if (last !== undefined) next.set(boardId, last - updates.length + 1);
		}
		for (const item of batch) {
			const seq = next.get(item.boardId);
			if (seq === undefined) {
				this.#call(item, {
					error: new BoardGoneError(`board ${item.boardId} no longer exists`)
				});
				continue;
			}
			next.set(item.boardId, seq + 1);
			this.#metrics.updatesCommitted.inc();
			this.#metrics.updateBytes.inc({}, item.update.byteLength);
			this.#call(item, { seq });
		}
	}

	/** One failing callback must not keep the rest of the batch from its acks. */
	#call(item: Pending, result: Parameters<CommitCallback>[0]): void {
		try {
			item.done(result);
		} catch (error) {
			this.#onCallbackError(error);
		}
	}
}
