import type { BoardSession } from './session.svelte';

/** Live board (drag, canvas) or outline (lists and forms, keyboard and screen reader first). */
export type BoardViewMode = 'live' | 'outline';

/** What the board page hands every kind's view component. */
export interface BoardViewProps {
	session: BoardSession;
	boardId: string;
	/** The viewer's user id (the canvas names its tldraw user after it). */
	viewerId: string;
	mode: BoardViewMode;
	/**
	 * Images can be uploaded to the board: a bilan's board only (the asset endpoint stores them
	 * for a bilan's boards; a cohort's would be refused). Absent: none.
	 */
	imageUploads?: boolean;
	/** The viewer's role (`consultant`, `beneficiary`): some models record who added what. */
	role: string;
	/**
	 * What the bilan's boards of the kinds the kind `reads` tell it now (`BoardKindDefinition.reads`),
	 * by kind: a live summary (null when the bilan has no such board) or, for a kind that
	 * `relate`s, a list; absent where the page gives none (a snapshot).
	 */
	related?: Readonly<Record<string, unknown>>;
}
