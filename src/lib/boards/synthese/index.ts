import { m } from '../../paraglide/messages.js';
import { contentChanged } from '../compare-kit.ts';
import type { BoardKindDefinition } from '../kind.ts';
import { syntheseKind, syntheseSections, type SyntheseSummary } from './model.ts';

/**
 * The document de synthèse: managed (one per bilan, created by its service). Its snapshots open
 * with the board page's machinery like any other kind's.
 */
export const syntheseDefinition: BoardKindDefinition<SyntheseSummary> = {
	...syntheseKind,
	label: (options) => m.board_kind_synthese({}, options),
	view: () => import('./SyntheseBoard.svelte'),
	compare: contentChanged,
	// Each section is a root text: a change is to the section.
	news: {
		placement: [],
		describe: (_doc, root) =>
			m.news_entry_section({
				name: syntheseSections.find((section) => section.id === root)?.label ?? root
			})
	}
};
