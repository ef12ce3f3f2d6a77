import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { legacyUpdate, textKind } from '../../../tests/helpers/legacy-board.ts';
import { violationOf } from './doc-schema.ts';
import { restoreUpdate } from './restore.ts';
import { upgradeUpdate } from './upgrade.ts';

const schema = textKind.schema;

/** A document as written before the conversion: plain strings. */
function legacyDoc(labels: Record<string, string>, title: string): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, legacyUpdate(labels, title));
	// Typed roots, as a model reading the board defines them (`toJSON` lists only those).
	for (const name of Object.keys(schema.roots)) doc.getMap(name);
	return doc;
}

function label(doc: Y.Doc, id: string): unknown {
	return (doc.getMap('cards').get(id) as Y.Map<unknown>).get('label');
}

/** Applies the restore to `current` and checks it as the sync server would. */
function restore(current: Y.Doc, snapshot: Y.Doc): void {
	const update = restoreUpdate(
		schema,
		Y.encodeStateAsUpdate(current),
		Y.encodeStateAsUpdate(snapshot)
	);
	expect(violationOf(current, schema, () => Y.applyUpdate(current, update))).toBeNull();
}

describe('restoreUpdate of a snapshot taken before free text became a Y.Text', () => {
	it('writes Y.Texts, never the strings the schema now refuses', () => {
		const snapshot = legacyDoc({ a: 'Autonomie', b: 'Créativité' }, 'Avant');
		const current = legacyDoc({ a: 'Autonomie', c: 'Sécurité' }, 'Après');
		upgradeUpdate(schema, current);
		(current.getMap('cards').get('a') as Y.Map<Y.Text>).get('label')!.insert(0, 'Mon ');

		restore(current, snapshot);

		expect(current.toJSON()).toEqual(snapshot.toJSON());
		expect(label(current, 'a')).toBeInstanceOf(Y.Text);
		expect(label(current, 'b')).toBeInstanceOf(Y.Text);
		expect(current.getMap('meta').get('title')).toBeInstanceOf(Y.Text);
		expect(String(current.getMap('meta').get('title'))).toBe('Avant');
	});

	it('leaves a text equal to the snapshot’s untouched (the same Y.Text, still edited live)', () => {
		const snapshot = legacyDoc({ a: 'Autonomie' }, 'Titre');
		const current = legacyDoc({ a: 'Autonomie', c: 'Sécurité' }, 'Titre');
		upgradeUpdate(schema, current);
		const text = label(current, 'a');

		restore(current, snapshot);

		expect(label(current, 'a')).toBe(text);
		expect(current.getMap('cards').has('c')).toBe(false);
	});

	it('upgrades a board not upgraded yet along with the restore', () => {
		const snapshot = legacyDoc({ a: 'Autonomie' }, 'Titre');
		const current = legacyDoc({ a: 'Autonomie', c: 'Sécurité' }, 'Titre');

		restore(current, snapshot);

		expect(current.toJSON()).toEqual(snapshot.toJSON());
		expect(label(current, 'a')).toBeInstanceOf(Y.Text);
		expect(current.getMap('meta').get('title')).toBeInstanceOf(Y.Text);
	});
});
