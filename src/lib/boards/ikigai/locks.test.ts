import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partsTouchedBy } from '../../../../tests/helpers/board-locks.ts';
import { regions } from './geometry.ts';
import { ikigaiLocks } from './locks.ts';
import {
	addNoteInZone,
	ikigaiKind,
	initIkigai,
	moveNoteToZone,
	noteTextField,
	removeNote,
	updateNote
} from './model.ts';

function board(): Y.Doc {
	const doc = new Y.Doc();
	initIkigai(doc);
	return doc;
}

const touched = (doc: Y.Doc, operation: (doc: Y.Doc) => void) =>
	partsTouchedBy(ikigaiKind, doc, operation);

describe('ikigai locks', () => {
	it('lists every zone of the diagram', () => {
		const parts = ikigaiLocks.parts(board());
		expect(parts).toHaveLength(regions.length);
		expect(parts).toContainEqual({ part: 'zone:passion', label: 'Zone Passion' });
		expect(parts).toContainEqual({ part: 'zone:aime', label: "Zone Ce que j'aime" });
	});

	it('a note belongs to the zone its position puts it in: added, edited, moved, removed', () => {
		const doc = board();
		let id = '';
		expect(touched(doc, (d) => (id = addNoteInZone(d, { text: 'Jardiner' }, 'passion')))).toEqual([
			'board',
			'zone:passion'
		]);
		expect(touched(doc, (d) => updateNote(d, id, { text: 'Jardiner le dimanche' }))).toEqual([
			'board',
			'zone:passion'
		]);
		expect(touched(doc, (d) => moveNoteToZone(d, id, 'mission'))).toEqual([
			'board',
			'zone:mission',
			'zone:passion'
		]);
		expect(touched(doc, (d) => removeNote(d, id))).toEqual(['board', 'zone:mission']);
	});

	it('typing inside a note’s text counts for the note’s zone', () => {
		const doc = board();
		const id = addNoteInZone(doc, { text: 'Jardiner' }, 'mission');
		// What SharedTextField does on each keystroke: an insertion into the note's nested Y.Text.
		expect(touched(doc, (d) => noteTextField(id).locate(d)!.insert(8, ' en ville'))).toEqual([
			'board',
			'zone:mission'
		]);
	});

	it('knows its zones by their names', () => {
		expect(ikigaiLocks.isPart('zone:ikigai')).toBe(true);
		expect(ikigaiLocks.isPart('zone:dehors')).toBe(true);
		expect(ikigaiLocks.isPart('zone:nulle-part')).toBe(false);
		expect(ikigaiLocks.isPart('passion')).toBe(false);
	});
});
