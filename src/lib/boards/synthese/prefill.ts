import type { IkigaiSummary } from '../ikigai/model.ts';
import type { BoardKindDefinition } from '../kind.ts';
import type { TimelineSummary } from '../timeline/model.ts';
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

/** A line of a list in a proposed text. */
export const bullet = (text: string) => `• ${text}`;

/**
 * Proposed text for each section the snapshots say something about: what each kind proposes
 * from its newest snapshot (`BoardKindDefinition.proposals`: top values, skills of the timeline,
 * Ikigai notes, the action plan's pistes and actions), blocks of one section joined in the order
 * of `kinds` (the registry's). The circumstances are the people's own words: only what they
 * wrote in « Pourquoi ce bilan ? » is proposed there.
 */
export function prefillTexts(
	snapshots: readonly SnapshotSummary[],
	kinds: readonly BoardKindDefinition[]
): Partial<SyntheseTexts> {
	const texts: Partial<Record<SectionId, string>> = {};
	for (const kind of kinds) {
		if (!kind.proposals) continue;
		for (const summary of proposingSummaries(snapshots, kind)) {
			for (const [id, text] of Object.entries(kind.proposals(summary)) as [SectionId, string][]) {
				if (text === '') continue;
				texts[id] = texts[id] === undefined ? text : `${texts[id]}\n\n${text}`;
			}
		}
	}
	return texts;
}

/**
 * The summaries `kind` proposes from: its newest, or with `everyBoard` each one given (the
 * snapshots are the latest of each board), oldest first.
 */
function proposingSummaries(
	snapshots: readonly SnapshotSummary[],
	kind: BoardKindDefinition
): unknown[] {
	if (!kind.everyBoard) {
		const newest = newestSummary(snapshots, kind.kind);
		return newest === null ? [] : [newest];
	}
	return snapshots
		.filter((s) => s.kind === kind.kind && typeof s.summary === 'object' && s.summary !== null)
		.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
		.map((s) => s.summary);
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
