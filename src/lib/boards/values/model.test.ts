import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectReason } from '../../../../tests/helpers/board-input.ts';
import { findBoardKind } from '../registry.ts';
import { defaultDeck } from './deck.ts';
import {
	addCustomCard,
	addToTop,
	cardDescriptionField,
	cardLabelField,
	cardWhyField,
	initValues,
	moveCard,
	moveInTop,
	readCard,
	readPileMode,
	readValuesBoard,
	removeCard,
	removeFromTop,
	setPileMode,
	setSatisfaction,
	setWhy,
	summarizeValues,
	updateCard,
	valuesKind,
	valuesSchema,
	TOP_MAX
} from './model.ts';

function board(mode: 'five' | 'three' = 'five') {
	const doc = new Y.Doc();
	initValues(doc, { pileMode: mode });
	return doc;
}

function labels(cards: { label: string }[]) {
	return cards.map((card) => card.label);
}

function pile(doc: Y.Doc, id: string) {
	const found = readValuesBoard(doc).piles.find((p) => p.id === id);
	if (!found) throw new Error(`no pile ${id}`);
	return found.cards;
}

const [first, second, third] = defaultDeck.map((card) => card.id) as [string, string, string];

describe('default deck', () => {
	it('holds about 55 distinct French values, each described', () => {
		expect(defaultDeck.length).toBeGreaterThanOrEqual(50);
		expect(defaultDeck.length).toBeLessThanOrEqual(65);
		expect(new Set(defaultDeck.map((c) => c.id)).size).toBe(defaultDeck.length);
		expect(new Set(defaultDeck.map((c) => c.label)).size).toBe(defaultDeck.length);
		for (const name of ['Autonomie', "Sécurité de l'emploi", 'Équilibre vie pro/perso']) {
			expect(defaultDeck.map((c) => c.label)).toContain(name);
		}
		for (const card of defaultDeck) expect(card.description.length).toBeGreaterThan(10);
	});
});

describe('init', () => {
	it('creates only the declared roots and puts the whole deck to sort', () => {
		const doc = new Y.Doc();
		valuesKind.init(doc);
		expect([...doc.share.keys()].sort()).toEqual(Object.keys(valuesSchema.roots).sort());
		const state = readValuesBoard(doc);
		expect(state.pileMode).toBe('five');
		expect(labels(state.unsorted)).toEqual(defaultDeck.map((c) => c.label));
		expect(state.piles.map((p) => p.label)).toEqual([
			'Essentiel',
			'Très important',
			'Important',
			'Peu important',
			'Pas important'
		]);
		expect(state.top).toEqual([]);
	});

	it('is registered and summarises a fresh board sensibly', () => {
		expect(findBoardKind('values')).toMatchObject(valuesKind);
		const summary = summarizeValues(board());
		expect(summary).toMatchObject({
			kind: 'values',
			pileMode: 'five',
			totalCards: defaultDeck.length,
			sortedCards: 0,
			top: [],
			topComplete: false,
			gaps: []
		});
		expect(summary.piles.every((p) => p.values.length === 0)).toBe(true);
		expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
	});

	it('offers the three-pile variant and runs only once', () => {
		const doc = board('three');
		initValues(doc, { pileMode: 'five' });
		expect(readPileMode(doc)).toBe('three');
		expect(readValuesBoard(doc).piles.map((p) => p.id)).toEqual([
			'important',
			'moyennement-important',
			'pas-important'
		]);
		expect(readValuesBoard(doc).unsorted).toHaveLength(defaultDeck.length);
	});
});

describe('moving cards', () => {
	it('puts a card in a pile at a position and reorders within the pile', () => {
		const doc = board();
		moveCard(doc, first, 'essentiel', 0);
		moveCard(doc, second, 'essentiel', 0);
		moveCard(doc, third, 'essentiel', 1);
		expect(pile(doc, 'essentiel').map((c) => c.id)).toEqual([second, third, first]);
		moveCard(doc, second, 'essentiel', 2);
		expect(pile(doc, 'essentiel').map((c) => c.id)).toEqual([third, first, second]);
		moveCard(doc, first, 'a-trier', 0);
		expect(readValuesBoard(doc).unsorted[0]?.id).toBe(first);
		expect(readCard(doc, third)?.place).toBe('essentiel');
	});

	it('clamps the index and refuses unknown cards and piles of the other variant', () => {
		const doc = board();
		moveCard(doc, first, 'important', 99);
		moveCard(doc, second, 'important', -5);
		expect(pile(doc, 'important').map((c) => c.id)).toEqual([second, first]);
		expectReason(() => moveCard(doc, 'nope', 'important', 0), 'unknown_id');
		expectReason(() => moveCard(doc, first, 'moyennement-important', 0), 'invalid');
		expectReason(() => moveCard(doc, first, 'important', Number.NaN), 'invalid');
	});
});

