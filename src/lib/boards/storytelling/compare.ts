import { m } from '../../paraglide/messages.js';
import { differs, pairByKey } from '../compare-kit.ts';
import type { StorytellingSummary } from './model.ts';

/** What changed between two snapshots: stories added, rewritten, removed; compétences. */
export function compareStorytelling(
	before: StorytellingSummary,
	after: StorytellingSummary
): string[] {
	const sentences: string[] = [];
	const stories = pairByKey(before.stories, after.stories, (story) => story.title);
	for (const story of stories.added)
		sentences.push(m.snapshot_compare_added({ label: story.title }));
	for (const [old, story] of stories.kept) {
		if (differs(old, story)) sentences.push(m.snapshot_compare_edited({ label: story.title }));
	}
	for (const story of stories.removed) {
		sentences.push(m.snapshot_compare_removed({ label: story.title }));
	}
	const key = (e: StorytellingSummary['portefeuille'][number]) => `${e.category}/${e.label}`;
	const skills = pairByKey(before.portefeuille, after.portefeuille, key);
	for (const e of skills.added) sentences.push(m.snapshot_compare_added({ label: e.label }));
	for (const e of skills.removed) sentences.push(m.snapshot_compare_removed({ label: e.label }));
	return sentences;
}
