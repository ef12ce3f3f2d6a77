import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import { sharedText } from '../model-kit.ts';
import { skillFields, type Skills } from '../skills.ts';
import type { TextField } from '../text-field.ts';

/**
 * Frise de carrière: document shape, vocabularies, limits and the free-text fields. Only this
 * root exists:
 * - `experiences` (Y.Map of Y.Map, keyed by id): `lane`, `title`, `organisation` and
 *   `description` (Y.Text, typed into live by both people), `start` ('YYYY-MM'), `end`
 *   ('YYYY-MM' or null = en cours), `satisfaction` (−5..+5), `keyMoment` (boolean), and one
 *   Y.Array of strings per skill category (`savoirFaire`, `savoirEtre`, `transferables`).
 *
 * One nested Y.Map per experience so concurrent edits of different fields merge; skills are
 * Y.Arrays so two people adding skills at once keep both. The order is chronological, derived
 * from the months: nothing to reorder, so no order key.
 */

export const TIMELINE_KIND = 'timeline';

export const TITLE_MAX = 120;
export const ORGANISATION_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const MAX_EXPERIENCES = 200;
export const SATISFACTION_MIN = -5;
export const SATISFACTION_MAX = 5;

export type Lane = 'travail' | 'formation' | 'personnel';
export const lanes: readonly { id: Lane; label: string }[] = [
	{ id: 'travail', label: 'Travail' },
	{ id: 'formation', label: 'Formation' },
	{ id: 'personnel', label: 'Vie personnelle' }
];
export const laneIds = lanes.map((lane) => lane.id);

export {
	MAX_SKILLS_PER_CATEGORY,
	SKILL_MAX,
	skillCategories,
	skillCategoryIds as categoryIds,
	type SkillCategory,
	type Skills
} from '../skills.ts';

export interface Experience {
	id: string;
	lane: Lane;
	title: string;
	organisation: string;
	description: string;
	/** 'YYYY-MM'. */
	start: string;
	/** 'YYYY-MM', or null while it is still going on (en cours). Never before `start`. */
	end: string | null;
	satisfaction: number;
	keyMoment: boolean;
	skills: Skills;
}

export interface ExperienceInput {
	lane: Lane;
	title: string;
	organisation?: string;
	description?: string;
	start: string;
	end?: string | null;
	satisfaction?: number;
	keyMoment?: boolean;
	skills?: Partial<Skills>;
}

export type ExperiencePatch = Partial<Omit<ExperienceInput, 'skills'>>;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `value` is a month 'YYYY-MM' between 1900 and 2100. */
export function isMonth(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const match = MONTH.exec(value);
	return match !== null && Number(match[1]) >= 1900 && Number(match[1]) <= 2100;
}

const month = s.value(isMonth);

export const timelineSchema = s.docSchema({
	experiences: s.mapOf(
		s.map({
			lane: s.oneOf(laneIds),
			title: s.text(TITLE_MAX),
			organisation: s.text(ORGANISATION_MAX),
			description: s.text(DESCRIPTION_MAX),
			start: month,
			end: s.nullable(month),
			satisfaction: s.integer(SATISFACTION_MIN, SATISFACTION_MAX),
			keyMoment: s.boolean,
			...skillFields
		})
	)
});

export function experiencesRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('experiences');
}

function experienceField(id: string, key: string, max: number): TextField {
	return {
		key: `experiences/${id}/${key}`,
		max,
		locate(doc) {
			const item = experiencesRoot(doc).get(id);
			return item instanceof Y.Map ? sharedText(item as Y.Map<unknown>, key) : null;
		}
	};
}

/** An experience's title, typed into live (`SharedTextField`). */
export function experienceTitleField(id: string): TextField {
	return experienceField(id, 'title', TITLE_MAX);
}

/** An experience's organisation, typed into live. */
export function experienceOrganisationField(id: string): TextField {
	return experienceField(id, 'organisation', ORGANISATION_MAX);
}

/** An experience's description, typed into live. */
export function experienceDescriptionField(id: string): TextField {
	return experienceField(id, 'description', DESCRIPTION_MAX);
}
