import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { schemaViolations } from '../../../tests/helpers/yjs-peers.ts';
import * as s from './doc-schema.ts';

let accepted = 0;
/** Counts the values checked, to show that only what an update wrote is read. */
const counted = s.value((v) => {
	accepted++;
	return typeof v === 'string';
});

const schema = s.docSchema({
	meta: s.map({
		title: s.string(10, { min: 1 }),
		count: s.integer(0, 5),
		ratio: s.number(0, 1),
		tag: s.nullable(s.oneOf(['a', 'b'])),
		list: s.array(s.string(5)),
		note: s.text(20),
		any: s.json
	}),
	items: s.mapOf(s.map({ label: s.string(10), order: s.orderKey })),
	counted: s.mapOf(counted),
	log: s.array(s.json),
	body: s.text(20)
});

/**
 * What `schema` says of the change `edit` makes, sent as an update to a server that holds what
 * `base` wrote (like the sync server's speculative document). The sender keeps deleted content
 * (no garbage collection), as a hostile client may.
 */
function verdict(edit: (doc: Y.Doc) => void, base?: (doc: Y.Doc) => void): s.Violation | null {
	const doc = new Y.Doc({ gc: false });
	base?.(doc);
	const state = Y.encodeStateAsUpdate(doc);
	const before = Y.encodeStateVector(doc);
	edit(doc);
	return schemaViolations(schema, state, [Y.encodeStateAsUpdate(doc, before)])[0] ?? null;
}

const meta = (doc: Y.Doc) => doc.getMap<unknown>('meta');
const withItem = (doc: Y.Doc) => {
	const item = new Y.Map<unknown>();
	item.set('label', 'Un');
	doc.getMap('items').set('item-1', item);
};

