import fc from 'fast-check';
import { describe, it } from 'vitest';
import type * as Y from 'yjs';
import { expectReplicasConverge, initialState } from '../../../../tests/helpers/yjs-peers.ts';
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
		expectReplicasConverge({
			op,
			peers: 2,
			maxSteps: 30,
			seedState,
			apply: (doc: Y.Doc, step: Op) => {
				const section = sectionIds[step.section]!;
				if (step.append) appendToSection(doc, section, step.text);
				else setSectionText(doc, section, step.text);
			},
			read: readSections,
			schema: syntheseSchema,
			numRuns: 60,
			interruptAfterTimeLimit: null
		});
	});
});
