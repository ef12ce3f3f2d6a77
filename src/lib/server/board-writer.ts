import { changeIds } from '../boards/changes-since.ts';
import { writeBoardChanges } from './db/board-changes.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';

/**
 * Which open connections to re-check at once: every connection of these users, and every
 * connection to these boards.
 */
export interface RecheckScope {
	userIds?: readonly string[];
	boardIds?: readonly string[];
}

/**
 * Server-side changes that must reach the people looking at a board: a restore from a snapshot
 * (`apply`), the destruction of a bilan's working documents (`evict`), a session ended or a
 * permission changed (`recheck`), a part of a board locked or unlocked (`locksChanged`). The sync
 * server implements it and `server/runtime.ts` registers it; the SvelteKit handlers of the same
 * process find it here.
 */
export interface BoardWriter {
	/**
	 * Commits `update` to the board's log through the sync server's durable path, then applies it
	 * to the loaded document (which broadcasts it) and publishes it to the other nodes. Resolves
	 * with the log sequence that holds it; rejects when the board no longer exists.
	 */
	apply(boardId: string, update: Uint8Array, userId: string | null): Promise<number>;
	/**
	 * Closes the connections of deleted boards (final close code) and unloads them, on every node,
	 * and removes what the fan-out still holds of them.
	 */
	evict(boardIds: readonly string[]): void;
	/**
	 * Runs the upgrade's authorization again, now, for the open connections in `scope`, on every
	 * node (a session ended, a bilan closed): those refused are closed. Resolves once this node's
	 * are checked; the other nodes hear of it through the fan-out.
	 */
	recheck(scope: RecheckScope): Promise<void>;
	/**
	 * The board's locks changed in the database (`locks.service.ts`): the sync server reads them
	 * again, on every node, and refuses the updates that touch a locked part from then on.
	 * Resolves once this node enforces them; the other nodes hear of it through the fan-out.
	 */
	locksChanged(boardId: string): Promise<void>;
}

/** The board was deleted before the update could be written. */
export class BoardGoneError extends Error {
	readonly reason = 'board_gone';
}

/*
 * Same reason as the database slot (db/index.ts): the SvelteKit bundle carries its own copy of
 * this module, so the writer lives on globalThis.
 */
const slot = Symbol.for('atelier.boardWriter');
type Slot = { [slot]?: BoardWriter };

export function registerBoardWriter(writer: BoardWriter | undefined): void {
	(globalThis as Slot)[slot] = writer;
}

/** The registered writer, or undefined when no sync server runs in this process. */
export function getBoardWriter(): BoardWriter | undefined {
	return (globalThis as Slot)[slot];
}

/**
 * After a commit that ends sessions or changes access: the open connections in `scope` are
 * checked again at once, on every node, instead of at the next periodic re-check.
 */
export async function recheckConnections(scope: RecheckScope): Promise<void> {
	await getBoardWriter()?.recheck(scope);
}

/**
 * The registered writer, or, without a sync server in this process (unit tests, scripts), one
 * that appends to the log directly: nobody is connected here, the next load reads it.
 */
export function boardWriterFor(db: Db): BoardWriter {
	const registered = getBoardWriter();
	if (registered) return registered;
	const storage = createBoardStorage(db);
	return {
		async apply(boardId, update, userId) {
			const seqs = await storage.append([{ boardId, updates: [update] }]);
			const seq = seqs.get(boardId);
			if (seq === undefined) throw new BoardGoneError(`board ${boardId} no longer exists`);
			const ids = changeIds(update);
			await writeBoardChanges(db, [
				{ boardId, fromSeq: seq, toSeq: seq, userId, at: new Date(), ids }
			]);
			return seq;
		},
		evict() {},
		async recheck() {},
		async locksChanged() {}
	};
}
