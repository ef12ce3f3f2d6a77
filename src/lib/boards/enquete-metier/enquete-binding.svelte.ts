import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import { describeEnqueteChanges } from './changes.ts';
import {
	addPerson,
	addQuestion,
	moveQuestion,
	readEnquete,
	removePerson,
	removeQuestion,
	setVerdict,
	updatePerson,
	type EnqueteState,
	type PersonInput,
	type Verdict
} from './model.ts';

/**
 * Enquête métier for the views: the board as plain data and the model's operations, each one
 * local undoable change returning null or the sentence of a refusal. Free text is typed into
 * `SharedTextField`s, which write the model's Y.Text themselves.
 */
export class EnqueteBinding {
	#session: BoardSession;
	#state: DocState<EnqueteState>;

	constructor(session: BoardSession) {
		this.#session = session;
		this.#state = new DocState(session, readEnquete, describeEnqueteChanges);
	}

	get enquete(): EnqueteState {
		return this.#state.current;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	addQuestion(text: string): string | null {
		return this.#session.apply((doc) => {
			addQuestion(doc, text);
		});
	}

	moveQuestion(id: string, index: number): string | null {
		return this.#session.apply((doc) => moveQuestion(doc, id, index));
	}

	removeQuestion(id: string): string | null {
		return this.#session.apply((doc) => removeQuestion(doc, id));
	}

	addPerson(input: PersonInput): string | null {
		return this.#session.apply((doc) => {
			addPerson(doc, input);
		});
	}

	setPersonDate(id: string, date: string | null): string | null {
		return this.#session.apply((doc) => updatePerson(doc, id, { date }));
	}

	removePerson(id: string): string | null {
		return this.#session.apply((doc) => removePerson(doc, id));
	}

	setVerdict(verdict: Verdict | null): string | null {
		return this.#session.apply((doc) => setVerdict(doc, verdict));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
