import { BOARD_SIZE, regionAt, type RegionId } from './geometry.ts';

/**
 * Where the live view draws the notes, so that none hides another. The stored positions stay as
 * the people left them (they decide the zone, and moving a note is an edit both see); this is
 * only the picture: each note, in stacking order, keeps its stored spot when it is free, and
 * otherwise takes the nearest free spot of its own zone. The note moved last is on top of the
 * stack, so it is the one that steps aside, next to where it was dropped.
 */

/** A note as the view places it: its stored centre, its zone, its drawn size (board units). */
export interface NoteBox {
	id: string;
	x: number;
	y: number;
	region: RegionId;
	width: number;
	height: number;
}

/** A drawn note: its centre and size, in board units. */
export interface PlacedNote {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Room kept between two notes, in board units. */
export const NOTE_GAP = 6;
/** How far a free spot is looked for, in rings of half-note steps around the stored one. */
const SEARCH_RINGS = 12;

/** Lattice offsets (in steps) of ring `r` around a point: the square of side 2r + 1. */
function ring(r: number): [number, number][] {
	if (r === 0) return [[0, 0]];
	const cells: [number, number][] = [];
	for (let i = -r; i <= r; i++) {
		cells.push([i, -r], [i, r]);
		if (Math.abs(i) < r) cells.push([-r, i], [r, i]);
	}
	return cells;
}

function collides(a: PlacedNote, b: PlacedNote): boolean {
	return (
		Math.abs(a.x - b.x) < (a.width + b.width) / 2 + NOTE_GAP &&
		Math.abs(a.y - b.y) < (a.height + b.height) / 2 + NOTE_GAP
	);
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
	return Math.hypot(a.x - b.x, a.y - b.y);
}

function onBoard(note: PlacedNote): boolean {
	const [halfW, halfH] = [note.width / 2, note.height / 2];
	return (
		note.x - halfW >= 0 &&
		note.y - halfH >= 0 &&
		note.x + halfW <= BOARD_SIZE &&
		note.y + halfH <= BOARD_SIZE
	);
}

function place(box: NoteBox, placed: readonly PlacedNote[]): PlacedNote {
	const size = { width: box.width, height: box.height };
	const stepX = (box.width + NOTE_GAP) / 2;
	const stepY = (box.height + NOTE_GAP) / 2;
	let elsewhere: PlacedNote | undefined;
	for (let r = 0; r <= SEARCH_RINGS; r++) {
		const candidates = ring(r)
			.map(([i, j]) => ({ x: box.x + i * stepX, y: box.y + j * stepY, ...size }))
			.filter((spot) => onBoard(spot) && !placed.some((other) => collides(spot, other)))
			.sort((a, b) => distance(a, box) - distance(b, box));
		const inZone = candidates.find((spot) => regionAt(spot.x, spot.y) === box.region);
		if (inZone) return inZone;
		elsewhere ??= candidates[0];
	}
	if (elsewhere) return elsewhere;
	// The board is full around it: below every other note, where nothing can be.
	const bottom = Math.max(0, ...placed.map((other) => other.y + other.height / 2));
	return { x: box.x, y: bottom + NOTE_GAP + box.height / 2, ...size };
}

/** The drawn position of every note (by id), given in stacking order, bottom first. */
export function layoutNotes(boxes: readonly NoteBox[]): Map<string, PlacedNote> {
	const layout = new Map<string, PlacedNote>();
	for (const box of boxes) layout.set(box.id, place(box, [...layout.values()]));
	return layout;
}
