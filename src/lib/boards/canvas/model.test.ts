import { createTLSchema } from '@tldraw/tlschema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	canvasKind,
	readEntries,
	readRecord,
	readRecords,
	summarizeCanvas,
	writeRecords
} from './model.ts';
import type { StoredRecord } from './shapes.ts';
import {
	arrowRecord,
	documentRecord,
	drawRecord,
	geoRecord,
	noteRecord,
	pageRecord,
	textRecord
} from './records.fixtures.ts';
import { plainText } from './shapes.ts';

function docWith(records: StoredRecord[]): Y.Doc {
	const doc = new Y.Doc();
	canvasKind.init(doc);
	doc.transact(() => writeRecords(doc, records));
	return doc;
}

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('canvas records in Yjs', () => {
	it('keeps one value per record id, rewrites and removes', () => {
		const doc = docWith([documentRecord(), pageRecord(), geoRecord({ id: 'shape:a' })]);
		doc.transact(() => writeRecords(doc, [geoRecord({ id: 'shape:a', x: 50 })]));
		expect(readRecord(doc, 'shape:a')?.x).toBe(50);
		expect(doc.getArray('records').length).toBe(3);
		doc.transact(() => writeRecords(doc, [], ['shape:a']));
		expect(readRecord(doc, 'shape:a')).toBeUndefined();
		expect(
			readRecords(doc)
				.map((r) => r.id)
				.sort()
		).toEqual(['document:document', 'page:page']);
	});

	it('resolves concurrent writes of one record the same way on both sides, and the next write cleans up', () => {
		const a = docWith([pageRecord(), geoRecord({ id: 'shape:a' })]);
		const b = new Y.Doc();
		sync(a, b);
		a.transact(() => writeRecords(a, [geoRecord({ id: 'shape:a', x: 1 })]));
		b.transact(() => writeRecords(b, [geoRecord({ id: 'shape:a', x: 2 })]));
		sync(a, b);
		expect(readRecord(a, 'shape:a')).toEqual(readRecord(b, 'shape:a'));
		// Both entries stay (readers never write) until someone writes the record again.
		expect(a.getArray('records').length).toBe(3);
		a.transact(() => writeRecords(a, [geoRecord({ id: 'shape:a', x: 3 })]));
		sync(a, b);
		expect(a.getArray('records').length).toBe(2);
		expect(readRecord(b, 'shape:a')?.x).toBe(3);
	});

	it('does not grow with every drag, unlike a Y.Map keyed by id', () => {
		const doc = docWith([pageRecord(), geoRecord({ id: 'shape:a' }), geoRecord({ id: 'shape:b' })]);
		const map = new Y.Doc();
		const before = Y.encodeStateAsUpdate(doc).length;
		for (let step = 0; step < 600; step++) {
			// A drag of two shapes: both rewritten on every frame, in alternation.
			doc.transact(() =>
				writeRecords(doc, [
					geoRecord({ id: 'shape:a', x: step }),
					geoRecord({ id: 'shape:b', x: step })
				])
			);
			map.transact(() => {
				map.getMap('records').set('shape:a', geoRecord({ id: 'shape:a', x: step }));
				map.getMap('records').set('shape:b', geoRecord({ id: 'shape:b', x: step }));
			});
		}
		const after = Y.encodeStateAsUpdate(doc).length;
		const mapSize = Y.encodeStateAsUpdate(map).length;
		expect(after - before).toBeLessThan(200);
		expect(mapSize).toBeGreaterThan(after * 5);
	});

	it('ignores entries a hostile peer wrote in the wrong shape, and a write clears them', () => {
		const doc = docWith([pageRecord()]);
		doc.getArray('records').push([42, { key: 'shape:x', val: 'not a record' }, null]);
		expect(readRecords(doc).map((r) => r.id)).toEqual(['page:page']);
		expect(readEntries(doc).get('shape:x')).toBe('not a record');
		expect(() => summarizeCanvas(doc)).not.toThrow();
		doc.transact(() => writeRecords(doc, [noteRecord({ id: 'shape:n' })]));
		expect(doc.getArray('records').toArray()).toHaveLength(3);
	});

	it('fixtures are valid tldraw records', () => {
		const schema = createTLSchema();
		for (const record of [
			documentRecord(),
			pageRecord(),
			geoRecord({ id: 'shape:g' }),
			noteRecord({ id: 'shape:n' }),
			textRecord({ id: 'shape:t' }),
			arrowRecord({ id: 'shape:a' }),
			drawRecord({ id: 'shape:d', points: [{ x: 0, y: 0 }] })
		]) {
			const type = schema.types[record.typeName as keyof typeof schema.types];
			expect(() => type.validate(record)).not.toThrow();
		}
	});
});

describe('summarizeCanvas', () => {
	it('gives the texts in reading order and counts shapes by type', () => {
		const doc = docWith([
			documentRecord(),
			pageRecord(),
			noteRecord({ id: 'shape:n2', x: 400, y: 0, text: 'Mes envies', index: 'a2' }),
			noteRecord({ id: 'shape:n1', x: 0, y: 10, text: 'Mes forces', index: 'a3' }),
			geoRecord({ id: 'shape:g', x: 0, y: 300, text: 'Projet\nReconversion' }),
			textRecord({ id: 'shape:t', x: 0, y: 600, text: 'Conclusion' }),
			drawRecord({
				id: 'shape:d',
				points: [
					{ x: 0, y: 0 },
					{ x: 10, y: 10 }
				]
			}),
			// A shape whose parent is gone: tldraw does not show it, nor does the summary.
			noteRecord({ id: 'shape:orphan', parentId: 'shape:gone', text: 'perdu' })
		]);
		const summary = summarizeCanvas(doc);
		expect(summary.kind).toBe('canvas');
		expect(summary.shapeCount).toBe(5);
		expect(summary.shapesByType).toEqual({ note: 2, geo: 1, text: 1, draw: 1 });
		expect(summary.texts.map((t) => t.text)).toEqual([
			'Mes forces',
			'Mes envies',
			'Projet\nReconversion',
			'Conclusion'
		]);
		expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
	});

	it('a fresh board is empty', () => {
		const doc = new Y.Doc();
		canvasKind.init(doc);
		expect(summarizeCanvas(doc)).toEqual({
			kind: 'canvas',
			shapeCount: 0,
			shapesByType: {},
			texts: [],
			shapes: []
		});
	});
});

describe('plainText', () => {
	it('joins paragraphs and hard breaks with line breaks', () => {
		const rich = {
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Un' },
						{ type: 'hardBreak' },
						{ type: 'text', text: 'deux' }
					]
				},
				{ type: 'paragraph', content: [{ type: 'text', text: 'trois', marks: [{ type: 'bold' }] }] }
			]
		};
		expect(plainText(rich)).toBe('Un\ndeux\ntrois');
		expect(plainText('garbage')).toBe('');
		expect(plainText(null)).toBe('');
	});
});
