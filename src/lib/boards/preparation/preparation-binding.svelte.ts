import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import { describePreparationChanges } from './changes.ts';
import {
	addObjectif,
	moveObjectif,
	readPreparation,
	removeObjectif,
	setProblematique,
	type PreparationState,
	type ProblematiqueId
} from './model.ts';

/**
 * « Pourquoi ce bilan ? » for the views: the board as plain data and the model's operations, each
 * one local undoable change returning null or the sentence of a refusal. The rubrics are typed
 * into live (`SharedTextField`), not through here.
 */
export class PreparationBinding {
	#session: BoardSession;
	#state: DocState<PreparationState>;

	constructor(session: BoardSession) {
		this.#session = session;
		this.#state = new DocState(session, readPreparation, describePreparationChanges);
	}

	get state(): PreparationState {
		return this.#state.current;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	setProblematique(id: ProblematiqueId, on: boolean): string | null {
		return this.#session.apply((doc) => setProblematique(doc, id, on));
	}

	addObjectif(text: string): string | null {
		return this.#session.apply((doc) => {
			addObjectif(doc, text);
		});
	}

	moveObjectif(id: string, index: number): string | null {
		return this.#session.apply((doc) => moveObjectif(doc, id, index));
	}

	removeObjectif(id: string): string | null {
		return this.#session.apply((doc) => removeObjectif(doc, id));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
