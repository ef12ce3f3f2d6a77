import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	type CreatedRemoved,
	newCreatedRemoved,
	expectReplicasConverge,
	initialState,
	expectNoViolations
} from '../../../../tests/helpers/yjs-peers.ts';
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
	readValuesBoard,
	removeCard,
	removeFromTop,
	setPileMode,
	setSatisfaction,
	setWhy,
	TOP_MAX,
	updateCard,
	type ValueCard,
	valuesSchema
} from './model.ts';
import { pilesByMode, UNSORTED } from './piles.ts';

type Op =
	| { type: 'move'; card: number; place: number; index: number }
	| { type: 'add'; label: number }
	| { type: 'remove'; card: number }
	| { type: 'top'; card: number; index: number }
	| { type: 'untop'; card: number }
	| { type: 'rerank'; card: number; index: number }
	| { type: 'rate'; card: number; value: number }
	| { type: 'why'; card: number; text: string }
	| { type: 'reword'; card: number; label: string }
	| { type: 'type'; card: number; field: number; at: number; remove: number; text: string }
	| { type: 'mode'; three: boolean };

/** Keystrokes into a card's text, as `SharedTextField` writes them (within the field's max). */
const typing = fc.record({
	type: fc.constant('type'),
	card: fc.nat(),
	field: fc.nat(),
	at: fc.nat(),
	remove: fc.nat({ max: 3 }),
	text: fc.string({ maxLength: 3 })
});

const textFields = [cardLabelField, cardDescriptionField, cardWhyField];

function typeInto(doc: Y.Doc, cardId: string, step: Extract<Op, { type: 'type' }>): void {
	const field = textFields[step.field % textFields.length]!(cardId);
	doc.transact(() => {
		const text = field.locate(doc);
		if (!text) return;
		const at = step.at % (text.length + 1);
		const remove = Math.min(step.remove, text.length - at);
		if (text.length - remove + step.text.length > field.max) return;
		if (remove > 0) text.delete(at, remove);
		if (step.text !== '') text.insert(at, step.text);
	});
}

const index = fc.integer({ min: -1, max: 14 });
const op: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({ type: fc.constant('move'), card: fc.nat(), place: fc.nat(), index })
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('add'), label: fc.nat({ max: 5 }) }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('remove'), card: fc.nat() }) },
	{ weight: 4, arbitrary: fc.record({ type: fc.constant('top'), card: fc.nat(), index }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('untop'), card: fc.nat() }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant('rerank'), card: fc.nat(), index }) },
	{
		weight: 1,
		arbitrary: fc.record({
			type: fc.constant('rate'),
			card: fc.nat(),
			value: fc.integer({ min: 0, max: 10 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			type: fc.constant('why'),
			card: fc.nat(),
			text: fc.string({ maxLength: 5 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			type: fc.constant('reword'),
			card: fc.nat(),
			label: fc.string({ minLength: 1, maxLength: 8 })
		})
	},
	{ weight: 3, arbitrary: typing },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('mode'), three: fc.boolean() }) }
);

function allCards(doc: Y.Doc): ValueCard[] {
	const board = readValuesBoard(doc);
	return [...board.unsorted, ...board.piles.flatMap((pile) => pile.cards)];
}

function pick<T>(items: readonly T[], n: number): T | undefined {
	return items.length === 0 ? undefined : items[n % items.length];
}

