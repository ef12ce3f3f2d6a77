import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { ikigaiNews } from './news.ts';
import { compareIkigai } from './compare.ts';
import { ikigaiKind, type IkigaiSummary } from './model.ts';
import { ikigaiText } from './proposals.ts';

/** Ikigai: notes in the four circles and where they meet. */
export const ikigaiDefinition: BoardKindDefinition<IkigaiSummary> = {
	...ikigaiKind,
	label: (options) => m.board_kind_ikigai({}, options),
	view: () => import('./IkigaiBoard.svelte'),
	compare: compareIkigai,
	news: ikigaiNews,
	proposals: (summary) => ({ projets: ikigaiText(summary) })
};
