import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { valuesNews } from './news.ts';
import { compareValues } from './compare.ts';
import { valuesKind, type ValuesSummary } from './model.ts';
import { valuesText } from './proposals.ts';

/** Cartes de valeurs: sort the cards into piles, rank the essential ones. */
export const valuesDefinition: BoardKindDefinition<ValuesSummary> = {
	...valuesKind,
	label: (options) => m.board_kind_values({}, options),
	view: () => import('./ValuesBoard.svelte'),
	compare: compareValues,
	news: valuesNews,
	proposals: (summary) => ({ valeurs: valuesText(summary) })
};
