import { m } from '../../paraglide/messages.js';
import type { BoardKindDefinition } from '../kind.ts';
import { ENQUETE_KIND } from '../enquete-metier/schema.ts';
import { actionPlanNews } from './news.ts';
import { compareActionPlan } from './compare.ts';
import { actionPlanKind, type ActionPlanSummary } from './model.ts';
import { actionsText, pistesText } from './proposals.ts';

/** Plan d’action: pistes weighed, and the actions that follow from them. */
export const actionPlanDefinition: BoardKindDefinition<ActionPlanSummary> = {
	...actionPlanKind,
	label: (options) => m.board_kind_action_plan({}, options),
	view: () => import('./ActionPlanBoard.svelte'),
	compare: compareActionPlan,
	news: actionPlanNews,
	proposals: (summary) => ({ projets: pistesText(summary), etapes: actionsText(summary) }),
	// Each piste is checked against the constraints of « Pourquoi ce bilan ? » and links to its
	// enquête métier.
	reads: ['preparation', ENQUETE_KIND]
};
