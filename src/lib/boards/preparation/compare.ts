import { m } from '../../paraglide/messages.js';
import { pairByKey } from '../compare-kit.ts';
import type { PreparationSummary } from './model.ts';

/** What changed between two snapshots: rubrics rewritten, problématiques and objectives. */
export function comparePreparation(
	before: PreparationSummary,
	after: PreparationSummary
): string[] {
	const sentences: string[] = [];
	const oldTexts = new Map(
		[...before.rubrics, ...before.contraintes].map((rubric) => [rubric.id, rubric.text])
	);
	for (const rubric of [...after.rubrics, ...after.contraintes]) {
		if ((oldTexts.get(rubric.id) ?? '') !== rubric.text) {
			sentences.push(m.snapshot_compare_edited({ label: rubric.label }));
		}
	}
	for (const list of ['problematiques', 'objectifs'] as const) {
		const pairs = pairByKey(before[list], after[list], (text) => text);
		for (const label of pairs.added) sentences.push(m.snapshot_compare_added({ label }));
		for (const label of pairs.removed) sentences.push(m.snapshot_compare_removed({ label }));
	}
	return sentences;
}