function apply(doc: Y.Doc, step: Op, log: CreatedRemoved) {
	const board = readValuesBoard(doc);
	const cards = allCards(doc);
	const card = 'card' in step ? pick(cards, step.card)?.id : undefined;
	if ('card' in step && card === undefined) return;
	const id = card as string;
	switch (step.type) {
		case 'move': {
			const places = [UNSORTED, ...pilesByMode[board.pileMode].map((p) => p.id)] as const;
			moveCard(doc, id, pick(places, step.place) ?? UNSORTED, step.index);
			break;
		}
		case 'add':
			log.created.add(addCustomCard(doc, { label: `Valeur ${step.label}` }));
			break;
		case 'remove':
			removeCard(doc, id);
			log.removed.add(id);
			break;
		case 'top':
			addToTop(doc, id, step.index);
			break;
		case 'untop':
			removeFromTop(doc, id);
			break;
		case 'rerank':
			moveInTop(doc, id, step.index);
			break;
		case 'rate':
			setSatisfaction(doc, id, step.value);
			break;
		case 'why':
			setWhy(doc, id, step.text);
			break;
		case 'reword':
			updateCard(doc, id, { label: step.label, description: step.label });
			break;
		case 'type':
			typeInto(doc, id, step);
			break;
		case 'mode':
			setPileMode(doc, step.three ? 'three' : 'five');
			break;
	}
}

/** Broken invariants of a replica (plain checks: this runs after every step). */
function violations(doc: Y.Doc): string[] {
	const found: string[] = [];
	const board = readValuesBoard(doc);
	const cards = allCards(doc);
	const ids = cards.map((card) => card.id);
	// Every card of the document is in exactly one place.
	if (new Set(ids).size !== ids.length) found.push('a card is in two places');
	const stored = [...doc.getMap('cards').keys()].sort();
	if (stored.join() !== [...ids].sort().join()) found.push('a card is in no place');
	const validPiles: string[] = pilesByMode[board.pileMode].map((p) => p.id);
	for (const pile of board.piles) {
		if (!validPiles.includes(pile.id)) found.push(`pile ${pile.id} outside the variant`);
		if (pile.cards.some((card) => card.place !== pile.id)) found.push(`misplaced in ${pile.id}`);
	}
	// Every card is named, even one whose label concurrent edits erased.
	if (cards.some((card) => card.label.trim() === '')) found.push('a card without a label');
	// Ranks contiguous 1..n, n ≤ 10, each ranked card on the board once.
	if (board.top.length > TOP_MAX) found.push(`top of ${board.top.length}`);
	if (board.top.some((t, i) => t.rank !== i + 1)) found.push('ranks not contiguous');
	const ranked = board.top.map((t) => t.card.id);
	if (new Set(ranked).size !== ranked.length) found.push('a card ranked twice');
	if (ranked.some((id) => !ids.includes(id))) found.push('a ranked card is not on the board');
	for (const card of cards) {
		const rankedHere = card.rank !== null && ranked[card.rank - 1] === card.id;
		if (rankedHere !== (card.rank !== null)) found.push(`rank of ${card.id} inconsistent`);
	}
	return found;
}

const expectValid = expectNoViolations(violations);

// Ranking-heavy operations, so that concurrent additions overflow the top of ten.
const rankingOp: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 8, arbitrary: fc.record({ type: fc.constant('top'), card: fc.nat(), index }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant('rerank'), card: fc.nat(), index }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('untop'), card: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('remove'), card: fc.nat() }) }
);

const deck = defaultDeck.slice(0, 16);
const seedState = initialState((doc) => initValues(doc, { deck }));

function convergesValid(
	operations: fc.Arbitrary<Op>,
	count: number,
	[minSteps, maxSteps]: [number, number],
	numRuns: number
) {
	expectReplicasConverge({
		op: operations,
		peers: count,
		minSteps,
		maxSteps,
		seedState,
		newLog: newCreatedRemoved,
		apply,
		read: readValuesBoard,
		expectValid,
		schema: valuesSchema,
		check: (_board, log, peers) => {
			const expected = [...deck.map((c) => c.id), ...log.created].filter(
				(id) => !log.removed.has(id)
			);
			const ids = allCards(peers.docs[0] as Y.Doc).map((card) => card.id);
			expect([...ids].sort()).toEqual([...expected].sort());
		},
		numRuns
	});
}

describe('values board under concurrent edits', () => {
	it('converges to a valid board, losing and duplicating no card', () => {
		convergesValid(op, 3, [0, 40], 70);
	});

	it('keeps the top contiguous and at most ten when two people rank at once', () => {
		convergesValid(rankingOp, 2, [25, 50], 40);
	});
});
