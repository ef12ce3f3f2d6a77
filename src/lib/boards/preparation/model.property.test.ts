import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	expectReplicasConverge,
	initialState,
	keystroke,
	typeInto
} from '../../../../tests/helpers/yjs-peers.ts';
import {
	addObjectif,
	initPreparation,
	moveObjectif,
	objectifField,
	preparationSchema,
	problematiqueIds,
	readPreparation,
	removeObjectif,
	rubricField,
	rubricIds,
	setProblematique
} from './model.ts';

type Op =
	| { type: 'add'; index: number }
	| { type: 'move'; objectif: number; index: number }
	| { type: 'remove'; objectif: number }
	| { type: 'tick'; problematique: number; on: boolean }
	| { type: 'typeRubric'; rubric: number; at: number; text: string | null }
	| { type: 'typeObjectif'; objectif: number; at: number; text: string | null };

const index = fc.integer({ min: -1, max: 6 });
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ type: fc.constant('add'), index }),
	fc.record({ type: fc.constant('move'), objectif: fc.nat(), index }),
	fc.record({ type: fc.constant('remove'), objectif: fc.nat() }),
	fc.record({ type: fc.constant('tick'), problematique: fc.nat(), on: fc.boolean() }),
	fc.record({ type: fc.constant('typeRubric'), rubric: fc.nat(), at: fc.nat(), text: keystroke }),
	fc.record({
		type: fc.constant('typeObjectif'),
		objectif: fc.nat(),
		at: fc.nat(),
		text: keystroke
	})
);

function at<T>(items: readonly T[], n: number): T | undefined {
	return items.length === 0 ? undefined : items[n % items.length];
}

function apply(doc: Y.Doc, step: Op) {
	const objectif = 'objectif' in step ? at(readPreparation(doc).objectifs, step.objectif) : null;
	if (objectif === undefined) return;
	switch (step.type) {
		case 'add':
			addObjectif(doc, 'Objectif', step.index);
			break;
		case 'move':
			moveObjectif(doc, objectif!.id, step.index);
			break;
		case 'remove':
			removeObjectif(doc, objectif!.id);
			break;
		case 'tick':
			setProblematique(doc, at(problematiqueIds, step.problematique)!, step.on);
			break;
		case 'typeRubric':
			typeInto(doc, rubricField(at(rubricIds, step.rubric)!).locate(doc), step.at, step.text);
			break;
		case 'typeObjectif':
			typeInto(doc, objectifField(objectif!.id).locate(doc), step.at, step.text);
			break;
	}
}

function expectValid(doc: Y.Doc) {
	const state = readPreparation(doc);
	const ids = state.objectifs.map((o) => o.id);
	expect(new Set(ids).size).toBe(ids.length);
	expect(ids.length).toBe(doc.getMap('objectifs').size);
	expect(new Set(state.problematiques).size).toBe(state.problematiques.length);
}

const seedState = initialState((doc) => {
	initPreparation(doc);
	addObjectif(doc, 'Faire le point');
	addObjectif(doc, 'Choisir');
});

describe('préparation under concurrent edits', () => {
	it('converges to one valid board: each objective once, in one order, every text merged', () => {
		expectReplicasConverge({
			op,
			seedState,
			apply,
			read: readPreparation,
			expectValid,
			schema: preparationSchema
		});
	});
});
