import * as Y from 'yjs';
import type { BoardKind } from '../kind.ts';
import { sortOrdered, spreadKeys } from '../fractional-index.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanInteger,
	cleanText,
	itemEntries,
	newId,
	newItem,
	newText,
	readChoice,
	readInteger,
	readText,
	requireItem,
	writePlacement,
	writeText
} from '../model-kit.ts';
import { defaultDeck, type DeckCard } from './deck.ts';
import {
	UNSORTED,
	UNSORTED_LABEL,
	isPlaceOf,
	pileModes,
	pilesByMode,
	placeAfterSwitch,
	placeFor,
	readPileMode,
	type PileId,
	type PileMode,
	type Place
} from './piles.ts';
import { valuesLocks } from './locks.ts';
import {
	type CardAuthor,
	cardAuthors,
	DESCRIPTION_MAX,
	LABEL_MAX,
	MAX_CARDS,
	type RankedValue,
	SATISFACTION_MAX,
	TOP_MAX,
	TOP_MIN,
	type ValueCard,
	VALUES_KIND,
	type ValuesBoardState,
	valuesSchema,
	WHY_MAX
} from './schema.ts';

// One of the model's readers, kept beside the piles so that the lock model reads it too.
export { readPileMode };

// The document shape, limits and text fields, read through the model like action-plan's.
export * from './schema.ts';

interface RawCard {
	id: string;
	map: Y.Map<unknown>;
	place: Place;
	key: unknown;
	topKey: unknown;
}

function cardsRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('cards');
}

function metaRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('meta');
}

function rawCards(doc: Y.Doc, mode: PileMode): RawCard[] {
	return itemEntries(cardsRoot(doc)).map(([id, map]) => ({
		id,
		map,
		place: placeFor(map.get('pile'), mode),
		key: map.get('order'),
		topKey: map.get('top')
	}));
}

/** Cards of the top in order, at most TOP_MAX: concurrent additions beyond it are not ranked. */
function rankedRaw(cards: readonly RawCard[]): RawCard[] {
	const ranked = cards.filter((card) => typeof card.topKey === 'string');
	return sortOrdered(ranked.map((card) => ({ ...card, key: card.topKey }))).slice(0, TOP_MAX);
}

function inPlace(cards: readonly RawCard[], place: Place): RawCard[] {
	return sortOrdered(cards.filter((card) => card.place === place));
}

function toCard(raw: RawCard, rank: number | null): ValueCard {
	const satisfaction = readInteger(raw.map, 'satisfaction', 0, SATISFACTION_MAX, null);
	const addedBy = raw.map.get('addedBy');
	return {
		id: raw.id,
		label: cardLabel(raw.map),
		description: readText(raw.map, 'description'),
		origin: readChoice(raw.map, 'origin', ['deck', 'custom'], 'custom'),
		addedBy: cardAuthors.includes(addedBy as CardAuthor) ? (addedBy as CardAuthor) : null,
		place: raw.place,
		rank,
		why: readText(raw.map, 'why'),
		satisfaction
	};
}

/**
 * A card's label as shown: two people erasing it at once may leave it empty (the model refuses
 * an empty label, concurrent edits do not ask), and a card must still be named.
 */
function cardLabel(map: Y.Map<unknown>): string {
	return readText(map, 'label').trim() || '?';
}

/** The whole board, normalised: every card in exactly one place, ranks contiguous 1..n ≤ 10. */
export function readValuesBoard(doc: Y.Doc): ValuesBoardState {
	const mode = readPileMode(doc);
	const raw = rawCards(doc, mode);
	const ranked = rankedRaw(raw);
	const ranks = new Map(ranked.map((card, i) => [card.id, i + 1]));
	const card = (r: RawCard) => toCard(r, ranks.get(r.id) ?? null);
	const top = ranked.map((r, i): RankedValue => {
		const value = card(r);
		const importance = TOP_MAX + 1 - (i + 1);
		const gap = value.satisfaction === null ? null : importance - value.satisfaction;
		return { rank: i + 1, card: value, importance, gap };
	});
	return {
		pileMode: mode,
		unsorted: inPlace(raw, UNSORTED).map(card),
		piles: pilesByMode[mode].map((pile) => ({
			id: pile.id,
			label: pile.label,
			cards: inPlace(raw, pile.id).map(card)
		})),
		top
	};
}

/** One card, or null if it does not exist. */
export function readCard(doc: Y.Doc, cardId: string): ValueCard | null {
	const board = readValuesBoard(doc);
	const all = [...board.unsorted, ...board.piles.flatMap((pile) => pile.cards)];
	return all.find((card) => card.id === cardId) ?? null;
}

