import type { Component } from 'svelte';
import type * as Y from 'yjs';
import type { NewsModel } from './changes-since.ts';
import type { DocSchema } from './doc-schema.ts';
import type { SyntheseTexts } from './synthese/model.ts';
import type { BoardViewProps } from './view-props.ts';

/**
 * The model of a board kind (its folder's `model.ts`): plain TypeScript, what the sync server
 * needs. The sync server refuses updates that `schema` refuses; the record stores `summarize`.
 */
export interface BoardKind<Summary = unknown> {
	/** Stable identifier stored in `boards.kind` and used in the API (`"values"`, `"ikigai"`…). */
	kind: string;
	/**
	 * The version of the document's format, a positive integer: raised when the model starts
	 * writing something a client built before would not read or write right. A page sends the
	 * version it was built with when it connects; the sync server closes an older one with
	 * `CLOSE.outdated` (reload), see `server/CONTEXT.md`.
	 */
	version: number;
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
}

/**
 * Everything Atelier knows of a board kind, exported by its folder's `index.ts` and listed once in
 * `registry.ts`: the model, plus what the pages, the record and the synthèse take from it. Its PDF
 * section is server-only, so it sits beside it in `pdf.server.ts` (`pdf-snapshot.ts`).
 */
export interface BoardKindDefinition<Summary = unknown> extends BoardKind<Summary> {
	/** Its name as people say it (`board_kind_*` messages), in the page's language or `locale`'s. */
	label(options?: { locale?: 'fr' | 'en' }): string;
	/** Its view, loaded only when a board of the kind opens: each kind stays in its own chunk. */
	view(): Promise<{ default: Component<BoardViewProps> }>;
	/** What changed from one summary to another, in words; empty when nothing did. */
	compare(before: Summary, after: Summary): string[];
	/** How « nouveautés » speak of its entries (what others changed since one's last visit). */
	news: NewsModel;
	/**
	 * Texts proposed for the synthèse's sections from the newest summary of this kind (`prefill.ts`
	 * joins them, kind by kind in the registry's order). Without it, the kind proposes nothing.
	 */
	proposals?(summary: Summary): Partial<SyntheseTexts>;
	/**
	 * True for a kind a bilan holds one board of per subject (an enquête métier per piste): the
	 * newest snapshot of each of its boards proposes (the oldest snapshot first), not only the kind's.
	 */
	everyBoard?: boolean;
	/**
	 * The kinds whose boards of the same bilan its view shows beside its own, as they are now (the
	 * action plan shows the préparation's constraints and its pistes' enquêtes): the board page
	 * hands what they tell it to the view (`BoardViewProps.related`), the kind's `relate` or, for
	 * a kind without, the summary of the bilan's board of that kind.
	 */
	reads?: readonly string[];
	/**
	 * For a kind with a board per subject (`everyBoard`) that others read: what one of its boards
	 * (`boardId`, its document `doc`) tells the reading board `readerId`, null when nothing. The
	 * reader gets the list of them, oldest board first. Read only what the reader needs.
	 */
	relate?(doc: Y.Doc, boardId: string, readerId: string): unknown;
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
