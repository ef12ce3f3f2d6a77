import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { compareEnquete } from './compare.ts';
import { enqueteKind, enqueteOfPlan, type EnqueteSummary } from './model.ts';
import { enqueteNews } from './news.ts';
import { enqueteText } from './proposals.ts';

/** Enquête métier: questions, people met, notes of each interview, and a verdict on a piste. */
export const enqueteDefinition: BoardKindDefinition<EnqueteSummary> = {
	...enqueteKind,
	label: (options) => m.board_kind_enquete_metier({}, options),
	view: () => import('./EnqueteBoard.svelte'),
	compare: compareEnquete,
	news: enqueteNews,
	// One enquête per piste: each board's newest snapshot speaks of its own piste.
	everyBoard: true,
	// The action plan's piste cards link to their enquête and show its verdict.
	relate: enqueteOfPlan,
	proposals: (summary) => ({ projets: enqueteText(summary) })
};
