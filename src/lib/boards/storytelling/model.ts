import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import type { BoardKind } from '../kind.ts';
import { itemLocks } from '../locks.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanText,
	newId,
	newItem,
	newText,
	orderedItems,
	placeInList,
	readChoice,
	readText,
	requireItem,
	sharedText
} from '../model-kit.ts';
import {
	addSkillTo,
	cleanSkills,
	gatherSkills,
	readSkills,
	removeSkillFrom,
	setSkillLists,
	skillCategories,
	skillFields,
	type SkillCategory,
	type Skills
} from '../skills.ts';
import type { TextField } from '../text-field.ts';

/**
 * Storytelling et compétences: key moments of the career told as stories (situation, tâche,
 * action, résultat) and the compétences each one shows. Only this root exists:
 * - `stories` (Y.Map of Y.Map, keyed by id): `title` and the four parts (Y.Text, typed into live
 *   by both people), `type` (a réussite, a hard moment overcome, another moment), `source` (the
 *   timeline's moment it tells, in words, or null: a story may stand alone), `order` (fractional
 *   key) and one Y.Array of strings per skill category (`skills.ts`).
 * The *portefeuille de compétences* is derived: each compétence with the stories that show it.
 */

export const STORYTELLING_KIND = 'storytelling';

export const TITLE_MAX = 120;
export const PART_MAX = 2000;
export const SOURCE_MAX = 200;
export const MAX_STORIES = 40;

export type StoryType = 'reussite' | 'difficulte' | 'autre';
export const storyTypes: readonly { id: StoryType; label: string }[] = [
	{ id: 'reussite', label: 'Une réussite' },
	{ id: 'difficulte', label: 'Une difficulté surmontée' },
	{ id: 'autre', label: 'Un autre moment' }
];
export const storyTypeIds = storyTypes.map((t) => t.id);

export type StoryPart = 'situation' | 'tache' | 'action' | 'resultat';
export const storyParts: readonly { id: StoryPart; label: string }[] = [
	{ id: 'situation', label: 'Situation' },
	{ id: 'tache', label: 'Tâche' },
	{ id: 'action', label: 'Action' },
	{ id: 'resultat', label: 'Résultat' }
];
export const storyPartIds = storyParts.map((p) => p.id);

export const storytellingSchema = s.docSchema({
	stories: s.mapOf(
		s.map({
			title: s.text(TITLE_MAX),
			type: s.oneOf(storyTypeIds),
			source: s.nullable(s.string(SOURCE_MAX, { min: 1 })),
			order: s.orderKey,
			...Object.fromEntries(storyPartIds.map((id) => [id, s.text(PART_MAX)])),
			...skillFields
		})
	)
});

function storiesRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('stories');
}

/** A story's title or one of its parts, typed into live (`SharedTextField`). */
export function storyField(id: string, key: 'title' | StoryPart): TextField {
	return {
		key: `stories/${id}/${key}`,
		max: key === 'title' ? TITLE_MAX : PART_MAX,
		locate(doc) {
			const item = storiesRoot(doc).get(id);
			return item instanceof Y.Map ? sharedText(item as Y.Map<unknown>, key) : null;
		}
	};
}

export interface Story {
	id: string;
	title: string;
	type: StoryType;
	source: string | null;
	parts: Record<StoryPart, string>;
	skills: Skills;
}

/** Every story, in its order. A title erased by two people at once still reads « ? ». */
export function readStories(doc: Y.Doc): Story[] {
	return orderedItems(storiesRoot(doc)).map(({ id, map }) => {
		const source = map.get('source');
		return {
			id,
			title: readText(map, 'title').trim() || '?',
			type: readChoice(map, 'type', storyTypeIds, 'autre'),
			source: typeof source === 'string' && source !== '' ? source : null,
			parts: Object.fromEntries(storyPartIds.map((part) => [part, readText(map, part)])) as Record<
				StoryPart,
				string
			>,
			skills: readSkills(map)
		};
	});
}

/** One compétence of the portefeuille, with its evidence: the stories that show it. */
export interface Evidence {
	category: SkillCategory;
	label: string;
	stories: string[];
}

/** The portefeuille de compétences: most evidenced first, then by category and name. */
export function portefeuille(stories: readonly Story[]): Evidence[] {
	const gathered = gatherSkills(
		stories.map((story) => ({ name: story.title, skills: story.skills }))
	);
	return gathered
		.flatMap((category, rank) =>
			category.skills.map((skill) => ({
				category: category.id,
				label: skill.label,
				stories: skill.from,
				rank
			}))
		)
		.sort(
			(a, b) =>
				b.stories.length - a.stories.length ||
				a.rank - b.rank ||
				a.label.localeCompare(b.label, 'fr')
		)
		.map(({ category, label, stories: from }) => ({ category, label, stories: from }));
}

