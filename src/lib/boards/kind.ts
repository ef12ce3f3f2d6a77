import type * as Y from 'yjs';
import type { NewsModel } from './changes-since.ts';
import type { DocSchema } from './doc-schema.ts';

/**
 * What every board kind declares (one per folder under `src/lib/boards/<kind>/`). The sync
 * server refuses updates that `schema` refuses; the record stores `summarize`.
 */
export interface BoardKind<Summary = unknown> {
	/** Stable identifier stored in `boards.kind` and used in the API (`"values"`, `"ikigai"`…). */
	kind: string;
	/** The document's roots and what they may contain (`schema.roots`: names and Yjs types). */
	schema: DocSchema;
	/**
	 * True for a kind the application creates and lists itself (the synthèse: one per bilan):
	 * never offered in the board form, never listed among the exercise boards.
	 */
	managed?: boolean;
	/** Writes the initial content of a new board (run once, on the server, at creation). */
	init(doc: Y.Doc): void;
	/** Plain JSON for the record and the synthèse. */
	summarize(doc: Y.Doc): Summary;
	/**
	 * The parts a consultant may lock on their own during a séance (`BoardLock`), besides the
	 * whole board, which every kind can lock. Without it, only the whole board.
	 */
	locks?: LockModel;
	/** How « nouveautés » speak of its entries (what others changed since one's last visit). */
	news: NewsModel;
}

/** A part of a board that can be locked, as the consultant's lock menu lists it. */
export interface LockPart {
	/** `BoardLock.part`: made of ids, never of titles, so it outlives a renaming. */
	part: string;
	/** In French: « Pile Essentiel », « Action : Contacter l’Apec »… */
	label: string;
}

/**
 * How a board kind splits into lockable parts. The sync server refuses an update when an entry it
 * changes belongs to a locked part before or after it (`touchedParts` in `locks.ts`), so a part
 * is defined by which root-level entries belong to it: a card, a note, an action…
 */
export interface LockModel {
	/** The parts the document holds now, in reading order. */
	parts(doc: Y.Doc): LockPart[];
	/**
	 * The parts the entry `key` of the root `root` belongs to in this state of `doc`: none when it
	 * does not exist (an addition is judged on the state after it, a deletion on the one before).
	 */
	partsOf(doc: Y.Doc, root: string, key: string): string[];
	/** Whether `part` names a part of this kind (its form only: the item may be gone since). */
	isPart(part: string): boolean;
}
