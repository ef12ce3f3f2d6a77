import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardKinds, exerciseKinds, findBoardKind } from './registry.ts';

const typeOf = {
	map: Y.Map,
	array: Y.Array,
	text: Y.Text,
	xml: Y.XmlFragment
} as const;

describe('board kind registry', () => {
	it('lists the four workshop boards, the free canvas and the synthèse once each', () => {
		expect(boardKinds.map((k) => k.kind)).toEqual([
			'values',
			'ikigai',
			'timeline',
			'action-plan',
			'canvas',
			'synthese'
		]);
		// The synthèse is created by its own service: never offered as an exercise board.
		expect(exerciseKinds.map((k) => k.kind)).not.toContain('synthese');
		expect(exerciseKinds).toHaveLength(5);
		expect(findBoardKind('tableau-magique')).toBeUndefined();
	});

	for (const kind of boardKinds) {
		it(`${kind.kind}: init creates only declared roots, of their declared types`, () => {
			const doc = new Y.Doc();
			kind.init(doc);
			for (const name of doc.share.keys()) expect(Object.keys(kind.roots)).toContain(name);
			// What the sync server receives: the update init writes, applied to an empty document.
			const received = new Y.Doc();
			Y.applyUpdate(received, Y.encodeStateAsUpdate(doc));
			for (const name of received.share.keys()) expect(Object.keys(kind.roots)).toContain(name);
			for (const [name, type] of Object.entries(kind.roots)) {
				const read = type === 'map' ? doc.getMap(name) : doc.get(name, typeOf[type]);
				expect(read).toBeInstanceOf(typeOf[type]);
			}
		});

		it(`${kind.kind}: a fresh board summarises to plain JSON`, () => {
			const doc = new Y.Doc();
			kind.init(doc);
			const summary = kind.summarize(doc) as { kind: string };
			expect(summary.kind).toBe(kind.kind);
			expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
		});
	}
});
