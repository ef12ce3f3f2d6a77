import fc from 'fast-check';
import { describe, it } from 'vitest';
import type * as Y from 'yjs';
import {
	expectConverged,
	expectSchemaAccepts,
	initialState,
	playScenario,
	stepsArbitrary
} from '../../../../tests/helpers/yjs-peers.ts';
import { BoardInputError } from '../model-kit.ts';
import {
	appendToSection,
	initSynthese,
	readSections,
	sectionIds,
	setSectionText,
	syntheseSchema
} from './model.ts';

type Op = { append: boolean; section: number; text: string };

const op: fc.Arbitrary<Op> = fc.record({
	append: fc.boolean(),
	section: fc.nat({ max: sectionIds.length - 1 }),
	text: fc.string({ maxLength: 30, unit: 'binary' })
});

const seedState = initialState(initSynthese);

describe('synthèse under concurrent edits', () => {
	it('converges, and the sync server accepts everything each replica sent', () => {
		fc.assert(
			fc.property(stepsArbitrary(op, 2, 30), fc.integer(), (steps, seed) => {
				const peers = playScenario({
					count: 2,
					seedState,
					steps,
					seed,
					apply: (doc: Y.Doc, step: Op) => {
						const section = sectionIds[step.section]!;
						if (step.append) appendToSection(doc, section, step.text);
						else setSectionText(doc, section, step.text);
					},
					isExpectedError: (error) => error instanceof BoardInputError
				});
				expectConverged(peers, readSections, () => {});
				expectSchemaAccepts(syntheseSchema, seedState, peers.produced);
			}),
			{ numRuns: 60 }
		);
	});
});