describe('document schema', () => {
	it('declares the roots with their Yjs types', () => {
		expect(schema.roots).toEqual({
			meta: 'map',
			items: 'map',
			counted: 'map',
			log: 'array',
			body: 'text'
		});
	});

	it('accepts what fits: values, nested maps, lists, texts, and deletions of anything', () => {
		expect(
			verdict((doc) => {
				meta(doc).set('title', 'Bonjour');
				meta(doc).set('count', 5);
				meta(doc).set('ratio', 0.5);
				meta(doc).set('tag', null);
				meta(doc).set('any', { nested: [1, 'deux', { trois: true }], vide: null });
				const list = new Y.Array<string>();
				list.push(['a', 'bb']);
				meta(doc).set('list', list);
				const note = new Y.Text();
				note.insert(0, 'une note');
				meta(doc).set('note', note);
				withItem(doc);
				doc.getMap<Y.Map<unknown>>('items').get('item-1')!.set('order', 'a0V');
				doc.getArray('log').push([{ event: 'x' }, 2, 'trois']);
				doc.getText('body').insert(0, 'du texte');
			})
		).toBeNull();
		expect(
			verdict(
				(doc) => {
					doc.getMap('items').delete('item-1');
					doc.getText('body').delete(0, 3);
					meta(doc).delete('any');
				},
				(doc) => {
					withItem(doc);
					doc.getText('body').insert(0, 'du texte');
					meta(doc).set('any', 1);
				}
			)
		).toBeNull();
	});

	it('refuses unknown fields, and keys that are not ids', () => {
		expect(verdict((doc) => meta(doc).set('other', 1))).toBe('unknown field');
		expect(
			verdict((doc) => doc.getMap<Y.Map<unknown>>('items').get('item-1')!.set('x', ''), withItem)
		).toBe('unknown field');
		expect(verdict((doc) => doc.getMap('items').set('k'.repeat(65), new Y.Map()))).toBe(
			'unknown field'
		);
		expect(verdict((doc) => doc.getMap('items').set('', new Y.Map()))).toBe('unknown field');
	});

	it('refuses the wrong type, wherever it goes', () => {
		expect(verdict((doc) => meta(doc).set('title', new Y.Map()))).toBe('wrong type');
		expect(verdict((doc) => meta(doc).set('list', new Y.Text()))).toBe('wrong type');
		expect(verdict((doc) => meta(doc).set('note', 'plain text'))).toBe('wrong type');
		expect(verdict((doc) => doc.getMap('items').set('item-1', 'plain'))).toBe('wrong type');
		expect(verdict((doc) => doc.getArray('log').push([new Y.Map()]))).toBe('wrong type');
		// A root written as another type than declared (a text where a map is).
		expect(verdict((doc) => doc.getText('meta').insert(0, 'x'))).toBe('wrong type');
		expect(verdict((doc) => doc.getMap('log').set('k', 1))).toBe('wrong type');
		// An XML text is not a Y.Text.
		expect(verdict((doc) => meta(doc).set('note', new Y.XmlText()))).toBe('wrong type');
	});

	it('refuses values out of their bounds', () => {
		expect(verdict((doc) => meta(doc).set('title', ''))).toBe('invalid value');
		expect(verdict((doc) => meta(doc).set('title', 'x'.repeat(11)))).toBe('invalid value');
		expect(verdict((doc) => meta(doc).set('count', 6))).toBe('invalid value');
		expect(verdict((doc) => meta(doc).set('count', 1.5))).toBe('invalid value');
		expect(verdict((doc) => meta(doc).set('ratio', 2))).toBe('invalid value');
		expect(verdict((doc) => meta(doc).set('tag', 'c'))).toBe('invalid value');
		expect(verdict((doc) => meta(doc).set('count', '3'))).toBe('invalid value');
		expect(verdict((doc) => doc.getText('body').insert(0, 'x'.repeat(21)))).toBe('invalid value');
		expect(
			verdict(
				(doc) => doc.getMap<Y.Map<unknown>>('items').get('item-1')!.set('order', 'a-b'),
				withItem
			)
		).toBe('invalid value');
	});

	it('refuses every value that is not JSON: bigint, NaN, undefined, bytes inside a value', () => {
		for (const value of [
			10n,
			{ deep: [1, 2n] },
			Number.NaN,
			Number.POSITIVE_INFINITY,
			undefined,
			{ bytes: new Uint8Array([1]) }
		]) {
			expect(
				verdict((doc) => meta(doc).set('any', value)),
				String(value)
			).toBe('non-JSON value');
		}
		expect(verdict((doc) => doc.getArray('log').push([1, [2n]]))).toBe('non-JSON value');
	});

	it("refuses U+0000 anywhere (PostgreSQL's JSON cannot hold it): values, keys, texts", () => {
		expect(verdict((doc) => meta(doc).set('title', 'a\u0000b'))).toBe('non-JSON value');
		expect(verdict((doc) => meta(doc).set('any', { 'a\u0000': 1 }))).toBe('non-JSON value');
		expect(verdict((doc) => doc.getText('body').insert(0, 'a\u0000'))).toBe('non-JSON value');
		expect(verdict((doc) => doc.getMap('items').set('a\u0000', new Y.Map()))).toBe('unknown field');
	});

	it('refuses binary content, subdocuments, embeds and formatting', () => {
		expect(verdict((doc) => meta(doc).set('any', new Uint8Array([1, 2])))).toBe(
			'unsupported content'
		);
		expect(verdict((doc) => meta(doc).set('any', new Y.Doc()))).toBe('unsupported content');
		expect(verdict((doc) => doc.getText('body').insertEmbed(0, { image: 'x' }))).toBe(
			'unsupported content'
		);
		expect(verdict((doc) => doc.getText('body').insert(0, 'gras', { bold: true }))).toBe(
			'unsupported content'
		);
		expect(
			verdict(
				(doc) => doc.getText('body').format(0, 2, { bold: true }),
				(doc) => doc.getText('body').insert(0, 'texte')
			)
		).toBe('unsupported content');
	});

	it('refuses undeclared roots', () => {
		expect(verdict((doc) => doc.getMap('evil').set('k', 'v'))).toBe('undeclared root');
		expect(verdict((doc) => doc.getArray('evil').push([1]))).toBe('undeclared root');
	});

	it('refuses a value even when the same update deletes it again', () => {
		expect(
			verdict((doc) =>
				doc.transact(() => {
					meta(doc).set('any', 10n);
					meta(doc).delete('any');
				})
			)
		).toBe('non-JSON value');
	});

	it('reads only what the update wrote, however large the document', () => {
		const base = (doc: Y.Doc) => {
			for (let i = 0; i < 2000; i++) doc.getMap('counted').set(`k${i}`, `valeur ${i}`);
		};
		accepted = 0;
		expect(verdict((doc) => doc.getMap('counted').set('k7', 'nouvelle'), base)).toBeNull();
		expect(accepted).toBe(1);
	});
});
