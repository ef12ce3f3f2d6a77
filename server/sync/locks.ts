import type * as Y from 'yjs';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { touchedParts, type ChangedEntries } from '../../src/lib/boards/locks.ts';

/**
 * The locked parts of one loaded board (`board_locks`), as the sync server enforces them.
 *
 * Reads of the database may end out of order (a reload asked by a lock change racing the poll's):
 * each read takes a ticket as it starts, and its result is dropped if a read that started later
 * was applied already. So once a read started after a lock was written has ended, the lock is in
 * force, whichever read applied it.
 */
export class LockedParts {
	#parts: ReadonlySet<string> = new Set();
	#started = 0;
	#applied = 0;

	/** How many parts are locked: 0 costs the write path nothing more. */
	get size(): number {
		return this.#parts.size;
	}

	/** Starts a read of the board's locks: call the function returned with what it found. */
	read(): (parts: readonly string[]) => void {
		const ticket = ++this.#started;
		return (parts) => {
			if (ticket < this.#applied) return;
			this.#applied = ticket;
			this.#parts = new Set(parts);
		};
	}

	/**
	 * The first locked part that a write changing `changed` touches (`touchedParts`), or null.
	 * `before` is the document the clients see (writes waiting for their commit included): the
	 * state the write was tried on.
	 */
	refusing(kind: BoardKind, before: Y.Doc, after: Y.Doc, changed: ChangedEntries): string | null {
		for (const part of touchedParts(kind, before, after, changed)) {
			if (this.#parts.has(part)) return part;
		}
		return null;
	}
}
