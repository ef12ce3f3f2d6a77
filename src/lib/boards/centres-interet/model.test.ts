import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectReason } from '../../../../tests/helpers/board-input.ts';
import { violationOf } from '../doc-schema.ts';
import { centresInteret } from './centres.ts';
import { compareCentres } from './compare.ts';
import {
	cardIdOf,
	centresKind,
	centresSchema,
	moveCard,
	readCentresBoard,
	removeCard,
	restoreCard,
	summarizeCentres
} from './model.ts';
import { centresText } from './proposals.ts';

function board() {
	const doc = new Y.Doc();
	centresKind.init(doc);
	return doc;
}

const labelOf = (code: number) => centresInteret.find((c) => c.code === code)!.libelle;
const pile = (doc: Y.Doc, place: string) =>
	readCentresBoard(doc)
		.piles.find((p) => p.place === place)!
		.cards.map((card) => card.code);

describe('centres d’intérêt', () => {
	it('deals the 30 ROME centres to sort, once', () => {
		const doc = board();
		expect(pile(doc, 'a-trier')).toEqual(centresInteret.map((c) => c.code));
		centresKind.init(doc);
		expect(pile(doc, 'a-trier')).toHaveLength(30);
		expect(summarizeCentres(doc)).toMatchObject({ attire: [], sorted: 0, total: 30 });
	});

	it('sorts into attire / neutre / pas pour moi and ranks the attracting ones by their order', () => {
		const doc = board();
		moveCard(doc, cardIdOf(5), 'attire', 0);
		moveCard(doc, cardIdOf(9), 'attire', 0);
		moveCard(doc, cardIdOf(12), 'neutre', 0);
		moveCard(doc, cardIdOf(1), 'pas-pour-moi', 0);
		expect(pile(doc, 'attire')).toEqual([9, 5]);
		moveCard(doc, cardIdOf(9), 'attire', 5);
		expect(pile(doc, 'attire')).toEqual([5, 9]);
		const summary = summarizeCentres(doc);
		expect(summary.attire).toEqual([
			{ rank: 1, code: 5, label: labelOf(5) },
			{ rank: 2, code: 9, label: labelOf(9) }
		]);
		expect(summary.sorted).toBe(4);
		expect(centresText(summary).split('\n')).toEqual([
			'Mes centres d’intérêt (ROME), du plus attirant au moins attirant :',
			`1. ${labelOf(5)}`,
			`2. ${labelOf(9)}`
		]);
		expectReason(() => moveCard(doc, cardIdOf(5), 'ailleurs' as 'attire', 0), 'invalid');
		expectReason(() => moveCard(doc, 'centre-99', 'attire', 0), 'unknown_id');
	});

	it('removes a centre and puts it back at the end of the cards to sort', () => {
		const doc = board();
		removeCard(doc, cardIdOf(7));
		expect(readCentresBoard(doc).removed).toEqual([{ code: 7, label: labelOf(7) }]);
		expect(pile(doc, 'a-trier')).not.toContain(7);
		restoreCard(doc, 7);
		expect(pile(doc, 'a-trier').at(-1)).toBe(7);
		expect(readCentresBoard(doc).removed).toEqual([]);
		expectReason(() => restoreCard(doc, 7), 'duplicate');
		expectReason(() => restoreCard(doc, 99), 'invalid');
	});

	it('compares two snapshots: moves, removals, ranks', () => {
		const doc = board();
		moveCard(doc, cardIdOf(5), 'attire', 0);
		moveCard(doc, cardIdOf(9), 'attire', 1);
		const before = summarizeCentres(doc);
		moveCard(doc, cardIdOf(9), 'attire', 0);
		moveCard(doc, cardIdOf(2), 'neutre', 0);
		removeCard(doc, cardIdOf(3));
		expect(compareCentres(before, summarizeCentres(doc))).toEqual([
			`« ${labelOf(2)} » est passé de « À trier » à « Neutre ».`,
			`Retiré : « ${labelOf(3)} ».`,
			`« ${labelOf(9)} » passe du rang 2 au rang 1.`,
			`« ${labelOf(5)} » passe du rang 1 au rang 2.`
		]);
		expect(compareCentres(before, before)).toEqual([]);
	});

	it('refuses what the model would not write', () => {
		const doc = board();
		const card = doc.getMap('cards').get(cardIdOf(1)) as Y.Map<unknown>;
		expect(violationOf(doc, centresSchema, () => card.set('pile', 'ailleurs'))).not.toBeNull();
		expect(violationOf(doc, centresSchema, () => card.set('label', ''))).not.toBeNull();
		expect(violationOf(doc, centresSchema, () => card.set('pile', 'attire'))).toBeNull();
	});
});
