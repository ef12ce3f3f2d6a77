import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import type { BoardKind } from '../kind.ts';
import { canvasShapes, type CanvasShape, type StoredRecord } from './shapes.ts';

/**
 * Tableau libre (a tldraw canvas). Document shape (only these roots exist):
 * - `records` (Y.Array of `{ key, val }`): tldraw's document-scope records (shapes, bindings,
 *   pages, assets, the document record) as plain JSON, keyed by record id.
 * - `meta` (Y.Map): `tldrawSchema`, the serialized tldraw schema the records were written with
 *   (so a newer tldraw can migrate them up).
 *
 * Why an array of entries and not a Y.Map keyed by id: a drag rewrites the same few records 60
 * times a second. A Y.Map keeps one tombstone per overwrite, interleaved per key, and they never
 * merge; here each write appends the new entry and deletes the old ones, so the deleted entries
 * of one client sit next to each other and Yjs merges them into a single run (the idea of
 * y-utility's YKeyValue). Unlike YKeyValue, readers never write: when two people set the same
 * record at once both entries stay and the rightmost wins (Yjs orders them the same way
 * everywhere); the next write of that record removes them all. A read-only viewer therefore
 * never sends anything, and the server-side summary never modifies the document.
 *
 * Records are whole values (last writer wins per record), as in tldraw's own sync. This file is
 * plain Yjs: it does not import tldraw (the server and every other board page load it); the
 * binding validates records against tldraw's schema before they enter the editor.
 */

export const CANVAS_KIND = 'canvas';

interface Entry {
	key: string;
	val: unknown;
}

/** tldraw's document-scope record types: the only records a canvas stores (see `binding.ts`). */
export const documentRecordTypes: readonly string[] = [
	'asset',
	'binding',
	'document',
	'page',
	'shape',
	'user'
];

/** Whether `entry` is exactly `{ key, val }` with `val` a document record stored under its id. */
function isRecordEntry(entry: s.Json): entry is { key: string; val: StoredRecord & s.Json } {
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
	const { key, val, ...rest } = entry;
	return (
		Object.keys(rest).length === 0 &&
		typeof key === 'string' &&
		isStoredRecord(val, key) &&
		documentRecordTypes.includes(val.typeName) &&
		key.startsWith(`${val.typeName}:`)
	);
}

/**
 * The canvas document, each record checked by `validRecord` too. The sync server passes
 * tldraw's own validation (`records.server.ts`); without it, entries are checked for their shape
 * only, which keeps tldraw out of the bundle of every page that lists the board kinds.
 */
export function canvasSchema(validRecord: (record: StoredRecord) => boolean = () => true) {
	return s.docSchema({
		meta: s.map({ tldrawSchema: s.json }),
		records: s.array(s.value((entry) => isRecordEntry(entry) && validRecord(entry.val)))
	});
}

function recordsRoot(doc: Y.Doc): Y.Array<unknown> {
	return doc.getArray<unknown>('records');
}

function metaRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('meta');
}

function isEntry(value: unknown): value is Entry {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as Entry).key === 'string' &&
		'val' in value
	);
}

function isStoredRecord(value: unknown, key: string): value is StoredRecord {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const record = value as Record<string, unknown>;
	return record.id === key && typeof record.typeName === 'string';
}

/**
 * The current value of every key (rightmost entry wins). Entries that are not `{ key, val }`
 * are ignored: a document may hold anything a hostile peer wrote.
 */
export function readEntries(doc: Y.Doc): Map<string, unknown> {
	const values = new Map<string, unknown>();
	for (const entry of recordsRoot(doc).toArray()) {
		if (isEntry(entry)) values.set(entry.key, entry.val);
	}
	return values;
}

/**
 * Every stored record that at least looks like one (object, `id` equal to its key, a
 * `typeName`). Not validated against tldraw's schema: the binding does that.
 */
export function readRecords(doc: Y.Doc): StoredRecord[] {
	const records: StoredRecord[] = [];
	for (const [key, value] of readEntries(doc)) {
		if (isStoredRecord(value, key)) records.push(value);
	}
	return records;
}