export interface StoryInput {
	title: string;
	type?: StoryType;
	source?: string | null;
	skills?: Partial<Skills>;
}

function cleanSource(value: unknown): string | null {
	return value === null || value === undefined ? null : cleanText(value, 'source', SOURCE_MAX);
}

/** Adds a story at `index` (default: last), from a moment of the timeline or not. Returns its id. */
export function addStory(doc: Y.Doc, input: StoryInput, index = MAX_STORIES): string {
	const title = cleanText(input.title, 'title', TITLE_MAX);
	const type = cleanChoice(input.type ?? 'autre', 'type', storyTypeIds);
	const source = cleanSource(input.source);
	const skills = cleanSkills(input.skills);
	const id = newId('story-');
	doc.transact(() => {
		const root = storiesRoot(doc);
		if (root.size >= MAX_STORIES) throw new BoardInputError('limit_reached', 'stories');
		const item = newItem({ title: newText(title), type, source });
		for (const part of storyPartIds) item.set(part, newText(''));
		setSkillLists(item, skills);
		root.set(id, item);
		placeInList(doc, root, id, index);
	});
	return id;
}

/** Changes a story's type or the moment it tells. */
export function updateStory(
	doc: Y.Doc,
	id: string,
	patch: { type?: StoryType; source?: string | null }
): void {
	const type = patch.type === undefined ? undefined : cleanChoice(patch.type, 'type', storyTypeIds);
	const source = patch.source === undefined ? undefined : cleanSource(patch.source);
	doc.transact(() => {
		const item = requireItem(storiesRoot(doc), id, 'storyId');
		if (type !== undefined) item.set('type', type);
		if (source !== undefined) item.set('source', source);
	});
}

/** Moves a story to `index` among the others. */
export function moveStory(doc: Y.Doc, id: string, index: number): void {
	doc.transact(() => placeInList(doc, storiesRoot(doc), id, index));
}

/** Removes a story. */
export function removeStory(doc: Y.Doc, id: string): void {
	doc.transact(() => {
		requireItem(storiesRoot(doc), id, 'storyId');
		storiesRoot(doc).delete(id);
	});
}

/** Tags a compétence the story shows (`duplicate` if it already has it). */
export function addStorySkill(doc: Y.Doc, id: string, category: SkillCategory, skill: string) {
	doc.transact(() => addSkillTo(requireItem(storiesRoot(doc), id, 'storyId'), category, skill));
}

/** Removes a compétence from a story, by its words. */
export function removeStorySkill(doc: Y.Doc, id: string, category: SkillCategory, skill: string) {
	doc.transact(() => {
		removeSkillFrom(requireItem(storiesRoot(doc), id, 'storyId'), category, skill);
	});
}

export interface StorytellingSummary {
	kind: 'storytelling';
	stories: {
		title: string;
		type: string;
		source: string | null;
		parts: { id: StoryPart; label: string; text: string }[];
		skills: Skills;
	}[];
	/** The portefeuille de compétences, most evidenced first (category by its label). */
	portefeuille: { category: string; label: string; stories: string[] }[];
}

/** Plain JSON for the record and the synthèse. */
export function summarizeStorytelling(doc: Y.Doc): StorytellingSummary {
	const stories = readStories(doc);
	return {
		kind: 'storytelling',
		stories: stories.map((story) => ({
			title: story.title,
			type: storyTypes.find((t) => t.id === story.type)!.label,
			source: story.source,
			parts: storyParts.map((p) => ({ id: p.id, label: p.label, text: story.parts[p.id].trim() })),
			skills: story.skills
		})),
		portefeuille: portefeuille(stories).map((e) => ({
			category: skillCategories.find((c) => c.id === e.category)!.label,
			label: e.label,
			stories: e.stories
		}))
	};
}

/** A new storytelling board holds no story. */
export function initStorytelling(doc: Y.Doc): void {
	doc.transact(() => {
		storiesRoot(doc);
	});
}

export const storytellingKind: BoardKind<StorytellingSummary> = {
	kind: STORYTELLING_KIND,
	version: 1,
	schema: storytellingSchema,
	init: initStorytelling,
	summarize: summarizeStorytelling,
	// A story can be locked with everything in it.
	locks: itemLocks('stories', 'story', (doc) =>
		readStories(doc).map(({ id, title }) => ({ id, label: `Histoire : ${title}` }))
	)
};
