import type { BoardStorage } from '../../src/lib/server/db/board-storage.ts';
import type { SyncMetrics } from './metrics.ts';

/** Called once per enqueued update, in enqueue order: the committed sequence, or the failure. */
export type CommitCallback = (result: { seq: number } | { error: Error }) => void;

/** The board was deleted while an update for it was on its way. */
export class BoardGoneError extends Error {
	readonly reason = 'board_gone';
}

interface Pending {
	boardId: string;
	update: Uint8Array;
	done: CommitCallback;
}

/**
 * Group commit: updates from every connection and every board that arrive within one window, or
 * while the previous transaction runs, are appended in ONE transaction. One transaction at a time
 * keeps each board's sequences in arrival order on this node; callbacks run synchronously in
 * enqueue order so acks and broadcasts keep that order too.
 */
export class Committer {
	#storage: BoardStorage;
	#windowMs: number;
	#metrics: SyncMetrics;
	#queue: Pending[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running: Promise<void> | undefined;

	#onCallbackError: (error: unknown) => void;

	constructor(
		storage: BoardStorage,
		windowMs: number,
		metrics: SyncMetrics,
		onCallbackError: (error: unknown) => void
	) {
		this.#storage = storage;
		this.#windowMs = windowMs;
		this.#metrics = metrics;
		this.#onCallbackError = onCallbackError;
	}

	enqueue(boardId: string, update: Uint8Array, done: CommitCallback): void {
		this.#queue.push({ boardId, update, done });
		this.#schedule();
	}

	/** Resolves once everything enqueued so far has been committed (or failed). */
	async flush(): Promise<void> {
		while (this.#queue.length > 0 || this.#running || this.#timer) {
			if (this.#timer) {
				clearTimeout(this.#timer);
				this.#timer = undefined;
				this.#start();
			}
			await this.#running;
		}
	}

	#schedule(): void {
		if (this.#timer || this.#running) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#start();
		}, this.#windowMs);
	}

	#start(): void {
		if (this.#running || this.#queue.length === 0) return;
		const batch = this.#queue;
		this.#queue = [];
		this.#running = this.#commit(batch).finally(() => {
			this.#running = undefined;
			if (this.#queue.length > 0) this.#schedule();
		});
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
			for (const item of batch) this.#call(item, { error });
			return;
		}
		this.#metrics.commits.inc({ outcome: 'ok' });
		this.#metrics.commitSeconds.observe((performance.now() - started) / 1000);
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