describe('custom cards', () => {
	it('adds, rewords and removes a card of ones own', () => {
		const doc = board();
		const id = addCustomCard(doc, {
			label: '  Humilité ',
			description: 'Rester simple',
			addedBy: 'beneficiaire'
		});
		expect(readCard(doc, id)).toMatchObject({
			label: 'Humilité',
			description: 'Rester simple',
			origin: 'custom',
			addedBy: 'beneficiaire',
			place: 'a-trier'
		});
		expect(readValuesBoard(doc).unsorted.at(-1)?.id).toBe(id);
		updateCard(doc, id, { label: 'Modestie' });
		expect(readCard(doc, id)?.label).toBe('Modestie');
		removeCard(doc, id);
		expect(readCard(doc, id)).toBeNull();
		expectReason(() => removeCard(doc, id), 'unknown_id');
	});

	it('validates labels', () => {
		const doc = board();
		expectReason(() => addCustomCard(doc, { label: '   ' }), 'empty');
		expectReason(() => addCustomCard(doc, { label: 'x'.repeat(61) }), 'too_long');
		// PostgreSQL's JSON (the snapshots' summaries) cannot hold U+0000.
		expectReason(() => addCustomCard(doc, { label: 'a\u0000b' }), 'invalid');
		expectReason(() => addCustomCard(doc, { label: 'autonomie' }), 'duplicate');
		expectReason(() => addCustomCard(doc, { label: 'Equilibre vie pro/perso' }), 'duplicate');
		expectReason(() => updateCard(doc, first, { label: 'Reconnaissance' }), 'duplicate');
		expectReason(() => updateCard(doc, first, { description: 'x'.repeat(301) }), 'too_long');
	});
});

describe('top values', () => {
	it('ranks contiguously, reorders and removes', () => {
		const doc = board();
		addToTop(doc, first);
		addToTop(doc, second);
		addToTop(doc, third, 0);
		expect(readValuesBoard(doc).top.map((t) => [t.rank, t.card.id])).toEqual([
			[1, third],
			[2, first],
			[3, second]
		]);
		moveInTop(doc, third, 2);
		expect(readValuesBoard(doc).top.map((t) => t.card.id)).toEqual([first, second, third]);
		removeFromTop(doc, second);
		expect(readValuesBoard(doc).top.map((t) => [t.rank, t.card.id])).toEqual([
			[1, first],
			[2, third]
		]);
		expect(readCard(doc, second)?.rank).toBeNull();
		expectReason(() => moveInTop(doc, second, 0), 'invalid');
	});

	it('stops at ten', () => {
		const doc = board();
		for (const card of defaultDeck.slice(0, TOP_MAX)) addToTop(doc, card.id);
		expectReason(() => addToTop(doc, defaultDeck[TOP_MAX]?.id ?? ''), 'limit_reached');
		addToTop(doc, first, 5);
		expect(readValuesBoard(doc).top).toHaveLength(TOP_MAX);
		expect(readValuesBoard(doc).top[5]?.card.id).toBe(first);
	});

	it('notes why and satisfaction, and computes the gap', () => {
		const doc = board();
		addToTop(doc, first);
		addToTop(doc, second);
		setWhy(doc, first, 'Je veux décider de mon organisation.');
		setSatisfaction(doc, first, 3);
		setSatisfaction(doc, second, 10);
		const [one, two] = readValuesBoard(doc).top;
		expect(one).toMatchObject({ rank: 1, importance: 10, gap: 7 });
		expect(one?.card.why).toBe('Je veux décider de mon organisation.');
		expect(two).toMatchObject({ rank: 2, importance: 9, gap: -1 });
		setSatisfaction(doc, first, null);
		expect(readValuesBoard(doc).top[0]?.gap).toBeNull();
		expectReason(() => setSatisfaction(doc, first, 11), 'out_of_range');
		expectReason(() => setSatisfaction(doc, first, -1), 'out_of_range');
		expectReason(() => setSatisfaction(doc, first, 2.5), 'invalid');
		expectReason(() => setWhy(doc, first, 'x'.repeat(1001)), 'too_long');
		expectReason(() => setWhy(doc, 'nope', 'x'), 'unknown_id');
	});
});

