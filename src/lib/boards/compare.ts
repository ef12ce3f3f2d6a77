import { m } from '$lib/paraglide/messages';
import { compareActionPlan } from './action-plan/compare.ts';
import { compareCanvas } from './canvas/compare.ts';
import { differs } from './compare-kit.ts';
import { compareIkigai } from './ikigai/compare.ts';
import { compareTimeline } from './timeline/compare.ts';
import { compareValues } from './values/compare.ts';

type Compare = (before: unknown, after: unknown) => string[];

/** A kind's comparison, typed by its own summary, stored next to the others. */
function entry<Summary>(compare: (before: Summary, after: Summary) => string[]): Compare {
	return compare as Compare;
}

/** Each kind's comparison of two summaries (in its own folder). */
const comparisons: Record<string, Compare> = {
	values: entry(compareValues),
	ikigai: entry(compareIkigai),
	timeline: entry(compareTimeline),
	'action-plan': entry(compareActionPlan),
	canvas: entry(compareCanvas)
};

/**
 * What changed from one snapshot's summary to another's, in words; empty when nothing did. A
 * kind without its own comparison says only whether the content changed.
 */
export function describeSnapshotChanges(kind: string, before: unknown, after: unknown): string[] {
	const compare = comparisons[kind];
	if (compare) return compare(before, after);
	return differs(before, after) ? [m.snapshot_compare_changed()] : [];
}
