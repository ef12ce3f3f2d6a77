import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partsTouchedBy } from '../../../../tests/helpers/board-locks.ts';
import { valuesLocks } from './locks.ts';
import {
	addCustomCard,
	addToTop,
	cardLabelField,
	cardWhyField,
	initValues,
	moveCard,
	removeCard,
	setPileMode,
	setWhy,
	valuesKind
} from './model.ts';

function board(): Y.Doc {
	const doc = new Y.Doc();
	initValues(doc, { pileMode: 'five' });
	return doc;
}

const touched = (doc: Y.Doc, operation: (doc: Y.Doc) => void) =>
	partsTouchedBy(valuesKind, doc, operation);

describe('values locks', () => {
	it('lists the deck, the piles of the board’s variant and the ranking', () => {
		const doc = board();
		expect(valuesLocks.parts(doc)).toEqual([
			{ part: 'deck', label: 'Le paquet de cartes' },
			{ part: 'pile:essentiel', label: 'Pile Essentiel' },
			{ part: 'pile:tres-important', label: 'Pile Très important' },
			{ part: 'pile:important', label: 'Pile Important' },
			{ part: 'pile:peu-important', label: 'Pile Peu important' },
			{ part: 'pile:pas-important', label: 'Pile Pas important' },
			{ part: 'top', label: 'Le classement' }
		]);
		setPileMode(doc, 'three');
		expect(valuesLocks.parts(doc).map((p) => p.part)).toEqual([
			'deck',
			'pile:important',
			'pile:moyennement-important',
			'pile:pas-important',
			'top'
		]);
	});

	it('a card moved out of the deck into a pile touches both; moved on, the two piles', () => {
		const doc = board();
		expect(touched(doc, (d) => moveCard(d, 'deck-autonomie', 'essentiel', 0))).toEqual([
			'board',
			'deck',
			'pile:essentiel'
		]);
		expect(touched(doc, (d) => moveCard(d, 'deck-autonomie', 'important', 0))).toEqual([
			'board',
			'pile:essentiel',
			'pile:important'
		]);
		expect(touched(doc, (d) => moveCard(d, 'deck-reconnaissance', 'important', 0))).toEqual([
			'board',
			'deck',
			'pile:important'
		]);
		// Reordering within a pile touches that pile only.
		expect(touched(doc, (d) => moveCard(d, 'deck-autonomie', 'important', 5))).toEqual([
			'board',
			'pile:important'
		]);
	});

	it('an addition touches the deck; a deletion, the card’s pile', () => {
		const doc = board();
		let id = '';
		expect(touched(doc, (d) => (id = addCustomCard(d, { label: 'Rire en équipe' })))).toEqual([
			'board',
			'deck'
		]);
		moveCard(doc, id, 'peu-important', 0);
		expect(touched(doc, (d) => removeCard(d, id))).toEqual(['board', 'pile:peu-important']);
	});

	it('a ranked card belongs to the ranking too, whatever field changes', () => {
		const doc = board();
		moveCard(doc, 'deck-autonomie', 'essentiel', 0);
		expect(touched(doc, (d) => addToTop(d, 'deck-autonomie'))).toEqual([
			'board',
			'pile:essentiel',
			'top'
		]);
		expect(touched(doc, (d) => setWhy(d, 'deck-autonomie', 'Décider seule'))).toEqual([
			'board',
			'pile:essentiel',
			'top'
		]);
	});

	it('typing inside a card’s text counts for the card’s parts, as any other field', () => {
		const doc = board();
		moveCard(doc, 'deck-autonomie', 'essentiel', 0);
		addToTop(doc, 'deck-autonomie');
		// What SharedTextField does on each keystroke: an insertion into the card's nested Y.Text.
		expect(touched(doc, (d) => cardWhyField('deck-autonomie').locate(d)!.insert(0, 'D'))).toEqual([
			'board',
			'pile:essentiel',
			'top'
		]);
		expect(
			touched(doc, (d) => cardLabelField('deck-reconnaissance').locate(d)!.delete(0, 1))
		).toEqual(['board', 'deck']);
	});

	it('switching between five and three piles touches every pile of both variants', () => {
		const doc = board();
		moveCard(doc, 'deck-autonomie', 'essentiel', 0);
		expect(touched(doc, (d) => setPileMode(d, 'three'))).toEqual([
			'board',
			'pile:essentiel',
			'pile:important',
			'pile:moyennement-important',
			'pile:pas-important',
			'pile:peu-important',
			'pile:tres-important'
		]);
	});

	it('knows its parts by their form, in either variant', () => {
		for (const part of ['deck', 'top', 'pile:essentiel', 'pile:moyennement-important']) {
			expect(valuesLocks.isPart(part)).toBe(true);
		}
		for (const part of ['', 'board', 'pile:', 'pile:a-trier', 'pile:nope', 'zone:passion']) {
			expect(valuesLocks.isPart(part)).toBe(false);
		}
	});
});
