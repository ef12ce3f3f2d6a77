import * as Y from 'yjs';
import * as s from './doc-schema.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanText,
	ensureArray,
	readStringList
} from './model-kit.ts';

/**
 * Compétences as the frise de carrière and the storytelling tag them: three categories, each a
 * Y.Array of strings in an item's map (two people adding skills at once keep both), compared
 * without case or accents. One module so both kinds name, check and gather them alike.
 */

export const SKILL_MAX = 80;
export const MAX_SKILLS_PER_CATEGORY = 30;

export type SkillCategory = 'savoirFaire' | 'savoirEtre' | 'transferables';
export const skillCategories: readonly { id: SkillCategory; label: string }[] = [
	{ id: 'savoirFaire', label: 'Savoir-faire' },
	{ id: 'savoirEtre', label: 'Savoir-être' },
	{ id: 'transferables', label: 'Compétences transférables' }
];
export const skillCategoryIds = skillCategories.map((category) => category.id);

export type Skills = Record<SkillCategory, string[]>;

/** The schema of one category's list. */
export const skillList = s.array(s.string(SKILL_MAX, { min: 1 }));

/** The schema fields of an item holding skills (one list per category). */
export const skillFields = Object.fromEntries(
	skillCategoryIds.map((category) => [category, skillList])
) as Record<SkillCategory, s.ArrayShape>;

/** How two spellings of one skill compare: without case or accents. */
export function skillKey(skill: string): string {
	return skill.toLocaleLowerCase('fr').normalize('NFD').replace(/\p{M}/gu, '');
}

/** Skills without the duplicates two people adding the same one at once would leave. */
export function uniqueSkills(skills: readonly string[]): string[] {
	const seen = new Set<string>();
	return skills.filter((skill) => {
		const key = skillKey(skill);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

export function cleanSkill(text: unknown): string {
	return cleanText(text, 'skill', SKILL_MAX);
}

/** The skills of an item, each once per category. */
export function readSkills(item: Y.Map<unknown>): Skills {
	return Object.fromEntries(
		skillCategoryIds.map((category) => [category, uniqueSkills(readStringList(item, category))])
	) as Skills;
}

/** Cleaned skills for a new item (`limit_reached` past the limit). */
export function cleanSkills(input: Partial<Skills> | undefined): Skills {
	return Object.fromEntries(
		skillCategoryIds.map((category) => {
			const list = uniqueSkills((input?.[category] ?? []).map(cleanSkill));
			if (list.length > MAX_SKILLS_PER_CATEGORY) {
				throw new BoardInputError('limit_reached', category);
			}
			return [category, list];
		})
	) as Skills;
}

/** Writes a new item's skill lists. */
export function setSkillLists(item: Y.Map<unknown>, skills: Skills): void {
	for (const category of skillCategoryIds) {
		const list = new Y.Array<string>();
		list.push(skills[category]);
		item.set(category, list);
	}
}

/** Adds a skill to an item (`duplicate` if the category already has it). */
export function addSkillTo(item: Y.Map<unknown>, category: SkillCategory, skill: string): void {
	const cat = cleanChoice(category, 'category', skillCategoryIds);
	const text = cleanSkill(skill);
	const current = uniqueSkills(readStringList(item, cat));
	if (current.some((s) => skillKey(s) === skillKey(text))) {
		throw new BoardInputError('duplicate', 'skill');
	}
	if (current.length >= MAX_SKILLS_PER_CATEGORY) throw new BoardInputError('limit_reached', cat);
	ensureArray(item, cat).push([text]);
}

/**
 * Removes a skill from an item, by its words rather than its position: a position may have
 * shifted under a colleague's concurrent edit, the words have not. Removes every copy of it.
 */
export function removeSkillFrom(
	item: Y.Map<unknown>,
	category: SkillCategory,
	skill: string
): void {
	const cat = cleanChoice(category, 'category', skillCategoryIds);
	const list = ensureArray(item, cat);
	const key = skillKey(String(skill));
	const entries = list.toArray();
	if (!entries.some((entry) => typeof entry === 'string' && skillKey(entry) === key)) {
		throw new BoardInputError('unknown_id', 'skill');
	}
	for (let i = entries.length - 1; i >= 0; i--) {
		const entry = entries[i];
		if (typeof entry !== 'string' || skillKey(entry) === key) list.delete(i, 1);
	}
}

/** Each skill once per category, with the items (by name) it was drawn from. */
export interface GatheredSkills {
	id: SkillCategory;
	label: string;
	skills: { label: string; from: string[] }[];
}

/** Gathers the skills of `items` by category, in the order they first appear. */
export function gatherSkills(items: readonly { name: string; skills: Skills }[]): GatheredSkills[] {
	return skillCategories.map((category) => {
		const byKey = new Map<string, { label: string; from: string[] }>();
		for (const item of items) {
			for (const skill of item.skills[category.id]) {
				const entry = byKey.get(skillKey(skill)) ?? { label: skill, from: [] };
				if (!entry.from.includes(item.name)) entry.from.push(item.name);
				byKey.set(skillKey(skill), entry);
			}
		}
		return { id: category.id, label: category.label, skills: [...byKey.values()] };
	});
}
