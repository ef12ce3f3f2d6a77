import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import {
	addCustomCard,
	addToTop,
	moveCard,
	moveInTop,
	readValuesBoard,
	removeCard,
	removeFromTop,
	setPileMode,
	setSatisfaction,
	setWhy,
	updateCard,
	type CardAuthor,
	type ValueCard,
	type ValuesBoardState
} from './model.ts';
import type { PileMode, Place } from './piles.ts';
import { allCards, describeValuesChanges } from './changes.ts';

export { placeLabel } from './changes.ts';

/**
 * Cartes de valeurs for the views: the board as plain data and the model's operations, each one
 * local undoable change. Operations return null or the sentence explaining a refusal.
 */
export class ValuesBinding {
	#session: BoardSession;
	#state: DocState<ValuesBoardState>;
	#author: CardAuthor;

	constructor(session: BoardSession, role: string) {
		this.#session = session;
		this.#author = role === 'beneficiary' ? 'beneficiaire' : 'consultant';
		this.#state = new DocState(session, readValuesBoard, describeValuesChanges);
	}

	get board(): ValuesBoardState {
		return this.#state.current;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	/** Every card, wherever it is. */
	get cards(): ValueCard[] {
		return allCards(this.board);
	}

	moveCard(cardId: string, place: Place, index: number): string | null {
		return this.#session.apply((doc) => moveCard(doc, cardId, place, index));
	}

	addCard(label: string, description = ''): string | null {
		const author = this.#author;
		return this.#session.apply((doc) => {
			addCustomCard(doc, { label, description, addedBy: author });
		});
	}

	updateCard(cardId: string, patch: { label?: string; description?: string }): string | null {
		return this.#session.apply((doc) => updateCard(doc, cardId, patch));
	}

	removeCard(cardId: string): string | null {
		return this.#session.apply((doc) => removeCard(doc, cardId));
	}

	setPileMode(mode: PileMode): string | null {
		return this.#session.apply((doc) => setPileMode(doc, mode));
	}

	addToTop(cardId: string, index?: number): string | null {
		return this.#session.apply((doc) => addToTop(doc, cardId, index));
	}

	moveInTop(cardId: string, index: number): string | null {
		return this.#session.apply((doc) => moveInTop(doc, cardId, index));
	}

	removeFromTop(cardId: string): string | null {
		return this.#session.apply((doc) => removeFromTop(doc, cardId));
	}

	setWhy(cardId: string, text: string): string | null {
		return this.#session.apply((doc) => setWhy(doc, cardId, text));
	}

	setSatisfaction(cardId: string, value: number | null): string | null {
		return this.#session.apply((doc) => setSatisfaction(doc, cardId, value));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
