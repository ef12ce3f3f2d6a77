import * as s from '../doc-schema.ts';

/**
 * Centres d'intérêt. Document shape (only this root exists):
 * - `cards` (Y.Map of Y.Map, keyed `centre-<code>`): `code` (the ROME centre d'intérêt),
 *   `label` (its words when dealt, plain: nobody types into it), `pile` (a place below) and
 *   `order` (fractional key within the pile). The order of the « attire » pile is the ranking:
 *   the first attracts most.
 *
 * One nested Y.Map per card, its place a field of it, as the value cards (`values/schema.ts`):
 * two people moving one card at once leave it in exactly one pile.
 */

export const CENTRES_KIND = 'centres-interet';

export const LABEL_MAX = 120;
export const CODE_MAX = 999;

export type Place = 'a-trier' | 'attire' | 'neutre' | 'pas-pour-moi';
/** Where the cards are dealt, and the piles they are sorted into, in the board's order. */
export const places: readonly Place[] = ['a-trier', 'attire', 'neutre', 'pas-pour-moi'];
export const UNSORTED: Place = 'a-trier';
export const ATTRACTING: Place = 'attire';

/** French names of the places: the record and the synthèse are in French. */
export const placeNames: Readonly<Record<Place, string>> = {
	'a-trier': 'À trier',
	attire: 'M’attire',
	neutre: 'Neutre',
	'pas-pour-moi': 'Pas pour moi'
};

export const centresSchema = s.docSchema({
	cards: s.mapOf(
		s.map({
			code: s.integer(1, CODE_MAX),
			label: s.string(LABEL_MAX, { min: 1 }),
			pile: s.oneOf(places),
			order: s.orderKey
		})
	)
});

export interface CentreCard {
	id: string;
	code: number;
	label: string;
	place: Place;
	/** Its rank among the attracting ones (1 = attracts most), or null elsewhere. */
	rank: number | null;
}

export interface CentresBoardState {
	piles: { place: Place; cards: CentreCard[] }[];
	/** The centres dealt at first that are no longer on the board (removed), to put back. */
	removed: { code: number; label: string }[];
}
