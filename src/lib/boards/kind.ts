import type * as Y from 'yjs';
import type { DocSchema } from './doc-schema.ts';

/** The Yjs shared type a root name is declared as. */
export type RootType = 'map' | 'array' | 'text' | 'xml';

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
}
