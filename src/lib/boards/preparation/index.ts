import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { comparePreparation } from './compare.ts';
import { preparationKind, type PreparationSummary } from './model.ts';
import { preparationNews } from './news.ts';
import { circonstancesText } from './proposals.ts';

/**
 * « Pourquoi ce bilan ? »: managed (one per bilan, created by `preparation.service.ts`), its
 * objectives on the bilan's home and at the opening of the synthèse, its constraints beside the
 * action plan.
 */
export const preparationDefinition: BoardKindDefinition<PreparationSummary> = {
	...preparationKind,
	label: (options) => m.board_kind_preparation({}, options),
	view: () => import('./PreparationBoard.svelte'),
	compare: comparePreparation,
	news: preparationNews,
	proposals: (summary) => ({ circonstances: circonstancesText(summary) })
};
