import { actionPlanKind } from './action-plan/model.ts';
import { canvasKind } from './canvas/model.ts';
import type { BoardKind } from './kind.ts';
import { ikigaiKind } from './ikigai/model.ts';
import { syntheseKind } from './synthese/model.ts';
import { timelineKind } from './timeline/model.ts';
import { valuesKind } from './values/model.ts';

/** Every board kind Atelier knows. A kind joins by being listed here. */
export const boardKinds: readonly BoardKind[] = [
	valuesKind,
	ikigaiKind,
	timelineKind,
	actionPlanKind,
	canvasKind,
	syntheseKind
];

/** The kinds one can create from the bilan's board form (the exercises), in the form's order. */
export const exerciseKinds: readonly BoardKind[] = boardKinds.filter((k) => !k.managed);

export function findBoardKind(kind: string): BoardKind | undefined {
	return boardKinds.find((k) => k.kind === kind);
}
