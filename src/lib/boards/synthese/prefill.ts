import type { ActionPlanSummary } from '../action-plan/model.ts';
import type { IkigaiSummary } from '../ikigai/model.ts';
import type { TimelineSummary } from '../timeline/model.ts';
import type { ValuesSummary } from '../values/model.ts';
import type { SectionId, SyntheseTexts } from './model.ts';

/**
 * What the synthèse takes from the exercise boards: proposed texts for its sections and the data
 * of the two drawings (Ikigai, courbe de vie), read from the summaries of the latest snapshots.
 * Pure functions over plain JSON, so the server, the PDF and the tests share them.
 */

/** The part of a snapshot the prefill reads. */
export interface SnapshotSummary {
	kind: string;
	summary: unknown;
	createdAt: Date;
}

/** The Ikigai drawing: the notes of each region (regions keep the model's ids and labels). */
export interface IkigaiDrawing {
	regions: { id: string; label: string; notes: string[] }[];
}

/** The courbe de vie: one point per experience, chronological, satisfaction −5…+5. */
export type CourbeDrawing = {
	month: string;
	end: string | null;
	satisfaction: number;
	title: string;
	keyMoment: boolean;
}[];

export interface SyntheseDrawings {
	ikigai: IkigaiDrawing | null;
	courbe: CourbeDrawing | null;
}

/** The summary of the newest snapshot of `kind` (a bilan may hold two boards of one kind). */
export function newestSummary<T>(snapshots: readonly SnapshotSummary[], kind: string): T | null {
	let newest: SnapshotSummary | null = null;
	for (const snapshot of snapshots) {
		if (snapshot.kind !== kind) continue;
		if (typeof snapshot.summary !== 'object' || snapshot.summary === null) continue;
		if (!newest || snapshot.createdAt > newest.createdAt) newest = snapshot;
	}
	return newest ? (newest.summary as T) : null;
}

const bullet = (text: string) => `• ${text}`;

/** The top values (why, satisfaction) and the gaps, as text. */
export function valuesText(values: ValuesSummary | null): string {
	if (!values || !Array.isArray(values.top) || values.top.length === 0) return '';
	const lines = ['Mes valeurs les plus importantes :'];
	for (const value of values.top) {
		const details = [
			value.why ? `pourquoi : ${value.why}` : '',
			value.satisfaction === null ? '' : `satisfaction aujourd’hui : ${value.satisfaction}/10`
		].filter(Boolean);
		lines.push(`${value.rank}. ${value.label}${details.length ? ` — ${details.join(' ; ')}` : ''}`);
	}
	if (Array.isArray(values.gaps) && values.gaps.length > 0) {
		lines.push('', 'Les écarts à regarder (importantes, mais peu vécues aujourd’hui) :');
		for (const gap of values.gaps) lines.push(bullet(`${gap.label} (écart ${gap.gap})`));
	}
	return lines.join('\n');
}

/** The Ikigai notes zone by zone, as text. */
export function ikigaiText(ikigai: IkigaiSummary | null): string {
	if (!ikigai || !Array.isArray(ikigai.regions)) return '';
	const filled = ikigai.regions.filter((region) => region.notes.length > 0);
	if (filled.length === 0) return '';
	const lines = ['Ikigai :'];
	for (const region of filled) lines.push(`${region.label} : ${region.notes.join(' ; ')}`);
	return lines.join('\n');
}

/** The skills of the timeline by category (with the experiences they come from), as text. */
export function skillsText(timeline: TimelineSummary | null): string {
	if (!timeline || !Array.isArray(timeline.skills)) return '';
	const lines: string[] = [];
	for (const category of timeline.skills) {
		if (category.skills.length === 0) continue;
		if (lines.length > 0) lines.push('');
		lines.push(`${category.label} :`);
		for (const skill of category.skills) {
			const from = skill.from.length ? ` (${skill.from.join(', ')})` : '';
			lines.push(bullet(`${skill.label}${from}`));
		}
	}
	return lines.join('\n');
}