describe('concurrent edits', () => {
	function pair() {
		const a = board();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		return [a, b] as const;
	}
	function exchange(a: Y.Doc, b: Y.Doc) {
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	}

	it('keeps a card moved by two people at once in exactly one pile', () => {
		const [a, b] = pair();
		moveCard(a, first, 'essentiel', 0);
		moveCard(b, first, 'pas-important', 0);
		exchange(a, b);
		const places = readValuesBoard(a).piles.filter((p) => p.cards.some((c) => c.id === first));
		expect(places).toHaveLength(1);
		expect(readValuesBoard(a)).toEqual(readValuesBoard(b));
	});

	it('orders cards dropped at the same spot deterministically, and can insert between them', () => {
		const [a, b] = pair();
		moveCard(a, first, 'important', 0);
		moveCard(b, second, 'important', 0);
		exchange(a, b);
		const order = pile(a, 'important').map((c) => c.id);
		expect(order.sort()).toEqual([first, second].sort());
		expect(pile(b, 'important').map((c) => c.id)).toEqual(pile(a, 'important').map((c) => c.id));
		moveCard(a, third, 'important', 1);
		expect(pile(a, 'important')[1]?.id).toBe(third);
	});

	it('truncates a top grown past ten by concurrent additions, then trims it on the next change', () => {
		const [a, b] = pair();
		for (const card of defaultDeck.slice(0, 6)) addToTop(a, card.id);
		for (const card of defaultDeck.slice(6, 12)) addToTop(b, card.id);
		exchange(a, b);
		const top = readValuesBoard(a).top;
		expect(top.map((t) => t.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(readValuesBoard(b).top).toEqual(top);
		removeFromTop(a, top[0]?.card.id ?? '');
		expect(readValuesBoard(a).top).toHaveLength(9);
	});
});

describe('live text', () => {
	const cardMap = (doc: Y.Doc, id: string) => doc.getMap('cards').get(id) as Y.Map<unknown>;

	it('keeps a card’s label, description and why as Y.Text, from the deck and from a new card', () => {
		const doc = board();
		const id = addCustomCard(doc, { label: 'Rire', description: 'En équipe' });
		for (const cardId of [first, id]) {
			for (const key of ['label', 'description', 'why']) {
				expect(cardMap(doc, cardId).get(key)).toBeInstanceOf(Y.Text);
			}
		}
		expect(readCard(doc, id)).toMatchObject({ label: 'Rire', description: 'En équipe', why: '' });
	});

	it('locates each field of a card, and nothing for a card that is gone', () => {
		const doc = board();
		setWhy(doc, first, 'Décider seule');
		expect(cardWhyField(first)).toMatchObject({ key: `cards/${first}/why`, max: 1000 });
		expect(cardWhyField(first).locate(doc)?.toString()).toBe('Décider seule');
		expect(cardLabelField(first)).toMatchObject({ key: `cards/${first}/label`, max: 60 });
		expect(cardLabelField(first).locate(doc)?.toString()).toBe(readCard(doc, first)?.label);
		expect(cardDescriptionField(first).locate(doc)?.toString()).toBe(
			readCard(doc, first)?.description
		);
		removeCard(doc, first);
		expect(cardWhyField(first).locate(doc)).toBeNull();
		expect(cardWhyField('nope').locate(doc)).toBeNull();
	});

	it('writes the smallest edit: a word typed by the other person meanwhile survives', () => {
		const [a, b] = [board(), new Y.Doc()];
		setWhy(a, first, 'Choisir mes horaires');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		setWhy(a, first, 'Choisir mes horaires et mes projets');
		cardWhyField(first).locate(b)!.insert(0, 'Pouvoir ');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readCard(a, first)?.why).toBe('Pouvoir Choisir mes horaires et mes projets');
		expect(readCard(b, first)?.why).toBe(readCard(a, first)?.why);
		updateCard(a, first, { label: 'Décider seule', description: 'Sans chef' });
		expect(cardMap(a, first).get('label')).toBeInstanceOf(Y.Text);
		expect(readCard(a, first)).toMatchObject({ label: 'Décider seule', description: 'Sans chef' });
	});

	it('still reads the plain strings of a board from before, and turns one into text on write', () => {
		const doc = board();
		const map = cardMap(doc, first);
		map.set('label', 'Ancienne');
		map.set('why', 'Ancien pourquoi');
		expect(readCard(doc, first)).toMatchObject({ label: 'Ancienne', why: 'Ancien pourquoi' });
		expect(cardWhyField(first).locate(doc)).toBeNull();
		setWhy(doc, first, 'Nouveau');
		expect(map.get('why')).toBeInstanceOf(Y.Text);
		expect(cardWhyField(first).locate(doc)?.toString()).toBe('Nouveau');
	});

	it('names a card whose label two people erased at once', () => {
		const doc = board();
		const label = cardLabelField(first).locate(doc)!;
		label.delete(0, label.length);
		expect(readCard(doc, first)?.label).toBe('?');
		expect(summarizeValues(doc).unsorted.values).toContain('?');
	});
});

describe('pile variants', () => {
	it('maps sorted cards when switching while nothing is ranked', () => {
		const doc = board();
		moveCard(doc, first, 'essentiel', 0);
		moveCard(doc, second, 'tres-important', 0);
		moveCard(doc, third, 'peu-important', 0);
		setPileMode(doc, 'three');
		expect(pile(doc, 'important').map((c) => c.id)).toEqual([first, second]);
		expect(pile(doc, 'pas-important').map((c) => c.id)).toEqual([third]);
		setPileMode(doc, 'five');
		expect(pile(doc, 'tres-important').map((c) => c.id)).toEqual([first, second]);
		expect(pile(doc, 'pas-important').map((c) => c.id)).toEqual([third]);
		expect(readValuesBoard(doc).unsorted).toHaveLength(defaultDeck.length - 3);
	});

	it('refuses to switch once values are ranked', () => {
		const doc = board();
		addToTop(doc, first);
		expectReason(() => setPileMode(doc, 'three'), 'not_fresh');
		expectReason(() => setPileMode(doc, 'four' as 'three'), 'invalid');
	});

	it('reads a card left in a pile of the other variant by a concurrent edit in its counterpart', () => {
		const a = board();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		moveCard(a, first, 'essentiel', 0);
		setPileMode(b, 'three');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readCard(a, first)?.place).toBe('important');
		expect(readValuesBoard(a)).toEqual(readValuesBoard(b));
	});
});

