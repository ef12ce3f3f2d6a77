import * as Y from 'yjs';
import { MAX_KEY_LENGTH } from './fractional-index.ts';

/**
 * What a board kind's document may contain, declared once in its model and checked by the sync
 * server on every client update (the way tldraw's sync room validates records against its
 * schema). Import it as a namespace: `s.map({ label: s.string(60) })`.
 *
 * A shape describes one place of the document: a Yjs map with known fields (`map`) or keyed by
 * id (`mapOf`), a Y.Array (`array`), a Y.Text (`text`), or a plain JSON value stored as is
 * (`string`, `integer`, `oneOf`…). Turning a free-text field into a Y.Text is one line:
 * `why: s.string(WHY_MAX)` becomes `why: s.text(WHY_MAX)`.
 *
 * Fields are never required, and counts are not bounded: concurrent edits legitimately leave a
 * map without a field a model always writes, or a list past a model's limit, and the readers
 * cope. What is refused is what no model writes: an unknown field, a wrong type, a value out of
 * bounds, and anything that is not JSON (bigint, binary, undefined, subdocuments, embeds, and
 * U+0000, which PostgreSQL's JSON cannot hold).
 */

/** The Yjs shared type a root name is declared as. */
export type RootType = 'map' | 'array' | 'text' | 'xml';

/** A JSON value (what `JSON.stringify` and `JSON.parse` round-trip). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A plain JSON value stored as it is (a map field, an array element). */
export interface ValueShape {
	type: 'value';
	accepts(value: Json): boolean;
}
/** A Y.Map: `field(key)` is the shape of the entry `key`, undefined for a key not allowed. */
export interface MapShape {
	type: 'map';
	field(key: string): Shape | undefined;
}
/** A Y.Array whose elements all have the shape `of`. */
export interface ArrayShape {
	type: 'array';
	of: Shape;
}
/** A Y.Text of plain text (no formatting, no embeds); one update inserts at most `max` characters. */
export interface TextShape {
	type: 'text';
	max: number;
}
export type TypeShape = MapShape | ArrayShape | TextShape;
export type Shape = ValueShape | TypeShape;

/** A board kind's document: its roots (names and Yjs types) and what each may contain. */
export interface DocSchema {
	roots: Readonly<Record<string, RootType>>;
	shapes: Readonly<Record<string, TypeShape>>;
}

export function docSchema(shapes: Record<string, TypeShape>): DocSchema {
	const roots = Object.fromEntries(
		Object.entries(shapes).map(([name, shape]) => [name, shape.type])
	);
	return { roots, shapes };
}

// ------------------------------------------------------------------------------ values

/** A JSON value `accepts` allows. */
export function value(accepts: (value: Json) => boolean): ValueShape {
	return { type: 'value', accepts };
}

/** Any JSON value. */
export const json = value(() => true);

export const boolean = value((v) => typeof v === 'boolean');

/** A string of `min` (default 0) to `max` characters that passes `test`, when given. */
export function string(
	max: number,
	options: { min?: number; test?: (text: string) => boolean } = {}
): ValueShape {
	const { min = 0, test } = options;
	return value(
		(v) => typeof v === 'string' && v.length >= min && v.length <= max && (test?.(v) ?? true)
	);
}

export function integer(min: number, max: number): ValueShape {
	return value((v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max);
}

/** A number within `[min, max]` (always finite: JSON has no NaN or Infinity). */
export function number(min: number, max: number): ValueShape {
	return value((v) => typeof v === 'number' && v >= min && v <= max);
}

export function oneOf(choices: readonly string[]): ValueShape {
	return value((v) => typeof v === 'string' && choices.includes(v));
}

export function nullable(shape: ValueShape): ValueShape {
	return value((v) => v === null || shape.accepts(v));
}

/** Longest id the models make (`newId`, deck ids) or refer to, with room to spare. */
export const ID_MAX = 64;
/** An item id (a key of `mapOf`, or a reference such as an action's `pisteId`). */
export const id = string(ID_MAX, { min: 1 });

const ORDER_KEY = /^[0-9A-Za-z]+$/;
/**
 * A fractional order key. `keyBetween` may return a key a few characters past MAX_KEY_LENGTH
 * (readers then treat it as invalid and the next move re-keys the list), so a little more is
 * allowed here: a model must never be refused for a key it wrote.
 */
export const orderKey = string(2 * MAX_KEY_LENGTH, { min: 1, test: (key) => ORDER_KEY.test(key) });

// ------------------------------------------------------------------------------ Yjs types

/** A Y.Map with these fields (and no other). */
export function map(fields: Record<string, Shape>): MapShape {
	return { type: 'map', field: (key) => (Object.hasOwn(fields, key) ? fields[key] : undefined) };
}

/** A Y.Map of items keyed by id, each of shape `item`. */
export function mapOf(item: Shape, key: ValueShape = id): MapShape {
	return { type: 'map', field: (name) => (isJson(name) && key.accepts(name) ? item : undefined) };
}

export function array(of: Shape): ArrayShape {
	return { type: 'array', of };
}

export function text(max: number): TextShape {
	return { type: 'text', max };
}

// ------------------------------------------------------------------------------ validation

/** Why an update is refused: a short, closed vocabulary (it is a close reason and a metric label). */
export type Violation =
	| 'undeclared root'
	| 'unknown field'
	| 'wrong type'
	| 'invalid value'
	| 'non-JSON value'
	| 'unsupported content';

const typeClasses = { map: Y.Map, array: Y.Array, text: Y.Text } as const;

/**
 * What `transaction` wrote that `schema` refuses, or null. Only the structs the transaction
 * integrated are read (between its before and after state vectors, before Yjs merges or
 * garbage-collects them), each checked against the shape of the place it was inserted in: the
 * cost follows the update, never the document. Deletions are always allowed.
 */
export function schemaViolation(schema: DocSchema, transaction: Y.Transaction): Violation | null {
	const places = new Map<Y.AbstractType<unknown>, Shape | Violation>();
	const placeOf = (type: Y.AbstractType<unknown>): Shape | Violation => {
		let place = places.get(type);
		if (place === undefined) {
			place = findPlace(schema, type, placeOf);
			places.set(type, place);
		}
		return place;
	};
	const { store } = transaction.doc;
	for (const [client, after] of transaction.afterState) {
		const before = transaction.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = store.clients.get(client) ?? [];
		for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
			const struct = structs[i];
			if (!(struct instanceof Y.Item)) continue;
			const violation = itemViolation(struct, placeOf);
			if (violation) return violation;
		}
	}
	return null;
}

