import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import { describeCentresChanges } from './changes.ts';
import {
	ATTRACTING,
	moveCard,
	readCentresBoard,
	removeCard,
	restoreCard,
	type CentresBoardState,
	type Place
} from './model.ts';

export { placeLabel } from './changes.ts';

/**
 * Centres d'intérêt for the views: the board as plain data and the model's operations, each one
 * local undoable change. Operations return null or the sentence explaining a refusal.
 */
export class CentresBinding {
	#session: BoardSession;
	#state: DocState<CentresBoardState>;

	constructor(session: BoardSession) {
		this.#session = session;
		this.#state = new DocState(session, readCentresBoard, describeCentresChanges);
	}

	get board(): CentresBoardState {
		return this.#state.current;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	/** The codes of the attracting centres, the one attracting most first. */
	get attracting(): number[] {
		const pile = this.board.piles.find((p) => p.place === ATTRACTING);
		return pile?.cards.map((card) => card.code) ?? [];
	}

	moveCard(cardId: string, place: Place, index: number): string | null {
		return this.#session.apply((doc) => moveCard(doc, cardId, place, index));
	}

	removeCard(cardId: string): string | null {
		return this.#session.apply((doc) => removeCard(doc, cardId));
	}

	restoreCard(code: number): string | null {
		return this.#session.apply((doc) => {
			restoreCard(doc, code);
		});
	}

	destroy(): void {
		this.#state.destroy();
	}
}
