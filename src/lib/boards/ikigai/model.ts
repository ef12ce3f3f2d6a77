import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import type { BoardKind } from '../kind.ts';
import { sortOrdered } from '../fractional-index.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanText,
	itemEntries,
	newId,
	newItem,
	newText,
	readChoice,
	readText,
	requireItem,
	sharedText,
	writePlacement,
	writeText
} from '../model-kit.ts';
import type { TextField } from '../text-field.ts';
import {
	BOARD_SIZE,
	boardCoordinate,
	circles,
	circlesAt,
	overlaps,
	overlapsOf,
	regionIds,
	regionOf,
	regions,
	zonePoints,
	type CircleId,
	type OverlapId,
	type RegionId
} from './geometry.ts';
import { ikigaiLocks } from './locks.ts';

/**
 * Ikigai. Document shape (only this root exists):
 * - `notes` (Y.Map of Y.Map, keyed by note id): `text`, `color`, `x`, `y` (board coordinates,
 *   0..BOARD_SIZE), `z` (fractional key: stacking order, last on top). `text` is a Y.Text, typed
 *   into live by both people.
 *
 * One nested Y.Map per note so that one person editing the text while the other drags the note
 * keeps both changes. A note's zone is never stored: it is derived from x and y on read, so it
 * can never disagree with the position. x and y are separate fields: two people dragging the
 * same note at once may end with x from one and y from the other — still a valid position, and
 * the zone follows it.
 */

export const IKIGAI_KIND = 'ikigai';

export const NOTE_TEXT_MAX = 200;
export const MAX_NOTES = 300;

export type NoteColor = 'jaune' | 'rose' | 'bleu' | 'vert' | 'orange' | 'violet';
export const noteColors: readonly NoteColor[] = [
	'jaune',
	'rose',
	'bleu',
	'vert',
	'orange',
	'violet'
];

export const ikigaiSchema = s.docSchema({
	notes: s.mapOf(
		s.map({
			text: s.text(NOTE_TEXT_MAX),
			color: s.oneOf(noteColors),
			x: s.number(0, BOARD_SIZE),
			y: s.number(0, BOARD_SIZE),
			z: s.orderKey
		})
	)
});

export interface IkigaiNote {
	id: string;
	text: string;
	color: NoteColor;
	x: number;
	y: number;
	/** The circles containing the note. */
	circles: CircleId[];
	/** The named overlaps it is in (passion, mission, vocation, profession, ikigai). */
	overlaps: OverlapId[];
	/** The single region it is in. */
	region: RegionId;
}

function notesRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('notes');
}

function toNote(id: string, map: Y.Map<unknown>): IkigaiNote {
	const x = boardCoordinate(map.get('x'));
	const y = boardCoordinate(map.get('y'));
	const inside = circlesAt(x, y);
	return {
		id,
		// Two people erasing a note at once may leave it empty: it must still be named.
		text: readText(map, 'text').trim() || '?',
		color: readChoice(map, 'color', noteColors, 'jaune'),
		x,
		y,
		circles: inside,
		overlaps: overlapsOf(inside),
		region: regionOf(inside)
	};
}

/** A note's text as a text field typed into live (`SharedTextField`). */
export function noteTextField(noteId: string): TextField {
	return {
		key: `notes/${noteId}/text`,
		max: NOTE_TEXT_MAX,
		locate(doc) {
			const note = notesRoot(doc).get(noteId);
			return note instanceof Y.Map ? sharedText(note as Y.Map<unknown>, 'text') : null;
		}
	};
}

/** Every note in stacking order (bottom first); positions clamped to the board. */
export function readNotes(doc: Y.Doc): IkigaiNote[] {
	const entries = itemEntries(notesRoot(doc)).map(([id, map]) => ({ id, map, key: map.get('z') }));
	return sortOrdered(entries).map((entry) => toNote(entry.id, entry.map));
}

/** One note, or null. */
export function readNote(doc: Y.Doc, noteId: string): IkigaiNote | null {
	const map = notesRoot(doc).get(noteId);
	return map instanceof Y.Map ? toNote(noteId, map as Y.Map<unknown>) : null;
}

/** Notes per region, each list in reading order (top to bottom, left to right). */
export function notesByRegion(doc: Y.Doc): Record<RegionId, IkigaiNote[]> {
	const grouped = Object.fromEntries(regionIds.map((id) => [id, [] as IkigaiNote[]]));
	const reading = readNotes(doc).sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1));
	for (const note of reading) grouped[note.region]?.push(note);
	return grouped as Record<RegionId, IkigaiNote[]>;
}