/**
 * Runs `write` on `doc` (applying an update, a transaction) and returns the first thing `schema`
 * refuses in the transactions it made, or null. `write` may throw: the check is detached anyway.
 */
export function violationOf(doc: Y.Doc, schema: DocSchema, write: () => void): Violation | null {
	let violation: Violation | null = null;
	const check = (transaction: Y.Transaction) => {
		violation ??= schemaViolation(schema, transaction);
	};
	doc.on('afterTransaction', check);
	try {
		write();
	} finally {
		doc.off('afterTransaction', check);
	}
	return violation;
}

function findPlace(
	schema: DocSchema,
	type: Y.AbstractType<unknown>,
	placeOf: (type: Y.AbstractType<unknown>) => Shape | Violation
): Shape | Violation {
	const item = type._item;
	if (item === null) {
		const name = Y.findRootTypeKey(type);
		return Object.hasOwn(schema.shapes, name) ? schema.shapes[name]! : 'undeclared root';
	}
	const parent = placeOf(item.parent as Y.AbstractType<unknown>);
	return typeof parent === 'string' ? parent : slotIn(parent, item.parentSub);
}

/** The shape of what goes at `key` (null: in the list) of a place of shape `parent`. */
function slotIn(parent: Shape, key: string | null): Shape | Violation {
	switch (parent.type) {
		case 'map':
			return key === null ? 'wrong type' : (parent.field(key) ?? 'unknown field');
		case 'array':
			return key === null ? parent.of : 'wrong type';
		case 'text':
			return key === null ? parent : 'wrong type';
		case 'value':
			return 'wrong type';
	}
}

function itemViolation(
	item: Y.Item,
	placeOf: (type: Y.AbstractType<unknown>) => Shape | Violation
): Violation | null {
	const parent = placeOf(item.parent as Y.AbstractType<unknown>);
	if (typeof parent === 'string') return parent;
	const slot = slotIn(parent, item.parentSub);
	if (typeof slot === 'string') return slot;
	const content = item.content;
	if (content instanceof Y.ContentDeleted) return null;
	if (content instanceof Y.ContentAny) {
		for (const entry of content.arr) {
			if (!isJson(entry)) return 'non-JSON value';
			if (slot.type !== 'value') return 'wrong type';
			if (!slot.accepts(entry)) return 'invalid value';
		}
		return null;
	}
	if (content instanceof Y.ContentType) {
		return slot.type !== 'value' && content.type.constructor === typeClasses[slot.type]
			? null
			: 'wrong type';
	}
	if (content instanceof Y.ContentString) {
		if (slot.type !== 'text') return 'wrong type';
		if (!storable(content.str)) return 'non-JSON value';
		return content.str.length <= slot.max ? null : 'invalid value';
	}
	// Binary, subdocuments, embeds, formatting, legacy JSON: no model writes them.
	return 'unsupported content';
}

/**
 * Whether `text` can be stored: PostgreSQL's JSON refuses U+0000, so a string holding it would
 * make every snapshot of the board (a summary is jsonb) fail.
 */
function storable(text: string): boolean {
	return !text.includes('\u0000');
}

/** Whether `value` is plain JSON all the way down (what Yjs decodes may be bigint, bytes…). */
export function isJson(value: unknown): value is Json {
	switch (typeof value) {
		case 'string':
			return storable(value);
		case 'boolean':
			return true;
		case 'number':
			return Number.isFinite(value);
		case 'object':
			if (value === null) return true;
			if (Array.isArray(value)) return value.every(isJson);
			return (
				Object.getPrototypeOf(value) === Object.prototype &&
				Object.entries(value).every(([key, entry]) => storable(key) && isJson(entry))
			);
		default:
			return false;
	}
}