/** The pistes of the action plan (priority, description, pros and cons), as text. */
export function pistesText(plan: ActionPlanSummary | null): string {
	if (!plan || !Array.isArray(plan.pistes) || plan.pistes.length === 0) return '';
	const lines: string[] = [];
	for (const piste of plan.pistes) {
		if (lines.length > 0) lines.push('');
		lines.push(`${piste.title} (${piste.priority})`);
		if (piste.description) lines.push(piste.description);
		if (piste.pros.length) lines.push(`Points forts : ${piste.pros.join(' ; ')}`);
		if (piste.cons.length) lines.push(`Points de vigilance : ${piste.cons.join(' ; ')}`);
	}
	return lines.join('\n');
}

type ActionLine = ActionPlanSummary['unattached'][number];

function actionLine(action: ActionLine): string {
	const details = [
		action.category,
		action.due ? `pour le ${frenchDate(action.due)}` : '',
		action.owner,
		action.status
	].filter(Boolean);
	return bullet(`${action.title} — ${details.join(', ')}`);
}

/** "2027-03-15" → "15/03/2027". */
function frenchDate(iso: string): string {
	const [year, month, day] = iso.split('-');
	return `${day}/${month}/${year}`;
}

/** The actions of the action plan, piste by piste, as text. */
export function actionsText(plan: ActionPlanSummary | null): string {
	if (!plan || !Array.isArray(plan.pistes)) return '';
	const lines: string[] = [];
	for (const piste of plan.pistes) {
		if (piste.actions.length === 0) continue;
		if (lines.length > 0) lines.push('');
		lines.push(`${piste.title} :`, ...piste.actions.map(actionLine));
	}
	if (Array.isArray(plan.unattached) && plan.unattached.length > 0) {
		if (lines.length > 0) lines.push('');
		lines.push('Autres actions :', ...plan.unattached.map(actionLine));
	}
	return lines.join('\n');
}

function joinBlocks(...blocks: string[]): string {
	return blocks.filter((block) => block !== '').join('\n\n');
}

/**
 * Proposed text for each section the snapshots say something about: top values (why,
 * satisfaction), skills from the timeline by category, the Ikigai notes by zone, the action
 * plan's pistes and actions. The circumstances are the people's own words: never proposed.
 */
export function prefillTexts(snapshots: readonly SnapshotSummary[]): Partial<SyntheseTexts> {
	const values = newestSummary<ValuesSummary>(snapshots, 'values');
	const ikigai = newestSummary<IkigaiSummary>(snapshots, 'ikigai');
	const timeline = newestSummary<TimelineSummary>(snapshots, 'timeline');
	const plan = newestSummary<ActionPlanSummary>(snapshots, 'action-plan');
	const texts: Partial<Record<SectionId, string>> = {
		competences: skillsText(timeline),
		valeurs: valuesText(values),
		projets: joinBlocks(pistesText(plan), ikigaiText(ikigai)),
		etapes: actionsText(plan)
	};
	for (const id of Object.keys(texts) as SectionId[]) if (texts[id] === '') delete texts[id];
	return texts;
}

/** The data of the two drawings, from the newest Ikigai and timeline snapshots. */
export function drawingsFrom(snapshots: readonly SnapshotSummary[]): SyntheseDrawings {
	const ikigai = newestSummary<IkigaiSummary>(snapshots, 'ikigai');
	const timeline = newestSummary<TimelineSummary>(snapshots, 'timeline');
	return {
		ikigai:
			ikigai && Array.isArray(ikigai.regions)
				? { regions: ikigai.regions.map(({ id, label, notes }) => ({ id, label, notes })) }
				: null,
		courbe:
			timeline && Array.isArray(timeline.courbe) && timeline.courbe.length > 0
				? timeline.courbe.map(({ month, end, satisfaction, title, keyMoment }) => ({
						month,
						end,
						satisfaction,
						title,
						keyMoment
					}))
				: null
	};
}
