import * as Y from 'yjs';
import { placeAt, saltFor, sortOrdered, type Ordered } from './fractional-index.ts';
import { applyTextEdit, type TextField } from './text-field.ts';

/**
 * Shared helpers of the board models: input validation with typed errors, ids, and defensive
 * reading of item maps (a document may hold anything a hostile peer wrote, so readers never
 * trust a field's type).
 */

/** Why a board operation refused its input. */
export type BoardInputReason =
	| 'empty'
	| 'too_long'
	| 'out_of_range'
	| 'invalid'
	| 'unknown_id'
	| 'duplicate'
	| 'limit_reached'
	| 'not_fresh';

/** A board operation was called with input that would break the board's rules. */
export class BoardInputError extends Error {
	readonly reason: BoardInputReason;
	/** The input field at fault (`label`, `satisfaction`, `cardId`…). */
	readonly field: string;

	constructor(reason: BoardInputReason, field: string, message?: string) {
		super(message ?? `${field}: ${reason}`);
		this.name = 'BoardInputError';
		this.reason = reason;
		this.field = field;
	}
}

/**
 * Trims `value` and checks its length; `min: 0` allows an empty string. U+0000 is refused: the
 * summaries are stored as PostgreSQL JSON, which cannot hold it (the sync server refuses it too).
 */
export function cleanText(value: unknown, field: string, max: number, min = 1): string {
	if (typeof value !== 'string' || value.includes('\u0000')) {
		throw new BoardInputError('invalid', field);
	}
	const text = value.trim();
	if (text.length < min) throw new BoardInputError('empty', field);
	if (text.length > max) throw new BoardInputError('too_long', field);
	return text;
}

/** Checks that `value` is an integer in `[min, max]`. */
export function cleanInteger(value: unknown, field: string, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value)) {
		throw new BoardInputError('invalid', field);
	}
	if (value < min || value > max) throw new BoardInputError('out_of_range', field);
	return value;
}

/** Checks that `value` is one of `allowed`. */
export function cleanChoice<T extends string>(
	value: unknown,
	field: string,
	allowed: readonly T[]
): T {
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		throw new BoardInputError('invalid', field);
	}
	return value as T;
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A random item id. `crypto.getRandomValues` rather than `randomUUID`, which browsers only offer
 * on secure origins.
 */
export function newId(prefix: string): string {
	const bytes = new Uint8Array(12);
	crypto.getRandomValues(bytes);
	let id = '';
	for (const byte of bytes) id += ID_ALPHABET.charAt(byte % ID_ALPHABET.length);
	return `${prefix}${id}`;
}

/** The item maps of a root map (entries that are not a Y.Map are ignored: hostile input). */
export function itemEntries(root: Y.Map<unknown>): [string, Y.Map<unknown>][] {
	const entries: [string, Y.Map<unknown>][] = [];
	root.forEach((value, id) => {
		if (value instanceof Y.Map) entries.push([id, value as Y.Map<unknown>]);
	});
	return entries;
}

/** The item map `id` of `root`, or a `unknown_id` error. */
export function requireItem(root: Y.Map<unknown>, id: unknown, field: string): Y.Map<unknown> {
	const item = typeof id === 'string' ? root.get(id) : undefined;
	if (!(item instanceof Y.Map)) throw new BoardInputError('unknown_id', field);
	return item as Y.Map<unknown>;
}

/** A new item map holding `fields`. */
export function newItem(fields: Record<string, unknown>): Y.Map<unknown> {
	const item = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) item.set(key, value);
	return item;
}

/** `item[key]` if it is a string, else `fallback`. */
export function readString(item: Y.Map<unknown>, key: string, fallback = ''): string {
	const value = item.get(key);
	return typeof value === 'string' ? value : fallback;
}

/**
 * The free text `item[key]`: a Y.Text, co-edited live. A plain string is still read (a board
 * from before free text was shared, until `upgrade.ts` converts it).
 */
export function readText(item: Y.Map<unknown>, key: string, fallback = ''): string {
	const value = item.get(key);
	if (value instanceof Y.Text) return value.toString();
	return typeof value === 'string' ? value : fallback;
}

