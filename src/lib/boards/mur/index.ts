import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { compareWall } from './compare.ts';
import { wallKind, type WallSummary } from './model.ts';
import { wallNews } from './news.ts';

/**
 * Mur du groupe: what a cohort's participants chose to share, grouped by the facilitator. No
 * synthèse proposals: conclusions stay individual, a group's wall never writes into one person's
 * synthèse.
 */
export const wallDefinition: BoardKindDefinition<WallSummary> = {
	...wallKind,
	label: (options) => m.board_kind_wall({}, options),
	view: () => import('./WallBoard.svelte'),
	compare: compareWall,
	news: wallNews
};
