import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectReason } from '../../../../tests/helpers/board-input.ts';
import { findBoardKind } from '../registry.ts';
import { circlesAt, regionAt, regionIds, zonePoints, type RegionId } from './geometry.ts';
import {
	addNote,
	addNoteInZone,
	bringToFront,
	ikigaiKind,
	ikigaiSchema,
	moveNote,
	moveNoteToZone,
	notesByRegion,
	noteTextField,
	readNote,
	readNotes,
	removeNote,
	summarizeIkigai,
	updateNote
} from './model.ts';

function board() {
	const doc = new Y.Doc();
	ikigaiKind.init(doc);
	return doc;
}

describe('geometry', () => {
	it('places the four circles and their overlaps where the classic diagram has them', () => {
		expect(regionAt(500, 500)).toBe('ikigai');
		expect(circlesAt(500, 120)).toEqual(['aime']);
		expect(regionAt(120, 500)).toBe('doue');
		expect(regionAt(880, 500)).toBe('besoin');
		expect(regionAt(500, 880)).toBe('remunere');
		expect(regionAt(330, 330)).toBe('passion');
		expect(regionAt(670, 330)).toBe('mission');
		expect(regionAt(670, 670)).toBe('vocation');
		expect(regionAt(330, 670)).toBe('profession');
		expect(regionAt(500, 380)).toBe('sans-remunere');
		expect(regionAt(20, 20)).toBe('dehors');
	});

	it('has a representative point inside every region', () => {
		for (const id of regionIds) expect(regionAt(zonePoints[id].x, zonePoints[id].y)).toBe(id);
	});
});

describe('init', () => {
	it('creates only the declared roots; a fresh board summarises to empty zones', () => {
		const doc = new Y.Doc();
		ikigaiKind.init(doc);
		expect([...doc.share.keys()]).toEqual(Object.keys(ikigaiSchema.roots));
		expect(findBoardKind('ikigai')).toMatchObject(ikigaiKind);
		const summary = summarizeIkigai(doc);
		expect(summary.noteCount).toBe(0);
		expect(summary.regions.map((r) => r.id)).toEqual(regionIds);
		expect(summary.regions.every((r) => r.notes.length === 0)).toBe(true);
		expect(summary.overlaps.map((o) => o.label)).toEqual([
			'Passion',
			'Mission',
			'Vocation',
			'Profession',
			'Ikigai'
		]);
	});
});

describe('notes', () => {
	it('adds a note whose zone is derived from its position', () => {
		const doc = board();
		const id = addNote(doc, { text: ' Cuisiner ', color: 'vert', x: 330, y: 330 });
		expect(readNote(doc, id)).toEqual({
			id,
			text: 'Cuisiner',
			color: 'vert',
			x: 330,
			y: 330,
			circles: ['aime', 'doue'],
			overlaps: ['passion'],
			region: 'passion'
		});
	});

	it('reports both overlaps for a note in three circles, and all for the centre', () => {
		const doc = board();
		const three = addNote(doc, { text: 'Enseigner', x: 500, y: 380 });
		expect(readNote(doc, three)?.overlaps).toEqual(['passion', 'mission']);
		const centre = addNote(doc, { text: 'Former des adultes', x: 500, y: 500 });
		expect(readNote(doc, centre)?.overlaps).toEqual([
			'passion',
			'mission',
			'vocation',
			'profession',
			'ikigai'
		]);
	});

	it('moves a note, changing its zone, and clamps to the board', () => {
		const doc = board();
		const id = addNote(doc, { text: 'Jardiner', x: 500, y: 120 });
		expect(readNote(doc, id)?.region).toBe('aime');
		moveNote(doc, id, 670, 670);
		expect(readNote(doc, id)?.region).toBe('vocation');
		moveNote(doc, id, -50, 2000);
		expect(readNote(doc, id)).toMatchObject({ x: 0, y: 1000, region: 'dehors' });
		expectReason(() => moveNote(doc, id, Number.NaN, 3), 'invalid');
		expectReason(() => moveNote(doc, 'nope', 3, 3), 'unknown_id');
	});

	it('moves a note to any zone, spreading notes sent to the same zone', () => {
		const doc = board();
		const ids = ['a', 'b', 'c'].map((text) => addNote(doc, { text, x: 10, y: 10 }));
		for (const zone of regionIds) {
			moveNoteToZone(doc, ids[0] as string, zone);
			expect(readNote(doc, ids[0] as string)?.region).toBe(zone);
		}
		for (const id of ids) moveNoteToZone(doc, id, 'mission');
		const spots = readNotes(doc).map((note) => `${note.x},${note.y}`);
		expect(new Set(spots).size).toBe(3);
		expect(notesByRegion(doc).mission).toHaveLength(3);
		expectReason(() => moveNoteToZone(doc, ids[0] as string, 'nulle-part' as RegionId), 'invalid');
	});

	it('adds a note straight into a zone', () => {
		const doc = board();
		const id = addNoteInZone(doc, { text: 'Soigner', color: 'rose' }, 'vocation');
		expect(readNote(doc, id)).toMatchObject({ region: 'vocation', color: 'rose' });
	});

	it('edits, stacks and removes notes', () => {
		const doc = board();
		const a = addNote(doc, { text: 'A', x: 100, y: 100 });
		const b = addNote(doc, { text: 'B', x: 100, y: 100 });
		expect(readNotes(doc).map((n) => n.id)).toEqual([a, b]);
		bringToFront(doc, a);
		expect(readNotes(doc).map((n) => n.id)).toEqual([b, a]);
		updateNote(doc, a, { text: 'AA', color: 'bleu' });
		expect(readNote(doc, a)).toMatchObject({ text: 'AA', color: 'bleu' });
		removeNote(doc, a);
		expect(readNote(doc, a)).toBeNull();
		expectReason(() => removeNote(doc, a), 'unknown_id');
	});

	it('validates text and colour', () => {
		const doc = board();
		expectReason(() => addNote(doc, { text: '  ', x: 1, y: 1 }), 'empty');
		expectReason(() => addNote(doc, { text: 'x'.repeat(201), x: 1, y: 1 }), 'too_long');
		expectReason(
			() => addNote(doc, { text: 'x', color: 'noir' as 'jaune', x: 1, y: 1 }),
			'invalid'
		);
		expectReason(() => addNote(doc, { text: 'x', x: Number.POSITIVE_INFINITY, y: 1 }), 'invalid');
	});

	it('reads hostile positions as clamped ones', () => {
		const doc = board();
		const id = addNote(doc, { text: 'x', x: 1, y: 1 });
		const map = doc.getMap('notes').get(id) as Y.Map<unknown>;
		map.set('x', 'far');
		map.set('y', 5000);
		expect(readNote(doc, id)).toMatchObject({ x: 500, y: 1000 });
	});
});

