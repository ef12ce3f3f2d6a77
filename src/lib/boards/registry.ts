import { actionPlanDefinition } from './action-plan/index.ts';
import { canvasDefinition } from './canvas/index.ts';
import { centresDefinition } from './centres-interet/index.ts';
import { enqueteDefinition } from './enquete-metier/index.ts';
import { ikigaiDefinition } from './ikigai/index.ts';
import type { BoardKindDefinition } from './kind.ts';
import { preparationDefinition } from './preparation/index.ts';
import { storytellingDefinition } from './storytelling/index.ts';
import { wallDefinition } from './mur/index.ts';
import { syntheseDefinition } from './synthese/index.ts';
import { timelineDefinition } from './timeline/index.ts';
import { valuesDefinition } from './values/index.ts';

/**
 * Every board kind Atelier knows, in the board form's order. A kind joins by being listed here:
 * its folder's `index.ts` gives everything else (model, label, view, comparison, synthèse
 * proposals) and its `pdf.server.ts` the section of its snapshots' PDF (`registry.test.ts` checks
 * every kind provides every part). Its label goes in `messages/*.json` (`board_kind_*`).
 */
export const boardKinds: readonly BoardKindDefinition[] = [
	preparationDefinition,
	valuesDefinition,
	ikigaiDefinition,
	timelineDefinition,
	storytellingDefinition,
	actionPlanDefinition,
	centresDefinition,
	enqueteDefinition,
	canvasDefinition,
	syntheseDefinition,
	wallDefinition
];

/** The kinds one can create from the bilan's board form (the exercises), in the form's order. */
export const exerciseKinds: readonly BoardKindDefinition[] = boardKinds.filter((k) => !k.managed);

export function findBoardKind(kind: string): BoardKindDefinition | undefined {
	return boardKinds.find((k) => k.kind === kind);
}
