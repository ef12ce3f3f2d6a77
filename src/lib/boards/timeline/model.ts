import * as Y from 'yjs';
import type { BoardKind } from '../kind.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanInteger,
	cleanText,
	ensureArray,
	itemEntries,
	newId,
	newItem,
	newText,
	readChoice,
	readInteger,
	readStringList,
	readText,
	requireItem,
	writeText
} from '../model-kit.ts';
import {
	addSkillTo,
	cleanSkill,
	cleanSkills,
	gatherSkills,
	readSkills,
	removeSkillFrom,
	setSkillLists,
	skillKey,
	type GatheredSkills
} from '../skills.ts';
import { timelineLocks } from './locks.ts';
import {
	DESCRIPTION_MAX,
	MAX_EXPERIENCES,
	ORGANISATION_MAX,
	SATISFACTION_MAX,
	SATISFACTION_MIN,
	TIMELINE_KIND,
	TITLE_MAX,
	categoryIds,
	experiencesRoot,
	isMonth,
	laneIds,
	lanes,
	timelineSchema,
	type Experience,
	type ExperienceInput,
	type ExperiencePatch,
	type Lane,
	type SkillCategory
} from './schema.ts';

export * from './schema.ts';

/** The operations and readers of the frise de carrière (its document shape: `schema.ts`). */

function cleanMonth(value: unknown, field: string): string {
	if (!isMonth(value)) throw new BoardInputError('invalid', field);
	return value;
}

function toExperience(id: string, map: Y.Map<unknown>): Experience {
	const rawStart = map.get('start');
	const rawEnd = map.get('end');
	const end = isMonth(rawEnd) ? rawEnd : null;
	let start = isMonth(rawStart) ? rawStart : (end ?? '1900-01');
	let finish = end;
	// Two people editing start and end at once can leave end < start: show the period they
	// jointly described (the two months swapped) rather than an impossible one.
	if (finish !== null && finish < start) [start, finish] = [finish, start];
	return {
		id,
		lane: readChoice(map, 'lane', laneIds, 'travail'),
		// Typed live, a title can be empty for a moment (or for good, after two people each erased
		// it at once): it still needs a name to be shown and announced.
		title: readText(map, 'title').trim() || '?',
		organisation: readText(map, 'organisation').trim(),
		description: readText(map, 'description').trim(),
		start,
		end: finish,
		satisfaction: readInteger(map, 'satisfaction', SATISFACTION_MIN, SATISFACTION_MAX, 0),
		keyMoment: map.get('keyMoment') === true,
		skills: readSkills(map)
	};
}