describe('live text', () => {
	it('keeps a note’s text as a Y.Text, located by its field until the note is gone', () => {
		const doc = board();
		const id = addNote(doc, { text: 'Jardiner', x: 100, y: 100 });
		const map = doc.getMap('notes').get(id) as Y.Map<unknown>;
		expect(map.get('text')).toBeInstanceOf(Y.Text);
		expect(noteTextField(id)).toMatchObject({ key: `notes/${id}/text`, max: 200 });
		expect(noteTextField(id).locate(doc)?.toString()).toBe('Jardiner');
		removeNote(doc, id);
		expect(noteTextField(id).locate(doc)).toBeNull();
	});

	it('writes the smallest edit: the other person’s words typed meanwhile survive', () => {
		const a = board();
		const id = addNote(a, { text: 'Jardiner', x: 100, y: 100 });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		updateNote(a, id, { text: 'Jardiner le dimanche' });
		noteTextField(id).locate(b)!.insert(0, 'Aimer ');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readNote(a, id)?.text).toBe('Aimer Jardiner le dimanche');
		expect(readNote(b, id)?.text).toBe(readNote(a, id)?.text);
	});

	it('reads the plain string of a board from before, and names a note emptied meanwhile', () => {
		const doc = board();
		const id = addNote(doc, { text: 'Jardiner', x: 100, y: 100 });
		const map = doc.getMap('notes').get(id) as Y.Map<unknown>;
		map.set('text', 'Ancienne note');
		expect(readNote(doc, id)?.text).toBe('Ancienne note');
		expect(noteTextField(id).locate(doc)).toBeNull();
		updateNote(doc, id, { text: 'Nouvelle' });
		const text = noteTextField(id).locate(doc)!;
		expect(text.toString()).toBe('Nouvelle');
		text.delete(0, text.length);
		expect(readNote(doc, id)?.text).toBe('?');
	});
});

describe('summarize', () => {
	it('lists notes per region, circle and overlap', () => {
		const doc = board();
		addNote(doc, { text: 'Cuisiner', x: 330, y: 330 });
		addNote(doc, { text: 'Former', x: 500, y: 500 });
		addNote(doc, { text: 'Comptabilité', x: 120, y: 500 });
		const summary = summarizeIkigai(doc);
		expect(summary.noteCount).toBe(3);
		const region = (id: string) => summary.regions.find((r) => r.id === id)?.notes;
		expect(region('passion')).toEqual(['Cuisiner']);
		expect(region('ikigai')).toEqual(['Former']);
		expect(region('doue')).toEqual(['Comptabilité']);
		expect(summary.circles.find((c) => c.id === 'doue')?.notes).toEqual([
			'Former',
			'Cuisiner',
			'Comptabilité'
		]);
		expect(summary.overlaps.find((o) => o.id === 'passion')?.notes).toEqual(['Former', 'Cuisiner']);
	});
});
