import { m } from '../../paraglide/messages.js';
import type { ValueCard, ValuesBoardState } from './model.ts';
import { UNSORTED, type Place } from './piles.ts';

const placeLabels: Record<Place, () => string> = {
	[UNSORTED]: m.board_values_unsorted,
	essentiel: m.board_values_pile_essentiel,
	'tres-important': m.board_values_pile_tres_important,
	important: m.board_values_pile_important,
	'moyennement-important': m.board_values_pile_moyennement_important,
	'peu-important': m.board_values_pile_peu_important,
	'pas-important': m.board_values_pile_pas_important
};

/** The displayed name of a pile (or of the cards still to sort). */
export function placeLabel(place: Place): string {
	return placeLabels[place]();
}

/** Every card, wherever it is. */
export function allCards(board: ValuesBoardState): ValueCard[] {
	return [...board.unsorted, ...board.piles.flatMap((pile) => pile.cards)];
}

/** How many sentences one remote transaction may announce before summing up the rest. */
const MAX_SENTENCES = 3;

/** What someone else changed, as sentences for screen readers. */
export function describeValuesChanges(
	previous: ValuesBoardState,
	next: ValuesBoardState,
	author: string
): string[] {
	const before = new Map(allCards(previous).map((card) => [card.id, card]));
	const after = new Map(allCards(next).map((card) => [card.id, card]));
	const sentences: string[] = [];
	if (previous.pileMode !== next.pileMode) {
		sentences.push(m.board_values_said_mode({ author, count: next.piles.length }));
	}
	for (const [id, card] of after) {
		const old = before.get(id);
		const label = card.label;
		if (!old) sentences.push(m.board_values_said_added({ author, label }));
		else if (old.place !== card.place) {
			sentences.push(m.board_values_said_moved({ author, label, pile: placeLabel(card.place) }));
		} else if (old.rank !== card.rank) {
			sentences.push(
				card.rank === null
					? m.board_values_said_unranked({ author, label })
					: m.board_values_said_ranked({ author, label, rank: card.rank })
			);
		} else if (old.satisfaction !== card.satisfaction) {
			// Text typed by the other (label, description, why) is not announced keystroke by
			// keystroke: the field itself says who is writing in it.
			sentences.push(m.board_values_said_edited({ author, label }));
		}
	}
	for (const [id, card] of before) {
		if (!after.has(id)) sentences.push(m.board_values_said_removed({ author, label: card.label }));
	}
	if (sentences.length <= MAX_SENTENCES) return sentences;
	const rest = sentences.length - MAX_SENTENCES;
	return [...sentences.slice(0, MAX_SENTENCES), m.board_said_more({ count: rest })];
}
