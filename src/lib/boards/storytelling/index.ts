import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { compareStorytelling } from './compare.ts';
import { storytellingKind, type StorytellingSummary } from './model.ts';
import { storytellingNews } from './news.ts';
import { strongestText } from './proposals.ts';

/**
 * Storytelling et compétences: key moments told as stories, the compétences they show, and the
 * portefeuille that gathers them with their evidence. Its view picks moments from the timeline.
 */
export const storytellingDefinition: BoardKindDefinition<StorytellingSummary> = {
	...storytellingKind,
	label: (options) => m.board_kind_storytelling({}, options),
	view: () => import('./StorytellingBoard.svelte'),
	compare: compareStorytelling,
	news: storytellingNews,
	proposals: (summary) => ({ competences: strongestText(summary) }),
	reads: ['timeline']
};
