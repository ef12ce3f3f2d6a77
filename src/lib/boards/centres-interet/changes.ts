import { m } from '../../paraglide/messages.js';
import type { CentreCard, CentresBoardState, Place } from './model.ts';

const placeLabels: Record<Place, () => string> = {
	'a-trier': m.board_centres_unsorted,
	attire: m.board_centres_attire,
	neutre: m.board_centres_neutre,
	'pas-pour-moi': m.board_centres_pas_pour_moi
};

/** The displayed name of a pile (or of the cards still to sort). */
export function placeLabel(place: Place): string {
	return placeLabels[place]();
}

function allCards(board: CentresBoardState): CentreCard[] {
	return board.piles.flatMap((pile) => pile.cards);
}

/** How many sentences one remote transaction may announce before summing up the rest. */
const MAX_SENTENCES = 3;

/** What someone else changed, as sentences for screen readers. */
export function describeCentresChanges(
	previous: CentresBoardState,
	next: CentresBoardState,
	author: string
): string[] {
	const before = new Map(allCards(previous).map((card) => [card.id, card]));
	const after = new Map(allCards(next).map((card) => [card.id, card]));
	const sentences: string[] = [];
	for (const [id, card] of after) {
		const old = before.get(id);
		const label = card.label;
		if (!old) sentences.push(m.board_values_said_added({ author, label }));
		else if (old.place !== card.place) {
			sentences.push(m.board_values_said_moved({ author, label, pile: placeLabel(card.place) }));
		} else if (old.rank !== card.rank && card.rank !== null) {
			sentences.push(m.board_values_said_ranked({ author, label, rank: card.rank }));
		}
	}
	for (const [id, card] of before) {
		if (!after.has(id)) sentences.push(m.board_values_said_removed({ author, label: card.label }));
	}
	if (sentences.length <= MAX_SENTENCES) return sentences;
	const rest = sentences.length - MAX_SENTENCES;
	return [...sentences.slice(0, MAX_SENTENCES), m.board_said_more({ count: rest })];
}