/** Creates the deck (all cards to sort) and the pile variant. Does nothing if already done. */
export function initValues(
	doc: Y.Doc,
	options: { pileMode?: PileMode; deck?: readonly DeckCard[] } = {}
): void {
	const mode = cleanChoice(options.pileMode ?? 'five', 'pileMode', pileModes);
	const deck = options.deck ?? defaultDeck;
	doc.transact(() => {
		const meta = metaRoot(doc);
		if (meta.has('pileMode')) return;
		meta.set('pileMode', mode);
		const cards = cardsRoot(doc);
		const keys = spreadKeys(deck.length);
		deck.forEach((entry, i) => {
			cards.set(
				entry.id,
				newItem({
					label: newText(entry.label),
					description: newText(entry.description),
					origin: 'deck',
					addedBy: null,
					pile: UNSORTED,
					order: keys[i],
					top: null,
					why: newText(''),
					satisfaction: null
				})
			);
		});
	});
}

/**
 * Switches between five and three piles. Only while nothing is ranked yet (`not_fresh`
 * otherwise): sorted cards follow `placeAfterSwitch`, keeping their relative order (cards of
 * a more important source pile first), unsorted cards stay where they are.
 */
export function setPileMode(doc: Y.Doc, mode: PileMode): void {
	cleanChoice(mode, 'pileMode', pileModes);
	doc.transact(() => {
		const current = readPileMode(doc);
		if (current === mode) return;
		const raw = rawCards(doc, current);
		if (rankedRaw(raw).length > 0) throw new BoardInputError('not_fresh', 'pileMode');
		const targets = new Map<Place, RawCard[]>();
		for (const pile of pilesByMode[current]) {
			for (const card of inPlace(raw, pile.id)) {
				const target = placeAfterSwitch(pile.id, mode);
				targets.set(target, [...(targets.get(target) ?? []), card]);
			}
		}
		for (const [target, cards] of targets) {
			const keys = spreadKeys(cards.length);
			cards.forEach((card, i) => {
				card.map.set('pile', target);
				card.map.set('order', keys[i]);
			});
		}
		metaRoot(doc).set('pileMode', mode);
	});
}

function normalisedLabel(label: string): string {
	return label.toLocaleLowerCase('fr').normalize('NFD').replace(/\p{M}/gu, '');
}

function checkLabelFree(doc: Y.Doc, label: string, exceptId: string | null): void {
	const wanted = normalisedLabel(label);
	for (const [id, map] of itemEntries(cardsRoot(doc))) {
		if (id !== exceptId && normalisedLabel(readText(map, 'label').trim()) === wanted) {
			throw new BoardInputError('duplicate', 'label');
		}
	}
}

/** Adds a card of one's own, at the end of the cards to sort. Returns its id. */
export function addCustomCard(
	doc: Y.Doc,
	input: { label: string; description?: string; addedBy?: CardAuthor | null }
): string {
	const label = cleanText(input.label, 'label', LABEL_MAX);
	const description = cleanText(input.description ?? '', 'description', DESCRIPTION_MAX, 0);
	const addedBy = input.addedBy == null ? null : cleanChoice(input.addedBy, 'addedBy', cardAuthors);
	const id = newId('custom-');
	doc.transact(() => {
		const cards = cardsRoot(doc);
		if (cards.size >= MAX_CARDS) throw new BoardInputError('limit_reached', 'cards');
		checkLabelFree(doc, label, null);
		const item = newItem({
			label: newText(label),
			description: newText(description),
			origin: 'custom',
			addedBy,
			pile: UNSORTED,
			top: null,
			why: newText(''),
			satisfaction: null
		});
		const siblings = inPlace(rawCards(doc, readPileMode(doc)), UNSORTED);
		cards.set(id, item);
		writePlacement(doc, item, 'order', siblings, siblings.length);
	});
	return id;
}

/** Rewords a card (deck cards too: the consultant may adapt the words). */
export function updateCard(
	doc: Y.Doc,
	cardId: string,
	patch: { label?: string; description?: string }
): void {
	const label = patch.label === undefined ? undefined : cleanText(patch.label, 'label', LABEL_MAX);
	const description =
		patch.description === undefined
			? undefined
			: cleanText(patch.description, 'description', DESCRIPTION_MAX, 0);
	doc.transact(() => {
		const item = requireItem(cardsRoot(doc), cardId, 'cardId');
		if (label !== undefined) {
			checkLabelFree(doc, label, cardId);
			writeText(item, 'label', label);
		}
		if (description !== undefined) writeText(item, 'description', description);
	});
}

/** Removes a card from the board (and from the top). */
export function removeCard(doc: Y.Doc, cardId: string): void {
	doc.transact(() => {
		requireItem(cardsRoot(doc), cardId, 'cardId');
		cardsRoot(doc).delete(cardId);
	});
}

/**
 * Puts a card in a pile (or back to sort) at `index` among that pile's other cards; moving within
 * the same pile reorders it. `index` is clamped to the pile.
 */
export function moveCard(doc: Y.Doc, cardId: string, place: Place, index: number): void {
	if (!Number.isFinite(index)) throw new BoardInputError('invalid', 'index');
	doc.transact(() => {
		const mode = readPileMode(doc);
		if (!isPlaceOf(place, mode)) throw new BoardInputError('invalid', 'place');
		const item = requireItem(cardsRoot(doc), cardId, 'cardId');
		const siblings = inPlace(rawCards(doc, mode), place).filter((card) => card.id !== cardId);
		writePlacement(doc, item, 'order', siblings, index);
		item.set('pile', place);
	});
}

