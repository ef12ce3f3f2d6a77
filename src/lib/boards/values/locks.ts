import * as Y from 'yjs';
import type { LockModel } from '../kind.ts';
import { itemPart } from '../locks.ts';
import { pilesByMode, placeFor, readPileMode, UNSORTED, type Place } from './piles.ts';

/**
 * What can be locked on a values board: the deck (the cards still to sort), each pile, and the
 * top (the ranked cards). A card belongs to its place and, once ranked, to the top too: locking
 * a pile freezes its cards — none in, none out, none edited — and locking the top freezes the
 * ranking and the cards in it.
 */

const DECK = 'deck';
/** The ranking's part. */
export const TOP_PART = 'top';
const PILE = 'pile';

/** The part of a place: the deck for the cards to sort, else its pile. */
export function placePart(place: Place): string {
	return place === UNSORTED ? DECK : itemPart(PILE, place);
}

function pileParts(doc: Y.Doc): string[] {
	return pilesByMode[readPileMode(doc)].map((pile) => placePart(pile.id));
}

const knownPiles = new Set(
	Object.values(pilesByMode).flatMap((piles) => piles.map((pile) => placePart(pile.id)))
);

export const valuesLocks: LockModel = {
	parts(doc) {
		return [
			{ part: DECK, label: 'Le paquet de cartes' },
			...pilesByMode[readPileMode(doc)].map((pile) => ({
				part: placePart(pile.id),
				label: `Pile ${pile.label}`
			})),
			{ part: TOP_PART, label: 'Le classement' }
		];
	},
	partsOf(doc, root, key) {
		// Switching between five and three piles moves every sorted card.
		if (root === 'meta') return pileParts(doc);
		if (root !== 'cards') return [];
		const card = doc.getMap<unknown>('cards').get(key);
		if (!(card instanceof Y.Map)) return [];
		const place = placePart(placeFor(card.get('pile'), readPileMode(doc)));
		return typeof card.get('top') === 'string' ? [place, TOP_PART] : [place];
	},
	isPart(part) {
		return part === DECK || part === TOP_PART || knownPiles.has(part);
	}
};