describe('summarize', () => {
	it('gives piles, the ranked top with gaps, largest gap first', () => {
		const doc = board();
		moveCard(doc, first, 'essentiel', 0);
		moveCard(doc, second, 'pas-important', 0);
		for (const card of defaultDeck.slice(0, 5)) addToTop(doc, card.id);
		setSatisfaction(doc, first, 2);
		setSatisfaction(doc, third, 4);
		setWhy(doc, third, 'Pour dormir tranquille');
		const summary = summarizeValues(doc);
		expect(summary.sortedCards).toBe(2);
		expect(summary.piles[0]).toEqual({
			id: 'essentiel',
			label: 'Essentiel',
			values: ['Autonomie']
		});
		expect(summary.piles[4]?.values).toEqual(['Reconnaissance']);
		expect(summary.top).toHaveLength(5);
		expect(summary.top[2]).toMatchObject({
			rank: 3,
			label: "Sécurité de l'emploi",
			why: 'Pour dormir tranquille',
			satisfaction: 4,
			importance: 8,
			gap: 4
		});
		expect(summary.topComplete).toBe(true);
		expect(summary.gaps).toEqual([
			{ label: 'Autonomie', gap: 8 },
			{ label: "Sécurité de l'emploi", gap: 4 }
		]);
	});
});
