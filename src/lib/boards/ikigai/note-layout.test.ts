import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOARD_SIZE, regionAt, zonePoints } from './geometry.ts';
import { layoutNotes, NOTE_GAP, type NoteBox, type PlacedNote } from './note-layout.ts';

function box(id: string, x: number, y: number, width = 120, height = 60): NoteBox {
	return { id, x, y, region: regionAt(x, y), width, height };
}

function overlap(a: PlacedNote, b: PlacedNote): boolean {
	return (
		Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2
	);
}

describe('Ikigai note layout', () => {
	it('leaves notes on free spots where they were put', () => {
		const notes = [box('a', 300, 300), box('b', 700, 700)];
		const layout = layoutNotes(notes);
		expect(layout.get('a')).toEqual({ x: 300, y: 300, width: 120, height: 60 });
		expect(layout.get('b')).toEqual({ x: 700, y: 700, width: 120, height: 60 });
	});

	it('sets the note on top beside the one below it, in the same zone', () => {
		const { x, y } = zonePoints.passion;
		const layout = layoutNotes([box('below', x, y), box('top', x, y), box('third', x, y)]);
		const [below, top, third] = ['below', 'top', 'third'].map((id) => layout.get(id)!);
		expect(below).toMatchObject({ x, y });
		for (const moved of [top!, third!]) {
			expect(regionAt(moved.x, moved.y)).toBe('passion');
			expect(overlap(moved, below!)).toBe(false);
		}
		expect(overlap(top!, third!)).toBe(false);
		// Nearby: within two note sizes of where it was dropped.
		expect(Math.hypot(top!.x - x, top!.y - y)).toBeLessThan(2 * 120);
	});

	it('keeps a note at the edge whole on the board', () => {
		const layout = layoutNotes([box('edge', 995, 5)]);
		const placed = layout.get('edge')!;
		expect(placed.x + placed.width / 2).toBeLessThanOrEqual(BOARD_SIZE);
		expect(placed.y - placed.height / 2).toBeGreaterThanOrEqual(0);
	});

	it('never draws two notes over each other, however many and wherever they are', () => {
		const coordinate = fc.integer({ min: 0, max: BOARD_SIZE });
		const note = fc.record({
			x: coordinate,
			y: coordinate,
			width: fc.integer({ min: 40, max: 400 }),
			height: fc.integer({ min: 30, max: 250 })
		});
		fc.assert(
			fc.property(fc.array(note, { maxLength: 40 }), (raw) => {
				const boxes = raw.map((n, i) => box(`n${i}`, n.x, n.y, n.width, n.height));
				const layout = layoutNotes(boxes);
				expect(layout.size).toBe(boxes.length);
				const placed = boxes.map((b) => layout.get(b.id)!);
				placed.forEach((a, i) => {
					expect(a).toMatchObject({ width: boxes[i]!.width, height: boxes[i]!.height });
					for (const b of placed.slice(i + 1)) expect(overlap(a, b)).toBe(false);
				});
			}),
			{ seed: 14, numRuns: 200 }
		);
	});

	it('keeps the gap between neighbours', () => {
		const layout = layoutNotes([box('a', 500, 150), box('b', 500, 150)]);
		const [a, b] = [layout.get('a')!, layout.get('b')!];
		const apartX = Math.abs(a.x - b.x) - (a.width + b.width) / 2;
		const apartY = Math.abs(a.y - b.y) - (a.height + b.height) / 2;
		expect(Math.max(apartX, apartY)).toBeGreaterThanOrEqual(NOTE_GAP);
	});
});