/** The Y.Text `item[key]`, or null when the field is missing or not a Y.Text. */
export function sharedText(item: Y.Map<unknown>, key: string): Y.Text | null {
	const value = item.get(key);
	return value instanceof Y.Text ? value : null;
}

/**
 * The free text `key` of the item `id` in the root map `root`, as a view types into it
 * (`SharedTextField`): null once the item is gone.
 */
export function itemTextField(root: string, id: string, key: string, max: number): TextField {
	return {
		key: `${root}/${id}/${key}`,
		max,
		locate(doc) {
			const item = doc.getMap<unknown>(root).get(id);
			return item instanceof Y.Map ? sharedText(item as Y.Map<unknown>, key) : null;
		}
	};
}

/** A new Y.Text holding `value`, for a free-text field of a new item (see `newItem`). */
export function newText(value: string): Y.Text {
	return new Y.Text(value);
}

/**
 * Makes the free text `item[key]` read `value`: by the smallest edit when it is a Y.Text (a
 * concurrent edit elsewhere in the text survives), else by setting a new Y.Text.
 */
export function writeText(item: Y.Map<unknown>, key: string, value: string): void {
	const text = sharedText(item, key);
	if (text) applyTextEdit(text, value);
	else item.set(key, newText(value));
}

/** `item[key]` if it is an integer within `[min, max]`, else `fallback`. */
export function readInteger<F>(
	item: Y.Map<unknown>,
	key: string,
	min: number,
	max: number,
	fallback: F
): number | F {
	const value = item.get(key);
	return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
		? value
		: fallback;
}

/** `item[key]` if it is one of `allowed`, else `fallback`. */
export function readChoice<T extends string>(
	item: Y.Map<unknown>,
	key: string,
	allowed: readonly T[],
	fallback: T
): T {
	const value = item.get(key);
	return typeof value === 'string' && (allowed as readonly string[]).includes(value)
		? (value as T)
		: fallback;
}

/** The strings of the Y.Array `item[key]` (non-strings skipped). */
export function readStringList(item: Y.Map<unknown>, key: string): string[] {
	const value = item.get(key);
	if (!(value instanceof Y.Array)) return [];
	return value.toArray().filter((entry): entry is string => typeof entry === 'string');
}

/** The Y.Array `item[key]`, created if missing or of the wrong type. */
export function ensureArray(item: Y.Map<unknown>, key: string): Y.Array<unknown> {
	const value = item.get(key);
	if (value instanceof Y.Array) return value as Y.Array<unknown>;
	const created = new Y.Array<unknown>();
	item.set(key, created);
	return created;
}

/**
 * Gives the item `id` the order key `orderField` that places it at `index` among `siblings`
 * (item maps of the same list, the moving item excluded), writing the re-keys `placeAt` asks for.
 */
export function writePlacement(
	doc: Y.Doc,
	item: Y.Map<unknown>,
	orderField: string,
	siblings: readonly (Ordered & { map: Y.Map<unknown> })[],
	index: number
): void {
	const sorted = sortOrdered(siblings);
	const placement = placeAt(sorted, index, saltFor(doc.clientID));
	for (const sibling of sorted) {
		const key = placement.rekeyed.get(sibling.id);
		if (key !== undefined) sibling.map.set(orderField, key);
	}
	item.set(orderField, placement.key);
}

/**
 * The item maps of a root map as one list ordered by their `order` key (fractional index; ties
 * and invalid keys by id), for the kinds whose items are one list (objectives, stories).
 */
export function orderedItems(root: Y.Map<unknown>): { id: string; map: Y.Map<unknown> }[] {
	return sortOrdered(itemEntries(root).map(([id, map]) => ({ id, map, key: map.get('order') })));
}

/** Places the item `id` of such a list at `index` among the others (see `writePlacement`). */
export function placeInList(doc: Y.Doc, root: Y.Map<unknown>, id: string, index: number): void {
	if (!Number.isFinite(index)) throw new BoardInputError('invalid', 'index');
	const item = requireItem(root, id, 'id');
	const siblings = orderedItems(root).filter((entry) => entry.id !== id);
	writePlacement(
		doc,
		item,
		'order',
		siblings.map((entry) => ({ ...entry, key: entry.map.get('order') })),
		index
	);
}
