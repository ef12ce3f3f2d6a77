import { createContext } from 'svelte';
import * as Y from 'yjs';
import { m } from '$lib/paraglide/messages';
import { LOCK_WHOLE_BOARD, type BoardLock } from '../seance/protocol.ts';
import type { BoardKind } from './kind.ts';
import { changedEntries, touchedParts } from './locks.ts';

/**
 * The locks of the board on screen, for its views: one question, « is this part locked? ». The
 * sync server refuses every change to a locked part, whoever makes it (close 4423), so a view
 * disables the controls of a locked part for everyone and shows why (`LockBadge`), and the
 * session refuses, before it is sent, any change the server would refuse (`refusal`).
 *
 * `LiveBoard` provides it (`setBoardLocks`); the kinds' components read it with `boardLocks()`,
 * which answers « nothing is locked » where no live board provides one (a snapshot, a test).
 */
export class BoardLocks {
	#boardId: string;
	#source: () => readonly BoardLock[];
	#kind: BoardKind | undefined;
	#doc: () => Y.Doc | null;
	#parts = $derived.by(() => this.#partsOfBoard());
	/** For the badge: the beneficiary reads who locked it, the consultant only that it is. */
	readonly byConsultant: boolean;

	constructor(options: {
		boardId: string;
		/** The locks of the bilan's boards (the séance's, or the page's when none is live). */
		locks: () => readonly BoardLock[];
		/** The board's kind: its lock model says which parts an entry belongs to. */
		kind?: BoardKind;
		/** The board's document, once open (entries are looked up in it). */
		doc?: () => Y.Doc | null;
		byConsultant?: boolean;
	}) {
		this.#boardId = options.boardId;
		this.#source = options.locks;
		this.#kind = options.kind;
		this.#doc = options.doc ?? (() => null);
		this.byConsultant = options.byConsultant ?? false;
	}

	/** The last parts read, kept while unchanged: the séance's state changes many times a second. */
	#last: readonly string[] = [];

	#partsOfBoard(): readonly string[] {
		const parts = this.#source()
			.filter((lock) => lock.boardId === this.#boardId)
			.map((lock) => lock.part);
		const same = parts.length === this.#last.length && parts.every((p, i) => p === this.#last[i]);
		if (!same) this.#last = parts;
		return this.#last;
	}

	/** The locked parts of this board (`LOCK_WHOLE_BOARD` among them when all of it is). */
	get parts(): readonly string[] {
		return this.#parts;
	}

	/** The whole board is locked. */
	get board(): boolean {
		return this.#parts.includes(LOCK_WHOLE_BOARD);
	}

	/** Whether `part` cannot change: locked itself, or with the whole board. */
	has(part: string): boolean {
		return this.board || this.#parts.includes(part);
	}

	/**
	 * Whether changing the entry `key` of the root `root` (a card, a note, an action…) would touch
	 * a locked part, as the sync server judges it (`LockModel.partsOf`).
	 */
	holds(root: string, key: string): boolean {
		if (this.board) return true;
		const doc = this.#doc();
		const model = this.#kind?.locks;
		if (!doc || !model || this.#parts.length === 0) return false;
		return model.partsOf(doc, root, key).some((part) => this.#parts.includes(part));
	}

	/**
	 * Why `operation` may not run: it would change a locked part, as the sync server judges it
	 * (`touchedParts`, on a copy of the board); null when it may. A copy per change, only while
	 * something is locked.
	 */
	refusal(operation: (doc: Y.Doc) => void): string | null {
		const doc = this.#doc();
		if (!doc || !this.#kind || this.#parts.length === 0) return null;
		const after = new Y.Doc();
		try {
			Y.applyUpdate(after, Y.encodeStateAsUpdate(doc));
			const changed = changedEntries(after, () => after.transact(() => operation(after)));
			const touched = touchedParts(this.#kind, doc, after, changed);
			return this.#parts.some((part) => touched.has(part)) ? m.seance_board_locked_refused() : null;
		} catch {
			// The model refused the operation: running it for real gives the person its sentence.
			return null;
		} finally {
			after.destroy();
		}
	}
}

const NO_LOCKS = new BoardLocks({ boardId: '', locks: () => [] });

const [getLocks, setLocks, hasLocks] = createContext<BoardLocks>();

export const setBoardLocks = setLocks;

/** The locks of the board this component shows (none outside a live board). */
export function boardLocks(): BoardLocks {
	return hasLocks() ? getLocks() : NO_LOCKS;
}
