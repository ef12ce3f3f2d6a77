import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { compareCentres } from './compare.ts';
import { centresKind, type CentresSummary } from './model.ts';
import { centresNews } from './news.ts';
import { centresText } from './proposals.ts';

/** Centres d'intérêt: sort the ROME's 30 centres, rank the attracting ones, see métiers. */
export const centresDefinition: BoardKindDefinition<CentresSummary> = {
	...centresKind,
	label: (options) => m.board_kind_centres({}, options),
	view: () => import('./CentresBoard.svelte'),
	compare: compareCentres,
	news: centresNews,
	proposals: (summary) => ({ valeurs: centresText(summary) })
};
