import { m } from '../../paraglide/messages.js';
import type { PisteWithActions, ActionPlanState } from './read.ts';
import type { Action, ActionCategory, ActionStatus, Owner, Priority } from './schema.ts';

const statusLabels: Record<ActionStatus, () => string> = {
	'a-faire': m.board_plan_status_a_faire,
	'en-cours': m.board_plan_status_en_cours,
	fait: m.board_plan_status_fait
};

const categoryLabels: Record<ActionCategory, () => string> = {
	formation: m.board_plan_category_formation,
	financement: m.board_plan_category_financement,
	cv: m.board_plan_category_cv,
	reseau: m.board_plan_category_reseau,
	'enquete-metier': m.board_plan_category_enquete_metier,
	candidature: m.board_plan_category_candidature,
	vae: m.board_plan_category_vae,
	'creation-entreprise': m.board_plan_category_creation_entreprise,
	autre: m.board_plan_category_autre
};

export function statusLabel(status: ActionStatus): string {
	return statusLabels[status]();
}

export function categoryLabel(category: ActionCategory): string {
	return categoryLabels[category]();
}

export function priorityLabel(priority: Priority): string {
	return priority === 'principale'
		? m.board_plan_priority_principale()
		: m.board_plan_priority_alternative();
}

export function ownerLabel(owner: Owner): string {
	if (owner.kind === 'autre') return owner.name || m.board_plan_owner_autre();
	return owner.kind === 'consultant'
		? m.board_plan_owner_consultant()
		: m.board_plan_owner_beneficiaire();
}

/** Every action of the plan: pistes in order, then orphans. */
export function allActions(plan: ActionPlanState): Action[] {
	return [...plan.pistes.flatMap((piste) => piste.actions), ...plan.orphans];
}

/** Actions by due date (soonest first, undated last), ties in plan order. */
export function byDueDate(plan: ActionPlanState): Action[] {
	return allActions(plan)
		.map((action, position) => ({ action, position }))
		.sort((a, b) => {
			const dueA = a.action.due ?? '9999-99-99';
			const dueB = b.action.due ?? '9999-99-99';
			return dueA !== dueB ? (dueA < dueB ? -1 : 1) : a.position - b.position;
		})
		.map((entry) => entry.action);
}

const MAX_SENTENCES = 3;

/*
 * Changes of free text only (a title, a description, notes, an owner's name) are not announced:
 * they come keystroke by keystroke, and the field itself shows who is typing there.
 */

function pisteChanged(old: PisteWithActions, piste: PisteWithActions): boolean {
	return (
		old.priority !== piste.priority ||
		old.pros.join('\n') !== piste.pros.join('\n') ||
		old.cons.join('\n') !== piste.cons.join('\n')
	);
}

/** An action as JSON, its free text left out. */
function withoutText(action: Action): string {
	return JSON.stringify({ ...action, title: '', notes: '', owner: action.owner.kind });
}

/** What someone else changed in the plan, as sentences for screen readers. */
export function describePlanChanges(
	previous: ActionPlanState,
	next: ActionPlanState,
	author: string
): string[] {
	const sentences: string[] = [];
	const oldPistes = new Map(previous.pistes.map((piste) => [piste.id, piste]));
	const newPistes = new Set(next.pistes.map((piste) => piste.id));
	for (const piste of next.pistes) {
		const old = oldPistes.get(piste.id);
		if (!old) sentences.push(m.board_plan_said_piste_added({ author, title: piste.title }));
		else if (pisteChanged(old, piste)) {
			sentences.push(m.board_plan_said_piste_edited({ author, title: piste.title }));
		}
	}
	for (const piste of previous.pistes) {
		if (!newPistes.has(piste.id)) {
			sentences.push(m.board_plan_said_piste_removed({ author, title: piste.title }));
		}
	}
	const oldActions = new Map(allActions(previous).map((action) => [action.id, action]));
	const newActions = allActions(next);
	const kept = new Set(newActions.map((action) => action.id));
	for (const action of newActions) {
		const old = oldActions.get(action.id);
		const title = action.title;
		if (!old) sentences.push(m.board_plan_said_action_added({ author, title }));
		else if (old.status !== action.status) {
			sentences.push(
				m.board_plan_said_action_status({ author, title, status: statusLabel(action.status) })
			);
		} else if (withoutText(old) !== withoutText(action)) {
			sentences.push(m.board_plan_said_action_edited({ author, title }));
		}
	}
	for (const action of allActions(previous)) {
		if (!kept.has(action.id)) {
			sentences.push(m.board_plan_said_action_removed({ author, title: action.title }));
		}
	}
	if (sentences.length <= MAX_SENTENCES) return sentences;
	const rest = sentences.length - MAX_SENTENCES;
	return [...sentences.slice(0, MAX_SENTENCES), m.board_said_more({ count: rest })];
}
