import { findBoardKind } from './registry.ts';

/** The display name of a board kind; the raw id for a kind this client does not know yet. */
export function kindLabel(kind: string): string {
	return findBoardKind(kind)?.label() ?? kind;
}
