import { m } from '../../paraglide/messages.js';
import { differs, pairByKey } from '../compare-kit.ts';
import type { ActionPlanSummary, ActionSummary, FormationSummary } from './model.ts';

function actions(summary: ActionPlanSummary): ActionSummary[] {
	return [...summary.pistes.flatMap((piste) => piste.actions), ...summary.unattached];
}

type FormationEntry = FormationSummary & { piste: string };

function formations(summary: ActionPlanSummary): FormationEntry[] {
	return summary.pistes.flatMap((piste) =>
		(piste.formations ?? []).map((formation) => ({ ...formation, piste: piste.title }))
	);
}

/** Formations noted, changed or removed (paired by piste and title). */
function compareFormations(before: ActionPlanSummary, after: ActionPlanSummary): string[] {
	const sentences: string[] = [];
	const pairs = pairByKey(formations(before), formations(after), (f) => `${f.piste}\n${f.title}`);
	for (const f of pairs.added) {
		sentences.push(m.snapshot_compare_added_in({ label: f.title, place: f.piste }));
	}
	for (const [old, f] of pairs.kept) {
		if (differs(old, f)) sentences.push(m.snapshot_compare_edited({ label: f.title }));
	}
	for (const f of pairs.removed) sentences.push(m.snapshot_compare_removed({ label: f.title }));
	return sentences;
}

/** What changed between two snapshots of an action plan: pistes, formations, actions, statuses. */
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
			formations: [],
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
	sentences.push(...compareFormations(before, after));
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
