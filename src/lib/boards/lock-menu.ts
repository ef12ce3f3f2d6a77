import type * as Y from 'yjs';
import { m } from '$lib/paraglide/messages';
import { LOCK_WHOLE_BOARD } from '../seance/protocol.ts';
import type { BoardKind, LockPart } from './kind.ts';

/** What the consultant may lock on a board: all of it, then each part its kind names. */
export function lockMenu(kind: BoardKind, doc: Y.Doc): LockPart[] {
	return [
		{ part: LOCK_WHOLE_BOARD, label: m.seance_board_lock_whole_board() },
		...(kind.locks?.parts(doc) ?? [])
	];
}
