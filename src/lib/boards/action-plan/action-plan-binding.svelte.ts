import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import {
	addAction,
	addArgument,
	addFormation,
	addPiste,
	moveAction,
	movePiste,
	readActionPlan,
	removeAction,
	removeArgument,
	removeFormation,
	removePiste,
	todayIso,
	updateAction,
	updateFormation,
	updatePiste,
	type ActionInput,
	type FormationInput,
	type ActionPlanState,
	type ArgumentSide,
	type Priority
} from './model.ts';
import { describePlanChanges } from './changes.ts';

/**
 * Plan d'action for the views: pistes and actions as plain data ("overdue" as of today) and the
 * model's operations, each one local undoable change returning null or the sentence of a refusal.
 */
export class ActionPlanBinding {
	#session: BoardSession;
	#state: DocState<ActionPlanState>;
	readonly today: string;

	constructor(session: BoardSession, today = todayIso()) {
		this.#session = session;
		this.today = today;
		this.#state = new DocState(session, (doc) => readActionPlan(doc, today), describePlanChanges);
	}

	get plan(): ActionPlanState {
		return this.#state.current;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	addPiste(title: string, priority: Priority): string | null {
		return this.#session.apply((doc) => {
			addPiste(doc, { title, priority });
		});
	}

	updatePiste(
		pisteId: string,
		patch: { title?: string; priority?: Priority; description?: string }
	): string | null {
		return this.#session.apply((doc) => updatePiste(doc, pisteId, patch));
	}

	movePiste(pisteId: string, index: number): string | null {
		return this.#session.apply((doc) => movePiste(doc, pisteId, index));
	}

	removePiste(pisteId: string): string | null {
		return this.#session.apply((doc) => removePiste(doc, pisteId));
	}

	addArgument(pisteId: string, side: ArgumentSide, text: string): string | null {
		return this.#session.apply((doc) => addArgument(doc, pisteId, side, text));
	}

	removeArgument(pisteId: string, side: ArgumentSide, index: number): string | null {
		return this.#session.apply((doc) => removeArgument(doc, pisteId, side, index));
	}

	addAction(pisteId: string, input: ActionInput): string | null {
		return this.#session.apply((doc) => {
			addAction(doc, pisteId, input);
		});
	}

	updateAction(actionId: string, patch: Partial<ActionInput>): string | null {
		return this.#session.apply((doc) => updateAction(doc, actionId, patch));
	}

	moveAction(actionId: string, pisteId: string, index: number): string | null {
		return this.#session.apply((doc) => moveAction(doc, actionId, pisteId, index));
	}

	removeAction(actionId: string): string | null {
		return this.#session.apply((doc) => removeAction(doc, actionId));
	}

	addFormation(pisteId: string, input: FormationInput): string | null {
		return this.#session.apply((doc) => {
			addFormation(doc, pisteId, input);
		});
	}

	updateFormation(formationId: string, patch: Partial<FormationInput>): string | null {
		return this.#session.apply((doc) => updateFormation(doc, formationId, patch));
	}

	removeFormation(formationId: string): string | null {
		return this.#session.apply((doc) => removeFormation(doc, formationId));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
