import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { canvasNews } from './news.ts';
import { compareCanvas } from './compare.ts';
import { canvasKind, type CanvasSummary } from './model.ts';

/** Tableau libre: a tldraw canvas. It proposes nothing to the synthèse. */
export const canvasDefinition: BoardKindDefinition<CanvasSummary> = {
	...canvasKind,
	label: (options) => m.board_kind_free({}, options),
	// The Svelte part only: in live mode it imports the React/tldraw island itself.
	view: () => import('./CanvasBoard.svelte'),
	compare: compareCanvas,
	news: canvasNews
};
