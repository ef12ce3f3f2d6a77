import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareValues } from './compare.ts';
import {
	addCustomCard,
	addToTop,
	initValues,
	moveCard,
	removeCard,
	summarizeValues
} from './model.ts';

describe('compareValues', () => {
	it('lists cards added, moved, removed and ranked, in words', () => {
		const doc = new Y.Doc();
		initValues(doc, { deck: [] });
		const stays = addCustomCard(doc, { label: 'Transmettre' });
		const goes = addCustomCard(doc, { label: 'Prestige' });
		const before = summarizeValues(doc);
		moveCard(doc, stays, 'essentiel', 0);
		addToTop(doc, stays, 0);
		removeCard(doc, goes);
		addCustomCard(doc, { label: 'Autonomie' });
		expect(compareValues(before, summarizeValues(doc))).toEqual([
			'Ajouté dans « À trier » : « Autonomie ».',
			'« Transmettre » est passé de « À trier » à « Essentiel ».',
			'Retiré : « Prestige ».',
			'« Transmettre » est classé n° 1 parmi les valeurs essentielles.'
		]);
		expect(compareValues(before, before)).toEqual([]);
	});
});
