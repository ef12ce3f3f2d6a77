import * as Y from 'yjs';
import type { ArrayShape, DocSchema, MapShape, Shape } from './doc-schema.ts';

/**
 * Brings a document written by an older model up to its kind's schema: wherever the schema
 * declares a `text` shape for a map field (in a `map` or `mapOf`, at any depth, inside arrays of
 * maps too) and `doc` holds a plain string there — what models wrote before free text became a
 * Y.Text —, the string is replaced by a Y.Text holding it, in ONE transaction applied to `doc`.
 * Returns that transaction's update, or null when there was nothing to convert (so a second run
 * is a no-op). Generic over kinds: only the schema says where text lives.
 *
 * Two replicas upgrading the same document concurrently each set a Y.Text on the same keys; Yjs
 * keeps one of each pair (a map entry has one value), both holding the original string, so they
 * converge to the text once, never doubled. A string inside an array declared as text is left
 * alone: replacing an array element means delete + insert, which concurrent upgrades would
 * duplicate (no model keeps such a list).
 *
 * What the update writes passes the schema (`violationOf`) as long as each string fits its text's
 * `max`; a string a model wrote before the conversion always does when the kind kept its bound.
 */
export function upgradeUpdate(schema: DocSchema, doc: Y.Doc): Uint8Array | null {
	const before = Y.encodeStateVector(doc);
	let converted = 0;
	doc.transact(() => {
		for (const [name, shape] of Object.entries(schema.shapes)) {
			// Only maps and arrays hold map fields; `getMap`/`getArray` on a root never written
			// writes nothing.
			if (shape.type === 'map') converted += upgradeMap(doc.getMap(name), shape);
			else if (shape.type === 'array') converted += upgradeArray(doc.getArray(name), shape);
		}
	});
	return converted > 0 ? Y.encodeStateAsUpdate(doc, before) : null;
}

/** Converts the strings under `type` (of shape `shape`); returns how many it converted. */
function upgradeType(type: unknown, shape: Shape): number {
	if (shape.type === 'map' && type instanceof Y.Map) return upgradeMap(type, shape);
	if (shape.type === 'array' && type instanceof Y.Array) return upgradeArray(type, shape);
	return 0;
}

function upgradeMap(map: Y.Map<unknown>, shape: MapShape): number {
	let converted = 0;
	// The entries are read first: setting a key while iterating the map would revisit it.
	for (const [key, value] of [...map.entries()]) {
		const field = shape.field(key);
		if (field === undefined) continue;
		if (field.type === 'text' && typeof value === 'string') {
			map.set(key, new Y.Text(value));
			converted++;
		} else {
			converted += upgradeType(value, field);
		}
	}
	return converted;
}

function upgradeArray(array: Y.Array<unknown>, shape: ArrayShape): number {
	let converted = 0;
	for (const element of array.toArray()) converted += upgradeType(element, shape.of);
	return converted;
}
