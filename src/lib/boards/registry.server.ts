import { CANVAS_KIND } from './canvas/model.ts';
import { serverCanvasKind } from './canvas/records.server.ts';
import type { BoardKind } from './kind.ts';
import { boardKinds } from './registry.ts';

/**
 * The board kinds the sync server checks client updates against: the registry's, with the
 * canvas's records validated by tldraw's own schema (which the pages never load).
 */
export const serverBoardKinds: readonly BoardKind[] = boardKinds.map((kind) =>
	kind.kind === CANVAS_KIND ? serverCanvasKind : kind
);
