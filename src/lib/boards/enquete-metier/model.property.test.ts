import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
	type CreatedRemoved,
	newCreatedRemoved,
	expectReplicasConverge,
	initialState,
	expectNoViolations
} from '../../../../tests/helpers/yjs-peers.ts';
import { isDate } from '../action-plan/schema.ts';
import {
	addPerson,
	addQuestion,
	conclusionField,
	enqueteSchema,
	initEnquete,
	moveQuestion,
	peopleRoot,
	personField,
	questionField,
	questionsRoot,
	readEnquete,
	removePerson,
	removeQuestion,
	setVerdict,
	suggestedQuestions,
	updatePerson,
	verdictIds,
	type PersonTextKey
} from './model.ts';

type Op =
	| { type: 'ask'; at: number }
	| { type: 'move'; item: number; to: number }
	| { type: 'unask'; item: number }
	| { type: 'meet'; day: number | null }
	| { type: 'date'; item: number; day: number | null }
	| { type: 'forget'; item: number }
	| { type: 'verdict'; choice: number | null }
	| { type: 'type'; item: number; field: number; at: number; text: string }
	| { type: 'erase'; item: number; field: number; at: number; length: number };

const day = fc.option(fc.integer({ min: 1, max: 28 }));
const op: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 2, arbitrary: fc.record({ type: fc.constant('ask'), at: fc.nat({ max: 12 }) }) },
	{
		weight: 2,
		arbitrary: fc.record({ type: fc.constant('move'), item: fc.nat(), to: fc.nat({ max: 12 }) })
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('unask'), item: fc.nat() }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant('meet'), day }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant('date'), item: fc.nat(), day }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('forget'), item: fc.nat() }) },
	{
		weight: 1,
		arbitrary: fc.record({ type: fc.constant('verdict'), choice: fc.option(fc.nat({ max: 2 })) })
	},
	{
		weight: 4,
		arbitrary: fc.record({
			type: fc.constant('type'),
			item: fc.nat(),
			field: fc.nat(),
			at: fc.nat(),
			text: fc.constantFrom('a', 'é', ' ', 'Métier', '\n')
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant('erase'),
			item: fc.nat(),
			field: fc.nat(),
			at: fc.nat(),
			length: fc.integer({ min: 1, max: 6 })
		})
	}
);

const personKeys: PersonTextKey[] = ['firstName', 'role', 'company', 'notes'];
const dateOf = (n: number | null) => (n === null ? null : `2027-02-${String(n).padStart(2, '0')}`);

/** Every free-text field of the board, as a live field types into it: questions, people, conclusion. */
function textFields(doc: Y.Doc) {
	const enquete = readEnquete(doc);
	return [
		...enquete.questions.map((q) => questionField(q.id)),
		...enquete.people.flatMap((p) => personKeys.map((key) => personField(p.id, key))),
		conclusionField('confirme'),
		conclusionField('questionne'),
		conclusionField('verdictWords')
	];
}

function apply(doc: Y.Doc, step: Op, log: CreatedRemoved) {
	const { questions, people } = readEnquete(doc);
	const question = 'item' in step ? (questions[step.item % (questions.length || 1)]?.id ?? '') : '';
	const person = 'item' in step ? (people[step.item % (people.length || 1)]?.id ?? '') : '';
	switch (step.type) {
		case 'ask':
			log.created.add(addQuestion(doc, 'Et vous ?', step.at));
			break;
		case 'move':
			moveQuestion(doc, question, step.to);
			break;
		case 'unask':
			removeQuestion(doc, question);
			log.removed.add(question);
			break;
		case 'meet':
			log.created.add(addPerson(doc, { firstName: 'Nadia', date: dateOf(step.day) }));
			break;
		case 'date':
			updatePerson(doc, person, { date: dateOf(step.day) });
			break;
		case 'forget':
			removePerson(doc, person);
			log.removed.add(person);
			break;
		case 'verdict':
			setVerdict(doc, step.choice === null ? null : verdictIds[step.choice]!);
			break;
		case 'type':
		case 'erase': {
			const fields = textFields(doc);
			const text = fields[(step.item + step.field) % fields.length]!.locate(doc);
			if (!text) break;
			const at = step.at % (text.length + 1);
			doc.transact(() => {
				if (step.type === 'type') text.insert(at, step.text);
				else text.delete(at, Math.min(step.length, text.length - at));
			});
			break;
		}
	}
}

function violations(doc: Y.Doc): string[] {
	const found: string[] = [];
	const enquete = readEnquete(doc);
	if (enquete.questions.length !== questionsRoot(doc).size) found.push('a question is missing');
	if (enquete.people.length !== peopleRoot(doc).size) found.push('a person is missing');
	enquete.people.forEach((p, i) => {
		if (p.date !== null && !isDate(p.date)) found.push(`${p.id} bad date`);
		if (p.firstName === '') found.push(`${p.id} has no name to show`);
		const previous = enquete.people[i - 1];
		if (previous && (previous.date ?? '9') > (p.date ?? '9')) found.push('not by date');
	});
	for (const q of enquete.questions) if (q.text === '') found.push(`${q.id} has no words`);
	if (enquete.verdict !== null && !verdictIds.includes(enquete.verdict)) found.push('verdict');
	return found;
}

const expectValid = expectNoViolations(violations);

const seedState = initialState((doc) => {
	initEnquete(doc);
	addPerson(doc, { firstName: 'Marc', role: 'Boulanger', date: '2027-02-03' });
});

describe('enquête métier under concurrent edits', () => {
	it('converges to a valid board, losing no question nor person', () => {
		expectReplicasConverge({
			op,
			seedState,
			newLog: newCreatedRemoved,
			apply,
			read: readEnquete,
			expectValid,
			schema: enqueteSchema,
			check: (enquete, log) => {
				// The suggested questions and Marc, plus what was added, minus what was removed.
				expect(enquete.questions.length + enquete.people.length).toBe(
					suggestedQuestions.length + 1 + log.created.size - log.removed.size
				);
			}
		});
	});
});
