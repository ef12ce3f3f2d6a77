import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareCanvas } from './compare.ts';
import { initCanvas, readRecord, summarizeCanvas, writeRecords } from './model.ts';
import { documentRecord, geoRecord, noteRecord, pageRecord } from './records.fixtures.ts';

describe('compareCanvas', () => {
	it('counts shapes added, removed and moved by record id, and names texts', () => {
		const doc = new Y.Doc();
		initCanvas(doc);
		writeRecords(doc, [
			documentRecord(),
			pageRecord(),
			noteRecord({ id: 'shape:a', x: 0, y: 0, text: 'Idée' }),
			geoRecord({ id: 'shape:b', x: 200, y: 0 }),
			geoRecord({ id: 'shape:c', x: 400, y: 0 })
		]);
		const before = summarizeCanvas(doc);
		writeRecords(
			doc,
			[
				{ ...readRecord(doc, 'shape:b')!, x: 250 },
				noteRecord({ id: 'shape:d', x: 0, y: 300, text: 'Projet' }),
				geoRecord({ id: 'shape:e', x: 600, y: 0 })
			],
			['shape:a']
		);
		expect(compareCanvas(before, summarizeCanvas(doc))).toEqual([
			'Éléments ajoutés sur le tableau : 2.',
			'Éléments retirés du tableau : 1.',
			'Éléments déplacés : 1.',
			'Ajouté : « Projet ».',
			'Retiré : « Idée ».'
		]);
		expect(compareCanvas(before, before)).toEqual([]);
	});
});
