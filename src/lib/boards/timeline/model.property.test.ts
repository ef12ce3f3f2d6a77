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
import {
	addExperience,
	addSkill,
	experienceDescriptionField,
	experienceOrganisationField,
	experienceTitleField,
	initTimeline,
	isMonth,
	readExperiences,
	removeExperience,
	removeSkill,
	setKeyMoment,
	updateExperience,
	type SkillCategory,
	timelineSchema
} from './model.ts';

type Op =
	| { type: 'add'; start: number; length: number | null }
	| { type: 'start'; exp: number; month: number }
	| { type: 'end'; exp: number; month: number | null }
	| { type: 'rate'; exp: number; value: number }
	| { type: 'key'; exp: number; on: boolean }
	| { type: 'skill'; exp: number; category: number; word: number }
	| { type: 'unskill'; exp: number; category: number; word: number }
	| { type: 'remove'; exp: number }
	| { type: 'type'; exp: number; field: number; at: number; text: string }
	| { type: 'erase'; exp: number; field: number; at: number; length: number }
	| { type: 'retitle'; exp: number; word: number };

const month = fc.integer({ min: 0, max: 40 });
const op: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant('add'),
			start: month,
			length: fc.option(fc.integer({ min: 0, max: 20 }))
		})
	},
	{ weight: 3, arbitrary: fc.record({ type: fc.constant('start'), exp: fc.nat(), month }) },
	{
		weight: 3,
		arbitrary: fc.record({ type: fc.constant('end'), exp: fc.nat(), month: fc.option(month) })
	},
	{
		weight: 1,
		arbitrary: fc.record({
			type: fc.constant('rate'),
			exp: fc.nat(),
			value: fc.integer({ min: -5, max: 5 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({ type: fc.constant('key'), exp: fc.nat(), on: fc.boolean() })
	},
	{
		weight: 3,
		arbitrary: fc.record({
			type: fc.constant('skill'),
			exp: fc.nat(),
			category: fc.nat(),
			word: fc.nat({ max: 4 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			type: fc.constant('unskill'),
			exp: fc.nat(),
			category: fc.nat(),
			word: fc.nat({ max: 4 })
		})
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('remove'), exp: fc.nat() }) },
	{
		weight: 3,
		arbitrary: fc.record({
			type: fc.constant('type'),
			exp: fc.nat(),
			field: fc.nat(),
			at: fc.nat(),
			text: fc.constantFrom('a', 'é', ' ', 'Chef', '\n')
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant('erase'),
			exp: fc.nat(),
			field: fc.nat(),
			at: fc.nat(),
			length: fc.integer({ min: 1, max: 6 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({ type: fc.constant('retitle'), exp: fc.nat(), word: fc.nat({ max: 4 }) })
	}
);

/** Each free-text field of an experience, as a live field types into it. */
const textFields = [experienceTitleField, experienceOrganisationField, experienceDescriptionField];

const categories: SkillCategory[] = ['savoirFaire', 'savoirEtre', 'transferables'];
const words = ['Écoute', 'écoute', 'Rigueur', 'Cuisine', 'cuisine'];

function monthOf(n: number): string {
	return `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

function apply(doc: Y.Doc, step: Op, log: CreatedRemoved) {
	const all = readExperiences(doc);
	if ('exp' in step && all.length === 0) return;
	const id = 'exp' in step ? (all[step.exp % all.length]?.id ?? '') : '';
	const category =
		'category' in step ? (categories[step.category % 3] as SkillCategory) : 'savoirFaire';
	const word = 'word' in step ? (words[step.word] as string) : '';
	switch (step.type) {
		case 'add':
			log.created.add(
				addExperience(doc, {
					lane: 'travail',
					title: 'Poste',
					start: monthOf(step.start),
					end: step.length === null ? null : monthOf(step.start + step.length)
				})
			);
			break;
		case 'start':
			updateExperience(doc, id, { start: monthOf(step.month) });
			break;
		case 'end':
			updateExperience(doc, id, { end: step.month === null ? null : monthOf(step.month) });
			break;
		case 'rate':
			updateExperience(doc, id, { satisfaction: step.value });
			break;
		case 'key':
			setKeyMoment(doc, id, step.on);
			break;
		case 'skill':
			addSkill(doc, id, category, word);
			break;
		case 'unskill':
			removeSkill(doc, id, category, word);
			break;
		case 'remove':
			removeExperience(doc, id);
			log.removed.add(id);
			break;
		case 'type':
		case 'erase': {
			const text = textFields[step.field % textFields.length]!(id).locate(doc);
			if (!text) break;
			const at = step.at % (text.length + 1);
			doc.transact(() => {
				if (step.type === 'type') text.insert(at, step.text);
				else text.delete(at, Math.min(step.length, text.length - at));
			});
			break;
		}
		case 'retitle':
			updateExperience(doc, id, { title: word });
			break;
	}
}

function violations(doc: Y.Doc): string[] {
	const found: string[] = [];
	const all = readExperiences(doc);
	if (all.length !== doc.getMap('experiences').size) found.push('an experience is missing');
	all.forEach((e, i) => {
		if (!isMonth(e.start) || (e.end !== null && !isMonth(e.end))) found.push(`${e.id} bad month`);
		if (e.end !== null && e.end < e.start) found.push(`${e.id} ends before it starts`);
		if (e.satisfaction < -5 || e.satisfaction > 5) found.push(`${e.id} satisfaction`);
		if (e.title === '') found.push(`${e.id} has no title to show`);
		const previous = all[i - 1];
		if (previous && previous.start > e.start) found.push('not chronological');
		for (const category of categories) {
			const keys = e.skills[category].map((s) => s.toLocaleLowerCase('fr'));
			if (new Set(keys).size !== keys.length) found.push(`${e.id} duplicate skill`);
		}
	});
	return found;
}

const expectValid = expectNoViolations(violations);

const seedState = initialState((doc) => {
	initTimeline(doc);
	addExperience(doc, { lane: 'formation', title: 'BTS', start: '2001-09', end: '2003-06' });
	addExperience(doc, { lane: 'travail', title: 'Commis', start: '2003-09' });
});

describe('timeline under concurrent edits', () => {
	it('converges to valid periods and unique skills, losing no experience', () => {
		expectReplicasConverge({
			op,
			seedState,
			newLog: newCreatedRemoved,
			apply,
			read: readExperiences,
			expectValid,
			schema: timelineSchema,
			check: (experiences, log) => {
				expect(experiences.length).toBe(2 + log.created.size - log.removed.size);
			}
		});
	});
});
