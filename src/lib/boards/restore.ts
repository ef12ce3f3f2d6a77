import * as Y from 'yjs';
import { violationOf, type DocSchema, type RootType } from './doc-schema.ts';
import { BoardInputError } from './model-kit.ts';
import { upgradeUpdate } from './upgrade.ts';

/**
 * Restoring a board from a snapshot, as a NEW change on top of the current document (history
 * kept, nothing rewritten): the update that makes each declared root of `current` equal to the
 * snapshot's. Generic over board kinds: it only knows the roots and Yjs's own types, so every
 * kind (and every future one) restores the same way. Entries already equal are left untouched,
 * so someone editing another part of the board meanwhile loses nothing there.
 *
 * What it writes must pass the kind's schema, like any client's update: a snapshot taken before
 * updates were validated may hold a value no model writes (a bigint…). Restoring it is refused
 * with a `BoardInputError` ('invalid', field 'snapshot') rather than written back. A snapshot
 * taken before a field became a Y.Text holds a plain string there: both documents are upgraded
 * first (`upgradeUpdate`), so the restore compares like with like and writes Y.Texts.
 */
export function restoreUpdate(
	schema: DocSchema,
	current: Uint8Array,
	snapshot: Uint8Array
): Uint8Array {
	const doc = new Y.Doc();
	const source = new Y.Doc();
	try {
		Y.applyUpdate(doc, current);
		Y.applyUpdate(source, snapshot);
		upgradeUpdate(schema, source);
		const before = Y.encodeStateVector(doc);
		const violation = violationOf(doc, schema, () => {
			// A board not upgraded yet: its conversion goes out with the restore.
			upgradeUpdate(schema, doc);
			doc.transact(() => {
				for (const [name, type] of Object.entries(schema.roots)) {
					replaceRoot(doc, source, name, type);
				}
			});
		});
		if (violation) throw new BoardInputError('invalid', 'snapshot', `snapshot: ${violation}`);
		return Y.encodeStateAsUpdate(doc, before);
	} finally {
		doc.destroy();
		source.destroy();
	}
}

function replaceRoot(doc: Y.Doc, source: Y.Doc, name: string, type: RootType): void {
	switch (type) {
		case 'map':
			return replaceMap(doc.getMap(name), source.getMap(name));
		case 'array':
			return replaceArray(doc.getArray(name), source.getArray(name));
		case 'text':
			return replaceText(doc.getText(name), source.getText(name));
		case 'xml':
			return replaceXml(doc.getXmlFragment(name), source.getXmlFragment(name));
	}
}

/** Shared types are copied (a type belongs to one document); plain JSON values as they are. */
function copy(value: unknown): unknown {
	return value instanceof Y.AbstractType ? value.clone() : value;
}

function plain(value: unknown): string {
	return stringify(value instanceof Y.AbstractType ? value.toJSON() : value);
}

/** JSON text for comparing; an old document may hold a bigint, which `JSON.stringify` throws on. */
function stringify(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		typeof v === 'bigint' ? { bigint: String(v) } : v
	);
}

function replaceMap(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
	for (const key of [...target.keys()]) {
		if (!source.has(key)) target.delete(key);
	}
	for (const [key, value] of source.entries()) {
		const existing = target.get(key);
		const same =
			target.has(key) &&
			existing instanceof Y.AbstractType === value instanceof Y.AbstractType &&
			plain(existing) === plain(value);
		if (!same) target.set(key, copy(value));
	}
}

function replaceArray(target: Y.Array<unknown>, source: Y.Array<unknown>): void {
	if (plain(target) === plain(source)) return;
	target.delete(0, target.length);
	target.insert(0, source.toArray().map(copy));
}

function replaceText(target: Y.Text, source: Y.Text): void {
	if (stringify(target.toDelta()) === stringify(source.toDelta())) return;
	target.delete(0, target.length);
	target.applyDelta(source.toDelta());
}

function replaceXml(target: Y.XmlFragment, source: Y.XmlFragment): void {
	if (target.toString() === source.toString()) return;
	target.delete(0, target.length);
	// Hooks (editor embeds) cannot be inserted into a fragment by Yjs: none of our kinds uses them.
	const children = source
		.toArray()
		.map((child) => child.clone())
		.filter((child): child is Y.XmlElement | Y.XmlText => !(child instanceof Y.XmlHook));
	target.insert(0, children);
}
