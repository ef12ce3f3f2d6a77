import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as s from './doc-schema.ts';
import { upgradeUpdate } from './upgrade.ts';

/** A tiny kind of our own: the real kinds' schemas change as they are converted. */
const schema = s.docSchema({
	cards: s.mapOf(
		s.map({
			label: s.text(60),
			pile: s.string(20),
			notes: s.array(s.map({ body: s.text(100), by: s.string(20) }))
		})
	),
	meta: s.map({ title: s.text(80), settings: s.map({ caption: s.text(40) }) }),
	log: s.array(s.map({ line: s.text(30) }))
});

/** A document as the models wrote it before free text became a Y.Text: plain strings. */
function legacyDoc(): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		const card = new Y.Map<unknown>();
		card.set('label', 'Autonomie');
		card.set('pile', 'essentiel');
		const note = new Y.Map<unknown>();
		note.set('body', 'Dit en séance');
		note.set('by', 'Bruno');
		const notes = new Y.Array<Y.Map<unknown>>();
		notes.push([note]);
		card.set('notes', notes);
		doc.getMap('cards').set('c1', card);
		const empty = new Y.Map<unknown>();
		empty.set('label', '');
		doc.getMap('cards').set('c2', empty);
		const meta = doc.getMap('meta');
		meta.set('title', 'Mes valeurs');
		const settings = new Y.Map<unknown>();
		settings.set('caption', 'Légende');
		meta.set('settings', settings);
		const line = new Y.Map<unknown>();
		line.set('line', 'première');
		doc.getArray('log').push([line]);
	});
	return doc;
}

function copyOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

function card(doc: Y.Doc, id: string): Y.Map<unknown> {
	return doc.getMap('cards').get(id) as Y.Map<unknown>;
}

function noteOf(doc: Y.Doc): Y.Map<unknown> {
	return (card(doc, 'c1').get('notes') as Y.Array<Y.Map<unknown>>).get(0);
}

/** Every place the schema declares as text, as it reads (a Y.Text's string, or the value). */
function texts(doc: Y.Doc) {
	const meta = doc.getMap('meta');
	return {
		label: card(doc, 'c1').get('label'),
		empty: card(doc, 'c2').get('label'),
		body: noteOf(doc).get('body'),
		title: meta.get('title'),
		caption: (meta.get('settings') as Y.Map<unknown>).get('caption'),
		line: (doc.getArray('log').get(0) as Y.Map<unknown>).get('line')
	};
}

describe('upgradeUpdate', () => {
	it('turns every string the schema declares as text into a Y.Text holding it', () => {
		const doc = legacyDoc();
		const before = doc.toJSON();
		const source = copyOf(doc);
		const update = upgradeUpdate(schema, source);
		expect(update).not.toBeNull();

		// The update is what a replica applies; it passes the schema like any client's update.
		expect(s.violationOf(doc, schema, () => Y.applyUpdate(doc, update!))).toBeNull();
		for (const value of Object.values(texts(doc))) expect(value).toBeInstanceOf(Y.Text);
		expect(Object.fromEntries(Object.entries(texts(doc)).map(([k, v]) => [k, String(v)]))).toEqual({
			label: 'Autonomie',
			empty: '',
			body: 'Dit en séance',
			title: 'Mes valeurs',
			caption: 'Légende',
			line: 'première'
		});
		// Plain fields stay plain; the document reads the same as before.
		expect(card(doc, 'c1').get('pile')).toBe('essentiel');
		expect(noteOf(doc).get('by')).toBe('Bruno');
		expect(doc.toJSON()).toEqual(before);
		expect(source.toJSON()).toEqual(before);
	});

	it('converts in one transaction', () => {
		const doc = legacyDoc();
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		upgradeUpdate(schema, doc);
		expect(transactions).toBe(1);
	});

	it('is idempotent: a second run, or a document already upgraded, gives null', () => {
		const doc = legacyDoc();
		expect(upgradeUpdate(schema, doc)).not.toBeNull();
		const state = Y.encodeStateAsUpdate(doc);
		expect(upgradeUpdate(schema, doc)).toBeNull();
		expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
		expect(upgradeUpdate(schema, new Y.Doc())).toBeNull();
	});

	it('leaves what the schema does not declare as text alone', () => {
		const doc = new Y.Doc();
		const item = new Y.Map<unknown>();
		item.set('pile', 'essentiel');
		item.set('label', 42);
		item.set('unknown', 'texte');
		doc.getMap('cards').set('c1', item);
		doc.getMap('undeclared').set('label', 'texte');
		expect(upgradeUpdate(schema, doc)).toBeNull();
		expect(item.get('label')).toBe(42);
	});

	it('two replicas upgrading concurrently converge to one Y.Text with the text once', () => {
		const a = legacyDoc();
		const b = copyOf(a);
		const fromA = upgradeUpdate(schema, a)!;
		const fromB = upgradeUpdate(schema, b)!;
		Y.applyUpdate(a, fromB);
		Y.applyUpdate(b, fromA);
		expect(a.toJSON()).toEqual(b.toJSON());
		expect(String(texts(a).label)).toBe('Autonomie');
		expect(String(texts(b).body)).toBe('Dit en séance');
		for (const value of Object.values(texts(a))) expect(value).toBeInstanceOf(Y.Text);
		// Then an edit on one replica reaches the other's Y.Text (the same one was kept).
		(texts(a).label as Y.Text).insert(9, ' !');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		expect(String(texts(b).label)).toBe('Autonomie !');
		expect(upgradeUpdate(schema, a)).toBeNull();
		expect(upgradeUpdate(schema, b)).toBeNull();
	});
});
