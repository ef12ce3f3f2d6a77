import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { timelineNews } from './news.ts';
import { compareTimeline } from './compare.ts';
import { timelineKind, type TimelineSummary } from './model.ts';
import { skillsText } from './proposals.ts';

/** Frise de carrière: experiences on lanes, their satisfaction (the courbe de vie), skills. */
export const timelineDefinition: BoardKindDefinition<TimelineSummary> = {
	...timelineKind,
	label: (options) => m.board_kind_timeline({}, options),
	view: () => import('./TimelineBoard.svelte'),
	compare: compareTimeline,
	news: timelineNews,
	proposals: (summary) => ({ competences: skillsText(summary) })
};
