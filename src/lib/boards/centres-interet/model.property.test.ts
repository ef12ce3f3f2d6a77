import fc from 'fast-check';
import { describe, it } from 'vitest';
import type * as Y from 'yjs';
import {
	expectReplicasConverge,
	initialState,
	expectNoViolations
} from '../../../../tests/helpers/yjs-peers.ts';
import { centresInteret } from './centres.ts';
import {
	ATTRACTING,
	centresSchema,
	initCentres,
	moveCard,
	places,
	readCentresBoard,
	removeCard,
	restoreCard
} from './model.ts';

type Op =
	| { type: 'move'; card: number; place: number; index: number }
	| { type: 'remove'; card: number }
	| { type: 'restore'; code: number };

const index = fc.integer({ min: -1, max: 32 });
const op: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 8,
		arbitrary: fc.record({ type: fc.constant('move'), card: fc.nat(), place: fc.nat(), index })
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('remove'), card: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('restore'), code: fc.nat() }) }
);

function cardsOf(doc: Y.Doc) {
	return readCentresBoard(doc).piles.flatMap((pile) => pile.cards);
}

function apply(doc: Y.Doc, step: Op) {
	const cards = cardsOf(doc);
	switch (step.type) {
		case 'move': {
			const card = cards[step.card % Math.max(1, cards.length)];
			if (card) moveCard(doc, card.id, places[step.place % places.length]!, step.index);
			break;
		}
		case 'remove': {
			const card = cards[step.card % Math.max(1, cards.length)];
			if (card) removeCard(doc, card.id);
			break;
		}
		case 'restore': {
			const { removed } = readCentresBoard(doc);
			const centre = removed[step.code % Math.max(1, removed.length)];
			if (centre) restoreCard(doc, centre.code);
			break;
		}
	}
}

/** Broken invariants of a replica. */
function violations(doc: Y.Doc): string[] {
	const found: string[] = [];
	const board = readCentresBoard(doc);
	const ids = cardsOf(doc).map((card) => card.id);
	if (new Set(ids).size !== ids.length) found.push('a card is in two places');
	const stored = [...doc.getMap('cards').keys()].sort();
	if (stored.join() !== [...ids].sort().join()) found.push('a card is in no place');
	// Each centre is on the board or among the removed ones, never both, never lost.
	const codes = [...cardsOf(doc).map((card) => card.code), ...board.removed.map((c) => c.code)];
	if (codes.length !== centresInteret.length || new Set(codes).size !== codes.length) {
		found.push('a centre is lost or twice');
	}
	for (const pile of board.piles) {
		const ranks = pile.cards.map((card) => card.rank);
		const expected =
			pile.place === ATTRACTING ? pile.cards.map((_, i) => i + 1) : ranks.map(() => null);
		if (JSON.stringify(ranks) !== JSON.stringify(expected)) found.push(`ranks in ${pile.place}`);
	}
	return found;
}

const expectValid = expectNoViolations(violations);

const seedState = initialState(initCentres);

describe('centres d’intérêt under concurrent edits', () => {
	it('converges to a valid board: each centre once, the attracting ones ranked 1..n', () => {
		expectReplicasConverge({
			op,
			seedState,
			apply,
			read: readCentresBoard,
			expectValid,
			schema: centresSchema,
			numRuns: 60
		});
	});
});
