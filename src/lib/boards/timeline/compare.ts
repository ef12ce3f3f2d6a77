import { m } from '../../paraglide/messages.js';
import { differs, pairByKey } from '../compare-kit.ts';
import { laneLabel } from './changes.ts';
import type { TimelineSummary } from './model.ts';

type Entry = TimelineSummary['lanes'][number]['experiences'][number] & {
	lane: TimelineSummary['lanes'][number]['id'];
};

function experiences(summary: TimelineSummary): Entry[] {
	return summary.lanes.flatMap((lane) =>
		lane.experiences.map((experience) => ({ ...experience, lane: lane.id }))
	);
}

/** What changed between two snapshots of a timeline: experiences added, moved, edited, removed. */
export function compareTimeline(before: TimelineSummary, after: TimelineSummary): string[] {
	const sentences: string[] = [];
	const pairs = pairByKey(experiences(before), experiences(after), (e) => e.title);
	for (const e of pairs.added) {
		sentences.push(m.snapshot_compare_added_in({ label: e.title, place: laneLabel(e.lane) }));
	}
	for (const [old, e] of pairs.kept) {
		if (old.lane !== e.lane) {
			const from = laneLabel(old.lane);
			sentences.push(m.snapshot_compare_moved({ label: e.title, from, to: laneLabel(e.lane) }));
		} else if (differs(old, e)) {
			sentences.push(m.snapshot_compare_edited({ label: e.title }));
		}
	}
	for (const e of pairs.removed) sentences.push(m.snapshot_compare_removed({ label: e.title }));
	// Skills are summarized apart from the experiences they come from.
	for (const category of after.skills) {
		const old = before.skills.find((c) => c.id === category.id)?.skills ?? [];
		const skills = pairByKey(old, category.skills, (skill) => skill.label.toLowerCase());
		for (const skill of skills.added)
			sentences.push(m.snapshot_compare_added({ label: skill.label }));
		for (const skill of skills.removed) {
			sentences.push(m.snapshot_compare_removed({ label: skill.label }));
		}
	}
	return sentences;
}
