import type { RecheckScope } from '../../src/lib/server/board-writer.ts';
import type { StoredUpdate } from '../../src/lib/server/db/board-storage.ts';

/** What a node does with what other nodes publish. */
export interface FanoutHandler {
	/** Committed updates of a board, published by another node after its commit. */
	updates(boardId: string, updates: StoredUpdate[]): void;
	/**
	 * An awareness update of a board, from a client of another node, with the id of that client's
	 * user (undefined for a removal by the node itself, as when a client leaves).
	 */
	awareness(boardId: string, update: Uint8Array, userId: string | undefined): void;
	/**
	 * Messages may have been missed (the reader started, or the link came back): check every board
	 * against the log, every connection's session and access (a missed re-check or eviction), and
	 * every board's locks.
	 */
	resync(): void;
	/** Another node ended sessions or changed access: re-check these connections now. */
	recheck(scope: RecheckScope): void;
	/** Another node destroyed these boards: close their connections and unload them. */
	evict(boardIds: readonly string[]): void;
	/** Another node changed these boards' locks: read them again. */
	locks(boardIds: readonly string[]): void;
}

/**
 * Fan-out between the nodes that hold the same board. The database stays the source of truth:
 * publishing is best effort, and a node that misses messages notices by sequence (or by polling
 * while the link is down) and reads the log; a missed re-check or eviction is made up for by
 * re-checking every connection when the link (re)starts, and by the periodic re-check; missed lock
 * changes by reading the locks again then, and at each poll.
 */
export interface Fanout {
	/** True when there are other nodes to hear from (the orchestrator then polls the database). */
	readonly multiNode: boolean;
	/** False while messages cannot be exchanged: the orchestrator polls the database more often. */
	readonly healthy: boolean;
	start(handler: FanoutHandler): void;
	publishUpdates(boardId: string, updates: StoredUpdate[]): void;
	publishAwareness(boardId: string, update: Uint8Array, userId: string | undefined): void;
	publishRecheck(scope: RecheckScope): void;
	publishEvict(boardIds: readonly string[]): void;
	publishLocks(boardIds: readonly string[]): void;
	/** Deletes what the channel still holds of these boards (destroyed: their content must go). */
	forget(boardIds: readonly string[]): void;
	close(): Promise<void>;
}

/** One node (the embedded mode, or PostgreSQL without Redis): nothing to exchange. */
export function createLocalFanout(): Fanout {
	return {
		multiNode: false,
		healthy: true,
		start() {},
		publishUpdates() {},
		publishAwareness() {},
		publishRecheck() {},
		publishEvict() {},
		publishLocks() {},
		forget() {},
		async close() {}
	};
}
