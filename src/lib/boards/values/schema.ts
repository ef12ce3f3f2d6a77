import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import { sharedText } from '../model-kit.ts';
import type { TextField } from '../text-field.ts';
import {
	UNSORTED,
	pileModes,
	pilesByMode,
	type PileId,
	type PileMode,
	type Place
} from './piles.ts';

/**
 * Cartes de valeurs. Document shape (only these roots exist):
 * - `meta` (Y.Map): `pileMode` ('five' | 'three').
 * - `cards` (Y.Map of Y.Map, keyed by card id): `label`, `description`, `origin` ('deck' |
 *   'custom'), `addedBy`, `pile` (a pile id or 'a-trier'), `order` (fractional key within the
 *   pile), `top` (fractional key in the ranking, or null), `why`, `satisfaction` (0..10 or null).
 *   `label`, `description` and `why` are Y.Text, typed into live by both people.
 *
 * One nested Y.Map per card, one field per property: a card's pile and position are fields of
 * that card, so two people moving it at once end with the card in exactly one pile (last writer
 * wins), and someone writing "pourquoi" while the other moves the card loses nothing.
 */

export const VALUES_KIND = 'values';

export const LABEL_MAX = 60;
export const DESCRIPTION_MAX = 300;
export const WHY_MAX = 1000;
export const MAX_CARDS = 150;
export const TOP_MIN = 5;
export const TOP_MAX = 10;
export const SATISFACTION_MAX = 10;

export type CardOrigin = 'deck' | 'custom';
export type CardAuthor = 'consultant' | 'beneficiaire';
export const cardAuthors: readonly CardAuthor[] = ['consultant', 'beneficiaire'];

/** Every place a card can be in, whatever the pile variant. */
const allPlaces: readonly Place[] = [
	UNSORTED,
	...new Set(pileModes.flatMap((mode) => pilesByMode[mode].map((pile) => pile.id)))
];

export const valuesSchema = s.docSchema({
	meta: s.map({ pileMode: s.oneOf(pileModes) }),
	cards: s.mapOf(
		s.map({
			label: s.text(LABEL_MAX),
			description: s.text(DESCRIPTION_MAX),
			origin: s.oneOf(['deck', 'custom']),
			addedBy: s.nullable(s.oneOf(cardAuthors)),
			pile: s.oneOf(allPlaces),
			order: s.orderKey,
			top: s.nullable(s.orderKey),
			why: s.text(WHY_MAX),
			satisfaction: s.nullable(s.integer(0, SATISFACTION_MAX))
		})
	)
});

export interface ValueCard {
	id: string;
	label: string;
	description: string;
	origin: CardOrigin;
	addedBy: CardAuthor | null;
	place: Place;
	/** Rank in the top (1 = most important), or null when not ranked. */
	rank: number | null;
	why: string;
	satisfaction: number | null;
}

export interface RankedValue {
	rank: number;
	card: ValueCard;
	/** Importance on the satisfaction scale: rank 1 → 10, rank 10 → 1. */
	importance: number;
	/** importance − satisfaction (positive: matters more than it is lived today); null if unrated. */
	gap: number | null;
}

export interface ValuesPile {
	id: PileId;
	label: string;
	cards: ValueCard[];
}

export interface ValuesBoardState {
	pileMode: PileMode;
	unsorted: ValueCard[];
	piles: ValuesPile[];
	top: RankedValue[];
}

/** The free-text fields of a card, typed into live. */
type CardTextKey = 'label' | 'description' | 'why';

const cardTextMax: Record<CardTextKey, number> = {
	label: LABEL_MAX,
	description: DESCRIPTION_MAX,
	why: WHY_MAX
};

function cardTextField(cardId: string, key: CardTextKey): TextField {
	return {
		key: `cards/${cardId}/${key}`,
		max: cardTextMax[key],
		locate(doc) {
			const card = doc.getMap<unknown>('cards').get(cardId);
			return card instanceof Y.Map ? sharedText(card as Y.Map<unknown>, key) : null;
		}
	};
}

/** A card's label as a text field typed into live (`SharedTextField`). */
export function cardLabelField(cardId: string): TextField {
	return cardTextField(cardId, 'label');
}

/** A card's description as a text field typed into live. */
export function cardDescriptionField(cardId: string): TextField {
	return cardTextField(cardId, 'description');
}

/** A card's "pourquoi c'est important pour moi" as a text field typed into live. */
export function cardWhyField(cardId: string): TextField {
	return cardTextField(cardId, 'why');
}
