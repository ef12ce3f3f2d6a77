import type * as Y from 'yjs';
import { compareOrdered, sortOrdered } from '../fractional-index.ts';
import {
	BoardInputError,
	itemEntries,
	readChoice,
	readString,
	readStringList,
	readText
} from '../model-kit.ts';
import {
	actionsRoot,
	categoryIds,
	isDate,
	isMetierLink,
	ownerKinds,
	pistesRoot,
	priorityIds,
	statusIds,
	type Action,
	type ActionStatus,
	type Owner,
	type MetierLink,
	type Piste
} from './schema.ts';
import { readFormations, type Formation } from './formations.ts';

/** Readers of the action plan: plain objects, orphans set apart, order normalised. */

export interface PisteWithActions extends Piste {
	actions: Action[];
	formations: Formation[];
}

export interface ActionPlanState {
	/** Pistes in their order, each with its actions in their order. */
	pistes: PisteWithActions[];
	/** Actions whose piste was deleted while they were added or moved to it. */
	orphans: Action[];
}

interface RawAction {
	id: string;
	map: Y.Map<unknown>;
	key: unknown;
	pisteId: string;
}

function cleanToday(today: string): string {
	if (!isDate(today)) throw new BoardInputError('invalid', 'today');
	return today;
}

/**
 * A title typed live can be empty for a moment (or for good, when two people erased it at once):
 * it still needs a name to be shown and announced.
 */
function shownTitle(map: Y.Map<unknown>): string {
	return readText(map, 'title').trim() || '?';
}

function readOwner(map: Y.Map<unknown>): Owner {
	const kind = readChoice(map, 'ownerKind', ownerKinds, 'beneficiaire');
	if (kind !== 'autre') return { kind };
	// The name is typed live: it may be empty while someone retypes it, and the field must stay.
	return { kind, name: readText(map, 'ownerName').trim() };
}

function toAction(raw: RawAction, pisteId: string | null, today: string): Action {
	const due = raw.map.get('due');
	const status = readChoice(raw.map, 'status', statusIds, 'a-faire');
	const dueDate = isDate(due) ? due : null;
	return {
		id: raw.id,
		pisteId,
		title: shownTitle(raw.map),
		category: readChoice(raw.map, 'category', categoryIds, 'autre'),
		due: dueDate,
		owner: readOwner(raw.map),
		status,
		notes: readText(raw.map, 'notes').trim(),
		overdue: dueDate !== null && dueDate < today && status !== 'fait'
	};
}

function toPiste(id: string, map: Y.Map<unknown>): Piste {
	return {
		id,
		title: shownTitle(map),
		description: readText(map, 'description').trim(),
		priority: readChoice(map, 'priority', priorityIds, 'alternative'),
		pros: readStringList(map, 'pros'),
		cons: readStringList(map, 'cons'),
		metier: readMetier(map)
	};
}

function readMetier(map: Y.Map<unknown>): MetierLink | null {
	const metier = map.get('metier');
	return isMetierLink(metier) ? { code: metier.code, libelle: metier.libelle } : null;
}

/** The whole plan as of `today` ('YYYY-MM-DD', injected so that "overdue" is testable). */
export function readActionPlan(doc: Y.Doc, today: string): ActionPlanState {
	const day = cleanToday(today);
	const pisteEntries = sortOrdered(
		itemEntries(pistesRoot(doc)).map(([id, map]) => ({ id, map, key: map.get('order') }))
	);
	const actions: RawAction[] = itemEntries(actionsRoot(doc)).map(([id, map]) => ({
		id,
		map,
		key: map.get('order'),
		pisteId: readString(map, 'pisteId')
	}));
	const known = new Set(pisteEntries.map((entry) => entry.id));
	return {
		pistes: pisteEntries.map((entry) => ({
			...toPiste(entry.id, entry.map),
			actions: sortOrdered(actions.filter((a) => a.pisteId === entry.id)).map((a) =>
				toAction(a, entry.id, day)
			),
			formations: readFormations(doc, entry.id)
		})),
		orphans: sortOrdered(actions.filter((a) => !known.has(a.pisteId))).map((a) =>
			toAction(a, null, day)
		)
	};
}

/** Every action: pistes in order, then orphans. */
export function readActions(doc: Y.Doc, today: string): Action[] {
	const plan = readActionPlan(doc, today);
	return [...plan.pistes.flatMap((piste) => piste.actions), ...plan.orphans];
}

/** One action, or null. */
export function readAction(doc: Y.Doc, actionId: string, today: string): Action | null {
	return readActions(doc, today).find((action) => action.id === actionId) ?? null;
}

/** One piste (with its actions), or null. */
export function readPiste(doc: Y.Doc, pisteId: string, today: string): PisteWithActions | null {
	return readActionPlan(doc, today).pistes.find((piste) => piste.id === pisteId) ?? null;
}

/**
 * Actions by due date (soonest first; undated last), ties in plan order — the list view.
 * The sort is stable over `readActions`, which is already deterministic.
 */
export function actionsByDueDate(doc: Y.Doc, today: string): Action[] {
	return readActions(doc, today)
		.map((action, position) => ({ action, position }))
		.sort((a, b) => {
			const dueA = a.action.due ?? '9999-99-99';
			const dueB = b.action.due ?? '9999-99-99';
			return dueA !== dueB ? (dueA < dueB ? -1 : 1) : a.position - b.position;
		})
		.map((entry) => entry.action);
}

/** Actions grouped by status, each group in plan order — the board view. */
export function actionsByStatus(doc: Y.Doc, today: string): Record<ActionStatus, Action[]> {
	const groups = Object.fromEntries(statusIds.map((id) => [id, [] as Action[]]));
	for (const action of readActions(doc, today)) groups[action.status]?.push(action);
	return groups as Record<ActionStatus, Action[]>;
}

/** Sorted sibling actions of a piste (raw, for placing), the moving one excluded. */
export function siblingActions(doc: Y.Doc, pisteId: string, exceptId: string): RawAction[] {
	return itemEntries(actionsRoot(doc))
		.filter(([id, map]) => id !== exceptId && readString(map, 'pisteId') === pisteId)
		.map(([id, map]) => ({ id, map, key: map.get('order'), pisteId }))
		.sort(compareOrdered);
}