/** Unranks cards a concurrent addition pushed beyond the TOP_MAX first ones. */
function dropOverflow(raw: readonly RawCard[]): void {
	const kept = new Set(rankedRaw(raw).map((card) => card.id));
	for (const card of raw) {
		if (typeof card.topKey === 'string' && !kept.has(card.id)) card.map.set('top', null);
	}
}

function topSiblings(doc: Y.Doc, exceptId: string): RawCard[] {
	const raw = rawCards(doc, readPileMode(doc));
	dropOverflow(raw);
	return rankedRaw(raw)
		.filter((card) => card.id !== exceptId)
		.map((card) => ({ ...card, key: card.topKey }));
}

/**
 * Ranks a card in the top at `index` (0 = first; default last). A card already ranked moves.
 * `limit_reached` when TOP_MAX cards are ranked already.
 */
export function addToTop(doc: Y.Doc, cardId: string, index = TOP_MAX): void {
	if (!Number.isFinite(index)) throw new BoardInputError('invalid', 'index');
	doc.transact(() => {
		const item = requireItem(cardsRoot(doc), cardId, 'cardId');
		const others = topSiblings(doc, cardId);
		if (typeof item.get('top') !== 'string' && others.length >= TOP_MAX) {
			throw new BoardInputError('limit_reached', 'top');
		}
		writePlacement(doc, item, 'top', others, index);
	});
}

/** Moves a ranked card to `index` in the top. */
export function moveInTop(doc: Y.Doc, cardId: string, index: number): void {
	doc.transact(() => {
		const item = requireItem(cardsRoot(doc), cardId, 'cardId');
		if (typeof item.get('top') !== 'string') throw new BoardInputError('invalid', 'cardId');
		addToTop(doc, cardId, index);
	});
}

/** Takes a card out of the top (its "pourquoi" and satisfaction are kept if it comes back). */
export function removeFromTop(doc: Y.Doc, cardId: string): void {
	doc.transact(() => {
		const item = requireItem(cardsRoot(doc), cardId, 'cardId');
		dropOverflow(rawCards(doc, readPileMode(doc)));
		item.set('top', null);
	});
}

/** "Pourquoi c'est important pour moi" (may be empty). */
export function setWhy(doc: Y.Doc, cardId: string, text: string): void {
	const why = cleanText(text, 'why', WHY_MAX, 0);
	doc.transact(() => writeText(requireItem(cardsRoot(doc), cardId, 'cardId'), 'why', why));
}

/** Satisfaction with this value today, 0..10, or null to clear it. */
export function setSatisfaction(doc: Y.Doc, cardId: string, value: number | null): void {
	const satisfaction =
		value === null ? null : cleanInteger(value, 'satisfaction', 0, SATISFACTION_MAX);
	doc.transact(() =>
		requireItem(cardsRoot(doc), cardId, 'cardId').set('satisfaction', satisfaction)
	);
}

export interface ValuesSummary {
	kind: 'values';
	pileMode: PileMode;
	totalCards: number;
	sortedCards: number;
	unsorted: { label: string; values: string[] };
	piles: { id: PileId; label: string; values: string[] }[];
	top: {
		rank: number;
		label: string;
		description: string;
		why: string;
		satisfaction: number | null;
		importance: number;
		gap: number | null;
	}[];
	/** Whether at least TOP_MIN values are ranked. */
	topComplete: boolean;
	/** Ranked values with a positive gap, largest first: where to look in the synthèse. */
	gaps: { label: string; gap: number }[];
}

/** Plain JSON for the record and the synthèse. */
export function summarizeValues(doc: Y.Doc): ValuesSummary {
	const board = readValuesBoard(doc);
	const sorted = board.piles.reduce((sum, pile) => sum + pile.cards.length, 0);
	const top = board.top.map((entry) => ({
		rank: entry.rank,
		label: entry.card.label,
		description: entry.card.description,
		why: entry.card.why,
		satisfaction: entry.card.satisfaction,
		importance: entry.importance,
		gap: entry.gap
	}));
	return {
		kind: 'values',
		pileMode: board.pileMode,
		totalCards: sorted + board.unsorted.length,
		sortedCards: sorted,
		unsorted: { label: UNSORTED_LABEL, values: board.unsorted.map((card) => card.label) },
		piles: board.piles.map((pile) => ({
			id: pile.id,
			label: pile.label,
			values: pile.cards.map((card) => card.label)
		})),
		top,
		topComplete: top.length >= TOP_MIN,
		gaps: top
			.filter((entry): entry is typeof entry & { gap: number } => (entry.gap ?? 0) > 0)
			.sort((a, b) => b.gap - a.gap || a.rank - b.rank)
			.map((entry) => ({ label: entry.label, gap: entry.gap }))
	};
}

export const valuesKind: BoardKind<ValuesSummary> = {
	kind: VALUES_KIND,
	version: 1,
	schema: valuesSchema,
	init: (doc) => initValues(doc),
	summarize: summarizeValues,
	locks: valuesLocks
};
