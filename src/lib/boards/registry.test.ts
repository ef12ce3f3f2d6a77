import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import en from '../../../messages/en.json' with { type: 'json' };
import fr from '../../../messages/fr.json' with { type: 'json' };
import { boardContent, boardContentText } from '../../../tests/helpers/board-content.ts';
import { pdfText } from '../../../tests/helpers/pdf.ts';
import { expectSchemaAccepts, updatesOf } from '../../../tests/helpers/yjs-peers.ts';
import { pdfSectionOf } from '../server/pdf-snapshot.ts';
import { renderPdf } from '../server/pdf.ts';
import { changeIds, changesSince } from './changes-since.ts';
import { boardKinds, exerciseKinds, findBoardKind } from './registry.ts';
import { serverBoardKinds } from './registry.server.ts';
import { fillEmptySections, sectionIds } from './synthese/model.ts';
import { prefillTexts } from './synthese/prefill.ts';

const typeOf = {
	map: Y.Map,
	array: Y.Array,
	text: Y.Text,
	xml: Y.XmlFragment
} as const;

/** The kind names each language's messages give (`board_kind_*`). */
function kindNames(messages: Record<string, string>): string[] {
	return Object.entries(messages)
		.filter(([key]) => key.startsWith('board_kind_'))
		.map(([, text]) => text);
}

/** A board of `kind` as init leaves it, or holding the real content of `board-content.ts`. */
function boardOf(kind: (typeof boardKinds)[number], content: boolean): Y.Doc {
	const doc = new Y.Doc();
	kind.init(doc);
	if (content) boardContent[kind.kind]!(doc);
	return doc;
}

/** The summaries of every exercise board holding real content, as the synthèse's prefill reads them. */
function exerciseSummaries() {
	return exerciseKinds.map((kind) => ({
		kind: kind.kind,
		summary: kind.summarize(boardOf(kind, true)),
		createdAt: new Date()
	}));
}

describe('board kind registry', () => {
	it('knows each kind once; the exercises are the kinds the application does not manage', () => {
		const ids = boardKinds.map((k) => k.kind);
		expect(new Set(ids).size).toBe(ids.length);
		expect(exerciseKinds).toEqual(boardKinds.filter((k) => !k.managed));
		// The synthèse is created by its own service: never offered as an exercise board.
		expect(findBoardKind('synthese')?.managed).toBe(true);
		expect(findBoardKind('tableau-magique')).toBeUndefined();
	});

	for (const kind of boardKinds) {
		it(`${kind.kind}: has real test content and a schema version`, () => {
			expect(boardContent[kind.kind], 'tests/helpers/board-content.ts').toBeTypeOf('function');
			expect(boardContentText[kind.kind], 'tests/helpers/board-content.ts').toBeTypeOf('string');
			expect(Number.isInteger(kind.version) && kind.version > 0, `version ${kind.version}`).toBe(
				true
			);
		});

		it(`${kind.kind}: is named in French and in English, as the messages say`, () => {
			const names = { fr: kind.label({ locale: 'fr' }), en: kind.label({ locale: 'en' }) };
			expect(kindNames(fr)).toContain(names.fr);
			expect(kindNames(en)).toContain(names.en);
			expect(names.fr).not.toBe(kind.kind);
			expect(names.en).not.toBe(kind.kind);
			// Two kinds never share a name.
			const others = boardKinds.filter((k) => k !== kind).map((k) => k.label({ locale: 'fr' }));
			expect(others).not.toContain(names.fr);
		});

		it(`${kind.kind}: its view loads a component`, async () => {
			expect((await kind.view()).default).toBeTypeOf('function');
		});

		it(`${kind.kind}: compares summaries: nothing between equal ones, changes once edited`, () => {
			const empty = kind.summarize(new Y.Doc());
			const initial = kind.summarize(boardOf(kind, false));
			const edited = kind.summarize(boardOf(kind, true));
			expect(kind.compare(initial, initial)).toEqual([]);
			expect(kind.compare(edited, edited)).toEqual([]);
			for (const sentence of kind.compare(empty, initial)) expect(sentence).toBeTypeOf('string');
			expect(kind.compare(initial, edited).length).toBeGreaterThan(0);
		});

		it(`${kind.kind}: its PDF section renders a fresh board and shows the content of one`, async () => {
			const { pdfSection } = await pdfSectionOf(kind.kind);
			expect(pdfSection(kind.summarize(boardOf(kind, false))).length).toBeGreaterThan(0);
			const content = pdfSection(kind.summarize(boardOf(kind, true)));
			expect(await pdfText(await renderPdf({ content }))).toContain(boardContentText[kind.kind]);
		});

		it(`${kind.kind}: proposes synthèse texts only for the synthèse's sections`, () => {
			const summary = kind.summarize(boardOf(kind, true));
			const proposed = kind.proposals?.(summary) ?? {};
			for (const id of Object.keys(proposed)) expect(sectionIds).toContain(id);
			const texts = prefillTexts([{ kind: kind.kind, summary, createdAt: new Date() }], [kind]);
			// A kind that proposes something proposes it from real content.
			expect(Object.keys(texts).length > 0).toBe(kind.proposals !== undefined);
		});

		it(`${kind.kind}: names what someone else changed on it (« nouveautés »)`, () => {
			const doc = boardOf(kind, false);
			const updates: Uint8Array[] = [];
			doc.on('update', (update: Uint8Array) => updates.push(update));
			boardContent[kind.kind]!(doc);
			const changes = updates.map((update, i) => ({
				seq: i + 1,
				userId: 'autre',
				at: new Date(),
				ids: changeIds(update)
			}));
			const placement = new Set(kind.news.placement);
			const entries = changesSince(doc, changes, 'moi', placement);
			expect(entries.length).toBeGreaterThan(0);
			for (const entry of entries) {
				const words = kind.news.describe(doc, entry.root, entry.key);
				expect(words.trim().length, `${entry.root}/${entry.key}`).toBeGreaterThan(0);
			}
			// A placement field is a field of the kind's entries.
			const entryShapes = Object.values(kind.schema.shapes).flatMap((shape) => {
				const entry = shape.type === 'map' ? shape.field('entry-id') : undefined;
				return entry?.type === 'map' ? [entry] : [];
			});
			for (const field of placement) {
				expect(
					entryShapes.some((shape) => shape.field(field) !== undefined),
					field
				).toBe(true);
			}
		});

		it(`${kind.kind}: init creates only declared roots, of their declared types`, () => {
			const doc = boardOf(kind, false);
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
			expect(server.version).toBe(kind.version);
			const updates = updatesOf((doc) => {
				kind.init(doc);
				boardContent[kind.kind]!(doc);
				if (kind.kind === 'synthese') {
					fillEmptySections(doc, prefillTexts(exerciseSummaries(), boardKinds));
				}
			});
			expectSchemaAccepts(server.schema, Y.encodeStateAsUpdate(new Y.Doc()), updates);
		});

		it(`${kind.kind}: a fresh board summarises to plain JSON`, () => {
			const summary = kind.summarize(boardOf(kind, false)) as { kind: string };
			expect(summary.kind).toBe(kind.kind);
			expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
		});
	}
});
