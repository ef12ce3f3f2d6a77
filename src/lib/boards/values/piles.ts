import type * as Y from 'yjs';

/** The piles of the value-card sort, in both variants, and how a card moves between variants. */

export type PileMode = 'five' | 'three';
export const pileModes: readonly PileMode[] = ['five', 'three'];

export type PileId =
	| 'essentiel'
	| 'tres-important'
	| 'important'
	| 'moyennement-important'
	| 'peu-important'
	| 'pas-important';

/** Where a card waits before it is sorted. */
export const UNSORTED = 'a-trier';
export type Place = PileId | typeof UNSORTED;

export interface PileDefinition {
	id: PileId;
	/** French label, used by the summary (the record and the synthèse are in French). */
	label: string;
}

/** Piles of each variant, from the most to the least important. */
export const pilesByMode: Readonly<Record<PileMode, readonly PileDefinition[]>> = {
	five: [
		{ id: 'essentiel', label: 'Essentiel' },
		{ id: 'tres-important', label: 'Très important' },
		{ id: 'important', label: 'Important' },
		{ id: 'peu-important', label: 'Peu important' },
		{ id: 'pas-important', label: 'Pas important' }
	],
	three: [
		{ id: 'important', label: 'Important' },
		{ id: 'moyennement-important', label: 'Moyennement important' },
		{ id: 'pas-important', label: 'Pas important' }
	]
};

/** The pile variant of a board (five piles unless its `meta` says otherwise). */
export function readPileMode(doc: Y.Doc): PileMode {
	const mode = doc.getMap<unknown>('meta').get('pileMode');
	return mode === 'three' ? 'three' : 'five';
}

/** The French label of the unsorted area. */
export const UNSORTED_LABEL = 'À trier';

/**
 * Where a card sorted in one variant lands in the other. Switching keeps the sort instead of
 * throwing it away: five → three merges the two top piles and the two bottom ones; three → five
 * puts each pile in its closest counterpart (a card that was "important" out of three becomes
 * "très important" out of five, leaving "essentiel" for the person to decide). A card whose
 * pile does not exist in either variant (hostile input) is unsorted.
 */
const pileMapping: Readonly<Record<PileMode, Readonly<Record<string, PileId>>>> = {
	three: {
		essentiel: 'important',
		'tres-important': 'important',
		important: 'moyennement-important',
		'peu-important': 'pas-important',
		'pas-important': 'pas-important'
	},
	five: {
		important: 'tres-important',
		'moyennement-important': 'important',
		'pas-important': 'pas-important'
	}
};

/** The pile a card stored in `raw` belongs to under `mode`. */
export function placeFor(raw: unknown, mode: PileMode): Place {
	if (typeof raw !== 'string' || raw === UNSORTED) return UNSORTED;
	if (pilesByMode[mode].some((pile) => pile.id === raw)) return raw as PileId;
	return pileMapping[mode][raw] ?? UNSORTED;
}

/** Rank of a place for ordering across piles (unsorted first, then from the most important). */
export function placeRank(place: Place, mode: PileMode): number {
	return place === UNSORTED ? -1 : pilesByMode[mode].findIndex((pile) => pile.id === place);
}

/** Whether `place` is the unsorted area or a pile of `mode`. */
export function isPlaceOf(place: unknown, mode: PileMode): place is Place {
	return place === UNSORTED || pilesByMode[mode].some((pile) => pile.id === place);
}

/** Where a card at `place` (under the other variant) goes when the board switches to `to`. */
export function placeAfterSwitch(place: Place, to: PileMode): Place {
	return place === UNSORTED ? UNSORTED : (pileMapping[to][place] ?? UNSORTED);
}