/** Chronological order: start month, then end (en cours last), then id. */
function compareExperiences(a: Experience, b: Experience): number {
	if (a.start !== b.start) return a.start < b.start ? -1 : 1;
	const endA = a.end ?? '9999-99';
	const endB = b.end ?? '9999-99';
	if (endA !== endB) return endA < endB ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every experience, in chronological order. */
export function readExperiences(doc: Y.Doc): Experience[] {
	return itemEntries(experiencesRoot(doc))
		.map(([id, map]) => toExperience(id, map))
		.sort(compareExperiences);
}

/** One experience, or null. */
export function readExperience(doc: Y.Doc, id: string): Experience | null {
	const map = experiencesRoot(doc).get(id);
	return map instanceof Y.Map ? toExperience(id, map as Y.Map<unknown>) : null;
}

interface CleanFields {
	lane?: Lane;
	title?: string;
	organisation?: string;
	description?: string;
	start?: string;
	end?: string | null;
	satisfaction?: number;
	keyMoment?: boolean;
}

function cleanFields(input: ExperiencePatch): CleanFields {
	const fields: CleanFields = {};
	if (input.lane !== undefined) fields.lane = cleanChoice(input.lane, 'lane', laneIds);
	if (input.title !== undefined) fields.title = cleanText(input.title, 'title', TITLE_MAX);
	if (input.organisation !== undefined) {
		fields.organisation = cleanText(input.organisation, 'organisation', ORGANISATION_MAX, 0);
	}
	if (input.description !== undefined) {
		fields.description = cleanText(input.description, 'description', DESCRIPTION_MAX, 0);
	}
	if (input.start !== undefined) fields.start = cleanMonth(input.start, 'start');
	if (input.end !== undefined)
		fields.end = input.end === null ? null : cleanMonth(input.end, 'end');
	if (input.satisfaction !== undefined) {
		fields.satisfaction = cleanInteger(
			input.satisfaction,
			'satisfaction',
			SATISFACTION_MIN,
			SATISFACTION_MAX
		);
	}
	if (input.keyMoment !== undefined) {
		if (typeof input.keyMoment !== 'boolean') throw new BoardInputError('invalid', 'keyMoment');
		fields.keyMoment = input.keyMoment;
	}
	return fields;
}

function checkPeriod(start: string, end: string | null): void {
	if (end !== null && end < start) throw new BoardInputError('out_of_range', 'end');
}

/** Adds an experience. Returns its id. */
export function addExperience(doc: Y.Doc, input: ExperienceInput): string {
	if (input.lane === undefined) throw new BoardInputError('invalid', 'lane');
	if (input.title === undefined) throw new BoardInputError('empty', 'title');
	if (input.start === undefined) throw new BoardInputError('invalid', 'start');
	const fields = cleanFields(input);
	const end = fields.end ?? null;
	checkPeriod(fields.start as string, end);
	const skills = cleanSkills(input.skills);
	const id = newId('exp-');
	doc.transact(() => {
		const root = experiencesRoot(doc);
		if (root.size >= MAX_EXPERIENCES) throw new BoardInputError('limit_reached', 'experiences');
		const item = newItem({
			lane: fields.lane,
			title: newText(fields.title ?? ''),
			organisation: newText(fields.organisation ?? ''),
			description: newText(fields.description ?? ''),
			start: fields.start,
			end,
			satisfaction: fields.satisfaction ?? 0,
			keyMoment: fields.keyMoment ?? false
		});
		setSkillLists(item, skills);
		root.set(id, item);
	});
	return id;
}

const textKeys = new Set(['title', 'organisation', 'description']);

/** Changes some fields of an experience; the period must stay valid (end ≥ start). */
export function updateExperience(doc: Y.Doc, id: string, patch: ExperiencePatch): void {
	const fields = cleanFields(patch);
	doc.transact(() => {
		const item = requireItem(experiencesRoot(doc), id, 'experienceId');
		const current = toExperience(id, item);
		checkPeriod(fields.start ?? current.start, fields.end === undefined ? current.end : fields.end);
		for (const [key, value] of Object.entries(fields)) {
			if (textKeys.has(key)) writeText(item, key, value as string);
			else item.set(key, value);
		}
	});
}

/** Flags (or unflags) an experience as a key moment of the story. */
export function setKeyMoment(doc: Y.Doc, id: string, keyMoment: boolean): void {
	updateExperience(doc, id, { keyMoment });
}

/** Removes an experience. */
export function removeExperience(doc: Y.Doc, id: string): void {
	doc.transact(() => {
		requireItem(experiencesRoot(doc), id, 'experienceId');
		experiencesRoot(doc).delete(id);
	});
}

/** Adds a skill drawn from an experience (`duplicate` if the category already has it). */
export function addSkill(doc: Y.Doc, id: string, category: SkillCategory, skill: string): void {
	doc.transact(() => {
		addSkillTo(requireItem(experiencesRoot(doc), id, 'experienceId'), category, skill);
	});
}

/** Removes a skill, by its words (see `removeSkillFrom`). */
export function removeSkill(doc: Y.Doc, id: string, category: SkillCategory, skill: string): void {
	doc.transact(() => {
		removeSkillFrom(requireItem(experiencesRoot(doc), id, 'experienceId'), category, skill);
	});
}

/** Rewords a skill in place. */
export function renameSkill(
	doc: Y.Doc,
	id: string,
	category: SkillCategory,
	from: string,
	to: string
): void {
	const cat = cleanChoice(category, 'category', categoryIds);
	const text = cleanSkill(to);
	doc.transact(() => {
		const item = requireItem(experiencesRoot(doc), id, 'experienceId');
		const entries = readStringList(item, cat);
		const index = entries.findIndex((entry) => skillKey(entry) === skillKey(String(from)));
		if (index < 0) throw new BoardInputError('unknown_id', 'skill');
		if (entries.some((s, i) => i !== index && skillKey(s) === skillKey(text))) {
			throw new BoardInputError('duplicate', 'skill');
		}
		removeSkill(doc, id, cat, from);
		ensureArray(item, cat).insert(Math.min(index, ensureArray(item, cat).length), [text]);
	});
}

export interface TimelineSummary {
	kind: 'timeline';
	experienceCount: number;
	/** First start month and last end month (null while an experience is en cours). */
	span: { from: string; to: string | null } | null;
	lanes: {
		id: Lane;
		label: string;
		experiences: {
			title: string;
			organisation: string;
			description: string;
			start: string;
			end: string | null;
			satisfaction: number;
			keyMoment: boolean;
		}[];
	}[];
	/** The courbe de vie: one point per experience, chronological. */
	courbe: {
		month: string;
		end: string | null;
		satisfaction: number;
		title: string;
		lane: Lane;
		keyMoment: boolean;
	}[];
	keyMoments: { title: string; start: string; description: string }[];
	/** Each skill once per category, with the experiences it was drawn from. */
	skills: GatheredSkills[];
}

/** Plain JSON for the record and the synthèse. */
export function summarizeTimeline(doc: Y.Doc): TimelineSummary {
	const experiences = readExperiences(doc);
	const ongoing = experiences.some((e) => e.end === null);
	const lastEnd = experiences.reduce<string | null>(
		(max, e) => (e.end !== null && (max === null || e.end > max) ? e.end : max),
		null
	);
	const first = experiences[0];
	return {
		kind: 'timeline',
		experienceCount: experiences.length,
		span: first ? { from: first.start, to: ongoing ? null : lastEnd } : null,
		lanes: lanes.map((lane) => ({
			id: lane.id,
			label: lane.label,
			experiences: experiences
				.filter((e) => e.lane === lane.id)
				.map((e) => ({
					title: e.title,
					organisation: e.organisation,
					description: e.description,
					start: e.start,
					end: e.end,
					satisfaction: e.satisfaction,
					keyMoment: e.keyMoment
				}))
		})),
		courbe: experiences.map((e) => ({
			month: e.start,
			end: e.end,
			satisfaction: e.satisfaction,
			title: e.title,
			lane: e.lane,
			keyMoment: e.keyMoment
		})),
		keyMoments: experiences
			.filter((e) => e.keyMoment)
			.map((e) => ({ title: e.title, start: e.start, description: e.description })),
		skills: gatherSkills(experiences.map((e) => ({ name: e.title, skills: e.skills })))
	};
}

/** A new timeline is empty. */
export function initTimeline(doc: Y.Doc): void {
	doc.transact(() => {
		experiencesRoot(doc);
	});
}

export const timelineKind: BoardKind<TimelineSummary> = {
	kind: TIMELINE_KIND,
	version: 1,
	schema: timelineSchema,
	init: initTimeline,
	summarize: summarizeTimeline,
	locks: timelineLocks
};
