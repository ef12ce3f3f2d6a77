import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardContent } from '../../../tests/helpers/board-content.ts';
import { expectSchemaAccepts, updatesOf } from '../../../tests/helpers/yjs-peers.ts';
import { boardKinds, exerciseKinds, findBoardKind } from './registry.ts';
import { serverBoardKinds } from './registry.server.ts';
import { fillEmptySections } from './synthese/model.ts';
import { prefillTexts } from './synthese/prefill.ts';

const typeOf = {
	map: Y.Map,
	array: Y.Array,
	text: Y.Text,
	xml: Y.XmlFragment
} as const;

/** The summaries of every exercise board holding real content, as the synthèse's prefill reads them. */
function exerciseSummaries() {
	return exerciseKinds.map((kind) => {
		const doc = new Y.Doc();
		kind.init(doc);
		boardContent[kind.kind]!(doc);
		return { kind: kind.kind, summary: kind.summarize(doc), createdAt: new Date() };
	});
}

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
			for (const name of doc.share.keys()) expect(Object.keys(kind.schema.roots)).toContain(name);
			// What the sync server receives: the update init writes, applied to an empty document.
			const received = new Y.Doc();
			Y.applyUpdate(received, Y.encodeStateAsUpdate(doc));
			for (const name of received.share.keys())
				expect(Object.keys(kind.schema.roots)).toContain(name);
			// Read from the share without `getMap`/`get`, which would create a missing root.
			for (const [name, root] of doc.share) {
				expect(root, name).toBeInstanceOf(typeOf[kind.schema.roots[name]!]);
			}
		});

		it(`${kind.kind}: its initial content, real content and prefill pass the server's schema`, () => {
			const server = serverBoardKinds.find((k) => k.kind === kind.kind)!;
			const updates = updatesOf((doc) => {
				kind.init(doc);
				boardContent[kind.kind]!(doc);
				if (kind.kind === 'synthese') fillEmptySections(doc, prefillTexts(exerciseSummaries()));
			});
			expectSchemaAccepts(server.schema, Y.encodeStateAsUpdate(new Y.Doc()), updates);
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
