import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	type CreatedRemoved,
	newCreatedRemoved,
	expectReplicasConverge,
	initialState,
	expectNoViolations
} from '../../../../tests/helpers/yjs-peers.ts';
import { BOARD_SIZE, circlesAt, overlapsOf, regionIds, regionOf } from './geometry.ts';
import {
	addNote,
	addNoteInZone,
	bringToFront,
	initIkigai,
	moveNote,
	moveNoteToZone,
	noteColors,
	notesByRegion,
	noteTextField,
	readNotes,
	removeNote,
	updateNote,
	ikigaiSchema
} from './model.ts';

type Op =
	| { type: 'add'; x: number; y: number }
	| { type: 'addInZone'; zone: number }
	| { type: 'move'; note: number; x: number; y: number }
	| { type: 'toZone'; note: number; zone: number }
	| { type: 'edit'; note: number; color: number }
	| { type: 'type'; note: number; at: number; remove: number; text: string }
	| { type: 'front'; note: number }
	| { type: 'remove'; note: number };

const coordinate = fc.integer({ min: -100, max: BOARD_SIZE + 100 });
const op: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 2, arbitrary: fc.record({ type: fc.constant('add'), x: coordinate, y: coordinate }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('addInZone'), zone: fc.nat() }) },
	{
		weight: 4,
		arbitrary: fc.record({
			type: fc.constant('move'),
			note: fc.nat(),
			x: coordinate,
			y: coordinate
		})
	},
	{
		weight: 3,
		arbitrary: fc.record({ type: fc.constant('toZone'), note: fc.nat(), zone: fc.nat() })
	},
	{
		weight: 1,
		arbitrary: fc.record({ type: fc.constant('edit'), note: fc.nat(), color: fc.nat() })
	},
	{
		// Keystrokes into a note's text, as `SharedTextField` writes them.
		weight: 3,
		arbitrary: fc.record({
			type: fc.constant('type'),
			note: fc.nat(),
			at: fc.nat(),
			remove: fc.nat({ max: 3 }),
			text: fc.string({ maxLength: 3 })
		})
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('front'), note: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('remove'), note: fc.nat() }) }
);

function at<T>(items: readonly T[], n: number): T {
	return items[n % items.length] as T;
}

function apply(doc: Y.Doc, step: Op, log: CreatedRemoved) {
	const notes = readNotes(doc);
	if ('note' in step && notes.length === 0) return;
	const id = 'note' in step ? at(notes, step.note).id : '';
	switch (step.type) {
		case 'add':
			log.created.add(addNote(doc, { text: 'idée', x: step.x, y: step.y }));
			break;
		case 'addInZone':
			log.created.add(addNoteInZone(doc, { text: 'idée' }, at(regionIds, step.zone)));
			break;
		case 'move':
			moveNote(doc, id, step.x, step.y);
			break;
		case 'toZone':
			moveNoteToZone(doc, id, at(regionIds, step.zone));
			break;
		case 'edit':
			updateNote(doc, id, { color: at(noteColors, step.color), text: `idée ${step.color}` });
			break;
		case 'type':
			typeInto(doc, id, step);
			break;
		case 'front':
			bringToFront(doc, id);
			break;
		case 'remove':
			removeNote(doc, id);
			log.removed.add(id);
			break;
	}
}

function typeInto(doc: Y.Doc, noteId: string, step: Extract<Op, { type: 'type' }>): void {
	const field = noteTextField(noteId);
	doc.transact(() => {
		const text = field.locate(doc);
		if (!text) return;
		const where = step.at % (text.length + 1);
		const remove = Math.min(step.remove, text.length - where);
		if (text.length - remove + step.text.length > field.max) return;
		if (remove > 0) text.delete(where, remove);
		if (step.text !== '') text.insert(where, step.text);
	});
}

function violations(doc: Y.Doc): string[] {
	const found: string[] = [];
	const notes = readNotes(doc);
	const ids = notes.map((note) => note.id);
	if (new Set(ids).size !== ids.length) found.push('a note is listed twice');
	if (ids.length !== doc.getMap('notes').size) found.push('a note is missing');
	for (const note of notes) {
		// Named even when concurrent edits erased its text.
		if (note.text.trim() === '') found.push(`${note.id} has no text`);
		if ([note.x, note.y].some((v) => v < 0 || v > BOARD_SIZE)) found.push(`${note.id} off board`);
		const inside = circlesAt(note.x, note.y);
		if (inside.join() !== note.circles.join()) found.push(`${note.id} circles stale`);
		if (overlapsOf(inside).join() !== note.overlaps.join()) found.push(`${note.id} overlaps stale`);
		if (regionOf(inside) !== note.region) found.push(`${note.id} region stale`);
	}
	const grouped = Object.values(notesByRegion(doc)).flat();
	if (grouped.length !== notes.length) found.push('regions do not partition the notes');
	return found;
}

const expectValid = expectNoViolations(violations);

const seedState = initialState((doc) => {
	initIkigai(doc);
	addNote(doc, { text: 'première idée', x: 500, y: 500 });
	addNote(doc, { text: 'deuxième idée', x: 100, y: 500 });
});

describe('ikigai board under concurrent edits', () => {
	it('converges, with every note in the zone its position says, none lost or doubled', () => {
		expectReplicasConverge({
			op,
			seedState,
			newLog: newCreatedRemoved,
			apply,
			read: readNotes,
			expectValid,
			schema: ikigaiSchema,
			check: (notes, log) => {
				const initial = notes.length + log.removed.size;
				expect(initial).toBe(2 + log.created.size);
				for (const id of log.created) {
					expect(notes.some((note) => note.id === id)).toBe(!log.removed.has(id));
				}
			}
		});
	});
});
