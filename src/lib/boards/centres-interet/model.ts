import * as Y from 'yjs';
import type { BoardKind } from '../kind.ts';
import { spreadKeys, sortOrdered } from '../fractional-index.ts';
import {
	BoardInputError,
	itemEntries,
	newItem,
	readChoice,
	requireItem,
	writePlacement
} from '../model-kit.ts';
import { centresInteret } from './centres.ts';
import {
	ATTRACTING,
	CENTRES_KIND,
	centresSchema,
	placeNames,
	places,
	UNSORTED,
	type CentreCard,
	type CentresBoardState,
	type Place
} from './schema.ts';

export * from './schema.ts';

function cardsRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('cards');
}

/** The id of a centre's card: one card per centre, so two people dealing it make one. */
export function cardIdOf(code: number): string {
	return `centre-${code}`;
}

interface RawCard {
	id: string;
	map: Y.Map<unknown>;
	place: Place;
	key: unknown;
}

function rawCards(doc: Y.Doc): RawCard[] {
	return itemEntries(cardsRoot(doc)).map(([id, map]) => ({
		id,
		map,
		place: readChoice(map, 'pile', places, UNSORTED),
		key: map.get('order')
	}));
}

function inPlace(cards: readonly RawCard[], place: Place): RawCard[] {
	return sortOrdered(cards.filter((card) => card.place === place));
}

function codeOf(map: Y.Map<unknown>): number {
	const code = map.get('code');
	return typeof code === 'number' && Number.isInteger(code) ? code : 0;
}

/** The whole board: each card in one place, the attracting ones ranked 1..n. */
export function readCentresBoard(doc: Y.Doc): CentresBoardState {
	const raw = rawCards(doc);
	const piles = places.map((place) => ({
		place,
		cards: inPlace(raw, place).map((card, i): CentreCard => ({
			id: card.id,
			code: codeOf(card.map),
			label: String(card.map.get('label') ?? '').trim() || '?',
			place,
			rank: place === ATTRACTING ? i + 1 : null
		}))
	}));
	const present = new Set(raw.map((card) => card.id));
	const removed = centresInteret
		.filter((centre) => !present.has(cardIdOf(centre.code)))
		.map(({ code, libelle }) => ({ code, label: libelle }));
	return { piles, removed };
}

function newCard(code: number, label: string, order?: string): Y.Map<unknown> {
	return newItem({ code, label, pile: UNSORTED, ...(order === undefined ? {} : { order }) });
}

/** Deals the 30 centres d'intérêt of the ROME, all to sort. Does nothing on a dealt board. */
export function initCentres(doc: Y.Doc): void {
	doc.transact(() => {
		const cards = cardsRoot(doc);
		if (cards.size > 0) return;
		const keys = spreadKeys(centresInteret.length);
		centresInteret.forEach((centre, i) => {
			cards.set(cardIdOf(centre.code), newCard(centre.code, centre.libelle, keys[i]!));
		});
	});
}

/** Puts a card in a pile at `index` among its cards (in « attire », its rank); reorders within. */
export function moveCard(doc: Y.Doc, cardId: string, place: Place, index: number): void {
	if (!Number.isFinite(index)) throw new BoardInputError('invalid', 'index');
	if (!places.includes(place)) throw new BoardInputError('invalid', 'place');
	doc.transact(() => {
		const item = requireItem(cardsRoot(doc), cardId, 'cardId');
		const siblings = inPlace(rawCards(doc), place).filter((card) => card.id !== cardId);
		writePlacement(doc, item, 'order', siblings, index);
		item.set('pile', place);
	});
}

/** Takes a centre off the board (it stays in `removed`, to put back). */
export function removeCard(doc: Y.Doc, cardId: string): void {
	doc.transact(() => {
		requireItem(cardsRoot(doc), cardId, 'cardId');
		cardsRoot(doc).delete(cardId);
	});
}

/** Puts a removed centre back, at the end of the cards to sort. */
export function restoreCard(doc: Y.Doc, code: number): string {
	const centre = centresInteret.find((c) => c.code === code);
	if (!centre) throw new BoardInputError('invalid', 'code');
	const id = cardIdOf(code);
	doc.transact(() => {
		const cards = cardsRoot(doc);
		if (cards.has(id)) throw new BoardInputError('duplicate', 'code');
		const item = newCard(code, centre.libelle);
		const siblings = inPlace(rawCards(doc), UNSORTED);
		cards.set(id, item);
		writePlacement(doc, item, 'order', siblings, siblings.length);
	});
	return id;
}

export interface CentresSummary {
	kind: 'centres-interet';
	/** The attracting centres, the one attracting most first, with their ROME code. */
	attire: { rank: number; code: number; label: string }[];
	piles: { place: Place; label: string; centres: string[] }[];
	sorted: number;
	total: number;
}

/** Plain JSON for the record and the synthèse. */
export function summarizeCentres(doc: Y.Doc): CentresSummary {
	const board = readCentresBoard(doc);
	const pile = (place: Place) => board.piles.find((p) => p.place === place)!.cards;
	const total = board.piles.reduce((sum, p) => sum + p.cards.length, 0);
	return {
		kind: CENTRES_KIND,
		attire: pile(ATTRACTING).map((card) => ({
			rank: card.rank!,
			code: card.code,
			label: card.label
		})),
		piles: board.piles.map((p) => ({
			place: p.place,
			label: placeNames[p.place],
			centres: p.cards.map((card) => card.label)
		})),
		sorted: total - pile(UNSORTED).length,
		total
	};
}

export const centresKind: BoardKind<CentresSummary> = {
	kind: CENTRES_KIND,
	version: 1,
	schema: centresSchema,
	init: initCentres,
	summarize: summarizeCentres
};