/** The value stored under `key`, if it looks like a record. */
export function readRecord(doc: Y.Doc, key: string): StoredRecord | undefined {
	const array = recordsRoot(doc).toArray();
	for (let i = array.length - 1; i >= 0; i--) {
		const entry = array[i];
		if (isEntry(entry) && entry.key === key) {
			return isStoredRecord(entry.val, key) ? entry.val : undefined;
		}
	}
	return undefined;
}

/**
 * Writes `puts` and removes `removals` in one pass over the entries: every existing entry of a
 * touched key goes (duplicates from concurrent writes included), the new values are appended.
 * Call it inside `doc.transact` with the caller's origin.
 */
export function writeRecords(
	doc: Y.Doc,
	puts: readonly StoredRecord[],
	removals: readonly string[] = []
): void {
	if (puts.length === 0 && removals.length === 0) return;
	const array = recordsRoot(doc);
	const touched = new Set<string>(removals);
	for (const record of puts) touched.add(record.id);
	const entries = array.toArray();
	// Right to left, so earlier indices stay valid; adjacent entries go in one delete.
	let end = -1;
	for (let i = entries.length - 1; i >= -1; i--) {
		const entry = i >= 0 ? entries[i] : undefined;
		const remove = i >= 0 && (!isEntry(entry) || touched.has(entry.key));
		if (remove && end === -1) end = i;
		if (!remove && end !== -1) {
			array.delete(i + 1, end - i);
			end = -1;
		}
	}
	if (puts.length > 0) {
		array.push(puts.map((record) => ({ key: record.id, val: record })));
	}
}

/** The tldraw schema the document's records were written with (null on a fresh board). */
export function readSchema(doc: Y.Doc): unknown {
	return metaRoot(doc).get('tldrawSchema') ?? null;
}

export function writeSchema(doc: Y.Doc, schema: unknown): void {
	metaRoot(doc).set('tldrawSchema', schema);
}

/** A fresh canvas is empty: the first editor to open it writes tldraw's page and document. */
export function initCanvas(doc: Y.Doc): void {
	// Touch the roots so their types are fixed from the start.
	metaRoot(doc);
	recordsRoot(doc);
}

export interface CanvasSummary {
	kind: 'canvas';
	shapeCount: number;
	/** How many shapes of each tldraw type (`geo`, `note`, `draw`…). */
	shapesByType: Record<string, number>;
	/** The texts of the canvas (notes, labels, text shapes, frame names) in reading order. */
	texts: { shapeId: string; type: string; text: string }[];
	/** Every shape by record id with its rounded page position (comparing two snapshots). */
	shapes: { id: string; type: string; x: number; y: number }[];
}

function readingOrder(a: CanvasShape, b: CanvasShape): number {
	const rowA = Math.round(a.pageY / 40);
	const rowB = Math.round(b.pageY / 40);
	return rowA - rowB || a.pageX - b.pageX;
}

/** Plain JSON for the record and the synthèse: the texts of the canvas and what is on it. */
export function summarizeCanvas(doc: Y.Doc): CanvasSummary {
	const shapes = canvasShapes(readRecords(doc));
	const shapesByType: Record<string, number> = {};
	for (const shape of shapes) shapesByType[shape.type] = (shapesByType[shape.type] ?? 0) + 1;
	const texts = shapes
		.filter((shape) => shape.text.length > 0)
		.sort(readingOrder)
		.map((shape) => ({ shapeId: shape.id, type: shape.type, text: shape.text }));
	const positions = shapes.map((shape) => ({
		id: shape.id,
		type: shape.type,
		x: Math.round(shape.pageX),
		y: Math.round(shape.pageY)
	}));
	return { kind: 'canvas', shapeCount: shapes.length, shapesByType, texts, shapes: positions };
}

export const canvasKind: BoardKind<CanvasSummary> = {
	kind: CANVAS_KIND,
	version: 1,
	schema: canvasSchema(),
	init: initCanvas,
	summarize: summarizeCanvas
};
