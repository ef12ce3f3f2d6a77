import { m } from '../../paraglide/messages.js';
import { differs, pairByKey } from '../compare-kit.ts';
import type { ActionPlanSummary, ActionSummary } from './model.ts';

function actions(summary: ActionPlanSummary): ActionSummary[] {
	return [...summary.pistes.flatMap((piste) => piste.actions), ...summary.unattached];
}

/** What changed between two snapshots of an action plan: pistes and actions, statuses. */
export function compareActionPlan(before: ActionPlanSummary, after: ActionPlanSummary): string[] {
	const sentences: string[] = [];
	const pistes = pairByKey(before.pistes, after.pistes, (piste) => piste.title);
	for (const piste of pistes.added)
		sentences.push(m.snapshot_compare_added({ label: piste.title }));
	for (const [old, piste] of pistes.kept) {
		// A summary from before pistes had a métier has none: the same as null (compared last,
		// whatever the key order of either summary).
		const same = (p: typeof piste) => ({
			...p,
			actions: [],
			metier: undefined,
			linkedTo: p.metier ?? null
		});
		if (differs(same(old), same(piste))) {
			sentences.push(m.snapshot_compare_edited({ label: piste.title }));
		}
	}
	for (const piste of pistes.removed) {
		sentences.push(m.snapshot_compare_removed({ label: piste.title }));
	}
	const pairs = pairByKey(actions(before), actions(after), (action) => action.title);
	for (const action of pairs.added)
		sentences.push(m.snapshot_compare_added({ label: action.title }));
	for (const [old, action] of pairs.kept) {
		if (old.status !== action.status) {
			sentences.push(
				m.snapshot_compare_status({ label: action.title, from: old.status, to: action.status })
			);
		} else if (differs({ ...old, overdue: false }, { ...action, overdue: false })) {
			sentences.push(m.snapshot_compare_edited({ label: action.title }));
		}
	}
	for (const action of pairs.removed) {
		sentences.push(m.snapshot_compare_removed({ label: action.title }));
	}
	return sentences;
}
