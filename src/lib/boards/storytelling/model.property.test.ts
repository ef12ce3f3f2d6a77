import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	expectReplicasConverge,
	initialState,
	keystroke,
	typeInto
} from '../../../../tests/helpers/yjs-peers.ts';
import { skillCategoryIds } from '../skills.ts';
import {
	addStory,
	addStorySkill,
	initStorytelling,
	moveStory,
	portefeuille,
	readStories,
	removeStory,
	removeStorySkill,
	storyField,
	storyPartIds,
	storytellingSchema,
	updateStory
} from './model.ts';

type Op =
	| { type: 'add'; index: number }
	| { type: 'move'; story: number; index: number }
	| { type: 'remove'; story: number }
	| { type: 'kind'; story: number; difficult: boolean }
	| { type: 'tag'; story: number; category: number; skill: number; on: boolean }
	| { type: 'write'; story: number; part: number; at: number; text: string | null };

const index = fc.integer({ min: -1, max: 6 });
const skills = ['Écoute', 'écoute', 'Planifier', 'Négocier'];
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ type: fc.constant('add'), index }),
	fc.record({ type: fc.constant('move'), story: fc.nat(), index }),
	fc.record({ type: fc.constant('remove'), story: fc.nat() }),
	fc.record({ type: fc.constant('kind'), story: fc.nat(), difficult: fc.boolean() }),
	fc.record({
		type: fc.constant('tag'),
		story: fc.nat(),
		category: fc.nat(),
		skill: fc.nat(),
		on: fc.boolean()
	}),
	fc.record({
		type: fc.constant('write'),
		story: fc.nat(),
		part: fc.nat(),
		at: fc.nat(),
		text: keystroke
	})
);

function at<T>(items: readonly T[], n: number): T {
	return items[n % items.length]!;
}

function apply(doc: Y.Doc, step: Op) {
	const stories = readStories(doc);
	if ('story' in step && stories.length === 0) return;
	const id = 'story' in step ? at(stories, step.story).id : '';
	switch (step.type) {
		case 'add':
			addStory(doc, { title: 'Histoire' }, step.index);
			break;
		case 'move':
			moveStory(doc, id, step.index);
			break;
		case 'remove':
			removeStory(doc, id);
			break;
		case 'kind':
			updateStory(doc, id, { type: step.difficult ? 'difficulte' : 'reussite' });
			break;
		case 'tag': {
			const category = at(skillCategoryIds, step.category);
			if (step.on) addStorySkill(doc, id, category, at(skills, step.skill));
			else removeStorySkill(doc, id, category, at(skills, step.skill));
			break;
		}
		case 'write':
			typeInto(
				doc,
				storyField(id, at(['title', ...storyPartIds] as const, step.part)).locate(doc),
				step.at,
				step.text
			);
			break;
	}
}

function expectValid(doc: Y.Doc) {
	const stories = readStories(doc);
	const ids = stories.map((s) => s.id);
	expect(new Set(ids).size).toBe(ids.length);
	expect(ids.length).toBe(doc.getMap('stories').size);
	// Every compétence of the portefeuille is evidenced by stories that tag it, once each.
	for (const evidence of portefeuille(stories)) {
		expect(evidence.stories.length).toBeGreaterThan(0);
		expect(new Set(evidence.stories).size).toBe(evidence.stories.length);
	}
	for (const story of stories) {
		for (const category of skillCategoryIds) {
			const keys = story.skills[category].map((s) => s.toLowerCase());
			expect(new Set(keys).size).toBe(keys.length);
		}
	}
}

const seedState = initialState((doc) => {
	initStorytelling(doc);
	addStory(doc, { title: 'Le service de nuit' });
	addStory(doc, { title: 'La grève' });
});

describe('storytelling under concurrent edits', () => {
	it('converges to one valid board: each story once, compétences unique, texts merged', () => {
		expectReplicasConverge({
			op,
			seedState,
			apply,
			read: readStories,
			expectValid,
			schema: storytellingSchema
		});
	});
});