function cleanPoint(x: unknown, y: unknown): { x: number; y: number } {
	for (const [value, field] of [
		[x, 'x'],
		[y, 'y']
	] as const) {
		if (typeof value !== 'number' || !Number.isFinite(value)) {
			throw new BoardInputError('invalid', field);
		}
	}
	// Dropping a note past the edge keeps it on the board rather than refusing the drag.
	return { x: boardCoordinate(x), y: boardCoordinate(y) };
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const NOTE_SPACING = 28;

/**
 * A free spot of `region` near its representative point, so that notes sent to the same zone
 * from the outline view do not pile up exactly on top of each other.
 */
function spotIn(
	region: RegionId,
	taken: readonly { x: number; y: number }[]
): { x: number; y: number } {
	const centre = zonePoints[region];
	for (let k = 0; k < 60; k++) {
		const radius = NOTE_SPACING * Math.sqrt(k);
		const x = Math.round(centre.x + radius * Math.cos(k * GOLDEN_ANGLE));
		const y = Math.round(centre.y + radius * Math.sin(k * GOLDEN_ANGLE));
		if (x < 0 || y < 0 || x > BOARD_SIZE || y > BOARD_SIZE) continue;
		if (regionOf(circlesAt(x, y)) !== region) continue;
		if (taken.every((p) => Math.hypot(p.x - x, p.y - y) >= NOTE_SPACING)) return { x, y };
	}
	return centre;
}

function putOnTop(doc: Y.Doc, item: Y.Map<unknown>, exceptId: string): void {
	const siblings = itemEntries(notesRoot(doc))
		.filter(([id]) => id !== exceptId)
		.map(([id, map]) => ({ id, map, key: map.get('z') }));
	writePlacement(doc, item, 'z', siblings, siblings.length);
}

/** Adds a note at a position (on top of the others). Returns its id. */
export function addNote(
	doc: Y.Doc,
	input: { text: string; color?: NoteColor; x: number; y: number }
): string {
	const text = cleanText(input.text, 'text', NOTE_TEXT_MAX);
	const color = cleanChoice(input.color ?? 'jaune', 'color', noteColors);
	const point = cleanPoint(input.x, input.y);
	const id = newId('note-');
	doc.transact(() => {
		const notes = notesRoot(doc);
		if (notes.size >= MAX_NOTES) throw new BoardInputError('limit_reached', 'notes');
		const item = newItem({ text: newText(text), color, x: point.x, y: point.y });
		notes.set(id, item);
		putOnTop(doc, item, id);
	});
	return id;
}

function cleanRegion(region: unknown): RegionId {
	return cleanChoice(region, 'zone', regionIds);
}

/** Adds a note directly in a zone (the outline view's "add to Passion"). Returns its id. */
export function addNoteInZone(
	doc: Y.Doc,
	input: { text: string; color?: NoteColor },
	zone: RegionId
): string {
	const region = cleanRegion(zone);
	const spot = spotIn(
		region,
		readNotes(doc).filter((note) => note.region === region)
	);
	return addNote(doc, { ...input, ...spot });
}

/** Changes a note's text or colour. */
export function updateNote(
	doc: Y.Doc,
	noteId: string,
	patch: { text?: string; color?: NoteColor }
): void {
	const text = patch.text === undefined ? undefined : cleanText(patch.text, 'text', NOTE_TEXT_MAX);
	const color =
		patch.color === undefined ? undefined : cleanChoice(patch.color, 'color', noteColors);
	doc.transact(() => {
		const item = requireItem(notesRoot(doc), noteId, 'noteId');
		if (text !== undefined) writeText(item, 'text', text);
		if (color !== undefined) item.set('color', color);
	});
}

/** Moves a note to a position (clamped to the board) and brings it to the top. */
export function moveNote(doc: Y.Doc, noteId: string, x: number, y: number): void {
	const point = cleanPoint(x, y);
	doc.transact(() => {
		const item = requireItem(notesRoot(doc), noteId, 'noteId');
		item.set('x', point.x);
		item.set('y', point.y);
		putOnTop(doc, item, noteId);
	});
}

/** Moves a note to a free spot of a zone (does nothing if it is already there). */
export function moveNoteToZone(doc: Y.Doc, noteId: string, zone: RegionId): void {
	const region = cleanRegion(zone);
	doc.transact(() => {
		requireItem(notesRoot(doc), noteId, 'noteId');
		const notes = readNotes(doc);
		if (notes.find((note) => note.id === noteId)?.region === region) return;
		const spot = spotIn(
			region,
			notes.filter((note) => note.region === region)
		);
		moveNote(doc, noteId, spot.x, spot.y);
	});
}

/** Brings a note above the others. */
export function bringToFront(doc: Y.Doc, noteId: string): void {
	doc.transact(() => putOnTop(doc, requireItem(notesRoot(doc), noteId, 'noteId'), noteId));
}

/** Removes a note. */
export function removeNote(doc: Y.Doc, noteId: string): void {
	doc.transact(() => {
		requireItem(notesRoot(doc), noteId, 'noteId');
		notesRoot(doc).delete(noteId);
	});
}

export interface IkigaiSummary {
	kind: 'ikigai';
	noteCount: number;
	/** Every region, centre first, with the notes in it (reading order). */
	regions: { id: RegionId; label: string; notes: string[] }[];
	/** Notes inside each circle (whatever else they overlap). */
	circles: { id: CircleId; label: string; notes: string[] }[];
	/** Notes inside each named overlap. */
	overlaps: { id: OverlapId; label: string; notes: string[] }[];
}

/** Plain JSON for the record and the synthèse. */
export function summarizeIkigai(doc: Y.Doc): IkigaiSummary {
	const byRegion = notesByRegion(doc);
	const reading = regionIds.flatMap((id) => byRegion[id]);
	return {
		kind: 'ikigai',
		noteCount: reading.length,
		regions: regions.map((region) => ({
			id: region.id,
			label: region.label,
			notes: byRegion[region.id].map((note) => note.text)
		})),
		circles: circles.map((circle) => ({
			id: circle.id,
			label: circle.label,
			notes: reading.filter((note) => note.circles.includes(circle.id)).map((note) => note.text)
		})),
		overlaps: overlaps.map((overlap) => ({
			id: overlap.id,
			label: overlap.label,
			notes: reading.filter((note) => note.overlaps.includes(overlap.id)).map((note) => note.text)
		}))
	};
}

/** A new Ikigai board is empty: the circles are geometry, not content. */
export function initIkigai(doc: Y.Doc): void {
	doc.transact(() => {
		notesRoot(doc);
	});
}

export const ikigaiKind: BoardKind<IkigaiSummary> = {
	kind: IKIGAI_KIND,
	version: 1,
	schema: ikigaiSchema,
	init: initIkigai,
	summarize: summarizeIkigai,
	locks: ikigaiLocks
};
