import * as Y from 'yjs';
import type { BoardKind } from '../kind.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanText,
	ensureArray,
	itemEntries,
	newId,
	newItem,
	newText,
	readStringList,
	requireItem,
	writePlacement,
	writeText
} from '../model-kit.ts';
import { removeFormationsOf, type Formation } from './formations.ts';
import { actionPlanLocks } from './locks.ts';
import { actionsByDueDate, readActionPlan, siblingActions } from './read.ts';
import {
	ACTION_PLAN_KIND,
	ACTION_TITLE_MAX,
	ARGUMENT_MAX,
	MAX_ACTIONS,
	MAX_ARGUMENTS,
	MAX_PISTES,
	NOTES_MAX,
	OWNER_NAME_MAX,
	PISTE_DESCRIPTION_MAX,
	PISTE_TITLE_MAX,
	actionCategories,
	actionPlanSchema,
	actionStatuses,
	actionsRoot,
	argumentSides,
	formationsRoot,
	categoryIds,
	isDate,
	isMetierLink,
	ownerKinds,
	pistesRoot,
	priorities,
	priorityIds,
	statusIds,
	todayIso,
	type Action,
	type ActionCategory,
	type ActionStatus,
	type ArgumentSide,
	type MetierLink,
	type Owner,
	type Priority
} from './schema.ts';

export * from './schema.ts';
export * from './read.ts';
export * from './formations.ts';

// ---------------------------------------------------------------------------------- pistes

function pisteSiblings(doc: Y.Doc, exceptId: string) {
	return itemEntries(pistesRoot(doc))
		.filter(([id]) => id !== exceptId)
		.map(([id, map]) => ({ id, map, key: map.get('order') }));
}

/** Adds a piste at `index` (default: last). Returns its id. */
export function addPiste(
	doc: Y.Doc,
	input: { title: string; priority?: Priority; description?: string; metier?: MetierLink | null },
	index = MAX_PISTES
): string {
	const title = cleanText(input.title, 'title', PISTE_TITLE_MAX);
	const metier = input.metier ?? null;
	if (metier !== null && !isMetierLink(metier)) throw new BoardInputError('invalid', 'metier');
	const priority = cleanChoice(input.priority ?? 'alternative', 'priority', priorityIds);
	const description = cleanText(input.description ?? '', 'description', PISTE_DESCRIPTION_MAX, 0);
	const id = newId('piste-');
	doc.transact(() => {
		const pistes = pistesRoot(doc);
		if (pistes.size >= MAX_PISTES) throw new BoardInputError('limit_reached', 'pistes');
		const siblings = pisteSiblings(doc, id);
		const item = newItem({ title: newText(title), priority, description: newText(description) });
		item.set('pros', new Y.Array<string>());
		item.set('cons', new Y.Array<string>());
		if (metier) item.set('metier', { code: metier.code, libelle: metier.libelle });
		pistes.set(id, item);
		writePlacement(doc, item, 'order', siblings, index);
	});
	return id;
}

/** Changes a piste's title, priority or description. */
export function updatePiste(
	doc: Y.Doc,
	pisteId: string,
	patch: { title?: string; priority?: Priority; description?: string }
): void {
	const title =
		patch.title === undefined ? undefined : cleanText(patch.title, 'title', PISTE_TITLE_MAX);
	const priority =
		patch.priority === undefined ? undefined : cleanChoice(patch.priority, 'priority', priorityIds);
	const description =
		patch.description === undefined
			? undefined
			: cleanText(patch.description, 'description', PISTE_DESCRIPTION_MAX, 0);
	doc.transact(() => {
		const item = requireItem(pistesRoot(doc), pisteId, 'pisteId');
		if (title !== undefined) writeText(item, 'title', title);
		if (priority !== undefined) item.set('priority', priority);
		if (description !== undefined) writeText(item, 'description', description);
	});
}

/** Moves a piste to `index` among the others. */
export function movePiste(doc: Y.Doc, pisteId: string, index: number): void {
	if (!Number.isFinite(index)) throw new BoardInputError('invalid', 'index');
	doc.transact(() => {
		const item = requireItem(pistesRoot(doc), pisteId, 'pisteId');
		writePlacement(doc, item, 'order', pisteSiblings(doc, pisteId), index);
	});
}

/** Removes a piste, its actions and its formations. */
export function removePiste(doc: Y.Doc, pisteId: string): void {
	doc.transact(() => {
		requireItem(pistesRoot(doc), pisteId, 'pisteId');
		for (const action of siblingActions(doc, pisteId, '')) actionsRoot(doc).delete(action.id);
		removeFormationsOf(doc, pisteId);
		pistesRoot(doc).delete(pisteId);
	});
}

/** Adds a pro or a con to a piste. */
export function addArgument(doc: Y.Doc, pisteId: string, side: ArgumentSide, text: string): void {
	const key = cleanChoice(side, 'side', argumentSides);
	const words = cleanText(text, 'argument', ARGUMENT_MAX);
	doc.transact(() => {
		const item = requireItem(pistesRoot(doc), pisteId, 'pisteId');
		if (readStringList(item, key).length >= MAX_ARGUMENTS) {
			throw new BoardInputError('limit_reached', key);
		}
		ensureArray(item, key).push([words]);
	});
}

function argumentIndex(item: Y.Map<unknown>, side: ArgumentSide, index: number): number {
	const list = ensureArray(item, side);
	if (!Number.isInteger(index) || index < 0 || index >= list.length) {
		throw new BoardInputError('unknown_id', 'index');
	}
	return index;
}

/** Rewords the pro or con at `index` (its position in the list as read). */
export function updateArgument(
	doc: Y.Doc,
	pisteId: string,
	side: ArgumentSide,
	index: number,
	text: string
): void {
	const key = cleanChoice(side, 'side', argumentSides);
	const words = cleanText(text, 'argument', ARGUMENT_MAX);
	doc.transact(() => {
		const item = requireItem(pistesRoot(doc), pisteId, 'pisteId');
		const at = argumentIndex(item, key, index);
		const list = ensureArray(item, key);
		list.delete(at, 1);
		list.insert(at, [words]);
	});
}

/** Removes the pro or con at `index`. */
export function removeArgument(
	doc: Y.Doc,
	pisteId: string,
	side: ArgumentSide,
	index: number
): void {
	const key = cleanChoice(side, 'side', argumentSides);
	doc.transact(() => {
		const item = requireItem(pistesRoot(doc), pisteId, 'pisteId');
		ensureArray(item, key).delete(argumentIndex(item, key, index), 1);
	});
}

// --------------------------------------------------------------------------------- actions

export interface ActionInput {
	title: string;
	category?: ActionCategory;
	due?: string | null;
	owner?: Owner;
	status?: ActionStatus;
	notes?: string;
}

/** The fields of an action that are free text (Y.Text), the others being plain values. */
const actionTextKeys = new Set(['title', 'ownerName', 'notes']);

function cleanAction(input: Partial<ActionInput>): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	if (input.title !== undefined) fields.title = cleanText(input.title, 'title', ACTION_TITLE_MAX);
	if (input.category !== undefined) {
		fields.category = cleanChoice(input.category, 'category', categoryIds);
	}
	if (input.due !== undefined) {
		if (input.due !== null && !isDate(input.due)) throw new BoardInputError('invalid', 'due');
		fields.due = input.due;
	}
	if (input.owner !== undefined) {
		const kind = cleanChoice(input.owner?.kind, 'owner', ownerKinds);
		fields.ownerKind = kind;
		fields.ownerName =
			input.owner.kind === 'autre' ? cleanText(input.owner.name, 'ownerName', OWNER_NAME_MAX) : '';
	}
	if (input.status !== undefined) fields.status = cleanChoice(input.status, 'status', statusIds);
	if (input.notes !== undefined) fields.notes = cleanText(input.notes, 'notes', NOTES_MAX, 0);
	return fields;
}

/** Adds an action under a piste at `index` (default: last). Returns its id. */
export function addAction(
	doc: Y.Doc,
	pisteId: string,
	input: ActionInput,
	index = MAX_ACTIONS
): string {
	if (input.title === undefined) throw new BoardInputError('empty', 'title');
	const fields = cleanAction(input);
	const id = newId('action-');
	doc.transact(() => {
		requireItem(pistesRoot(doc), pisteId, 'pisteId');
		const actions = actionsRoot(doc);
		if (actions.size >= MAX_ACTIONS) throw new BoardInputError('limit_reached', 'actions');
		const values = {
			pisteId,
			category: 'autre',
			due: null,
			ownerKind: 'beneficiaire',
			ownerName: '',
			status: 'a-faire',
			notes: '',
			...fields
		};
		const item = newItem(
			Object.fromEntries(
				Object.entries(values).map(([key, value]) => [
					key,
					actionTextKeys.has(key) ? newText(value as string) : value
				])
			)
		);
		const siblings = siblingActions(doc, pisteId, id);
		actions.set(id, item);
		writePlacement(doc, item, 'order', siblings, index);
	});
	return id;
}

/** Changes some fields of an action (its piste and place change with `moveAction`). */
export function updateAction(doc: Y.Doc, actionId: string, patch: Partial<ActionInput>): void {
	const fields = cleanAction(patch);
	doc.transact(() => {
		const item = requireItem(actionsRoot(doc), actionId, 'actionId');
		for (const [key, value] of Object.entries(fields)) {
			if (actionTextKeys.has(key)) writeText(item, key, value as string);
			else item.set(key, value);
		}
	});
}

/** À faire → en cours → fait (any transition is allowed: people change their minds). */
export function setActionStatus(doc: Y.Doc, actionId: string, status: ActionStatus): void {
	updateAction(doc, actionId, { status });
}

/** Moves an action to `index` under a piste (the same one to reorder, or another). */
export function moveAction(doc: Y.Doc, actionId: string, pisteId: string, index: number): void {
	if (!Number.isFinite(index)) throw new BoardInputError('invalid', 'index');
	doc.transact(() => {
		const item = requireItem(actionsRoot(doc), actionId, 'actionId');
		requireItem(pistesRoot(doc), pisteId, 'pisteId');
		writePlacement(doc, item, 'order', siblingActions(doc, pisteId, actionId), index);
		item.set('pisteId', pisteId);
	});
}

/** Removes an action. */
export function removeAction(doc: Y.Doc, actionId: string): void {
	doc.transact(() => {
		requireItem(actionsRoot(doc), actionId, 'actionId');
		actionsRoot(doc).delete(actionId);
	});
}

// ------------------------------------------------------------------------------- summary

export interface ActionSummary {
	title: string;
	category: string;
	due: string | null;
	owner: string;
	status: string;
	notes: string;
	overdue: boolean;
}

export type FormationSummary = Omit<Formation, 'id' | 'pisteId'>;

export interface ActionPlanSummary {
	kind: 'action-plan';
	/** The date "overdue" was computed for. */
	asOf: string;
	pistes: {
		title: string;
		priority: string;
		description: string;
		pros: string[];
		cons: string[];
		/** The ROME métier it aims at (absent from summaries taken before pistes had one). */
		metier?: MetierLink | null;
		actions: ActionSummary[];
		/** The « veille formations » (absent from summaries recorded before it existed). */
		formations?: FormationSummary[];
	}[];
	/** Actions left without a piste by a concurrent deletion. */
	unattached: ActionSummary[];
	counts: Record<ActionStatus, number> & { total: number; overdue: number };
	/** The next five actions not done, soonest first. */
	next: ActionSummary[];
}

function labelOf<T extends string>(list: readonly { id: T; label: string }[], id: T): string {
	return list.find((entry) => entry.id === id)?.label ?? id;
}

function ownerLabel(owner: Owner): string {
	if (owner.kind === 'autre') return owner.name || 'Une autre personne';
	return owner.kind === 'consultant' ? 'Consultant·e' : 'Bénéficiaire';
}

function summaryOf(action: Action): ActionSummary {
	return {
		title: action.title,
		category: labelOf(actionCategories, action.category),
		due: action.due,
		owner: ownerLabel(action.owner),
		status: labelOf(actionStatuses, action.status),
		notes: action.notes,
		overdue: action.overdue
	};
}

function formationSummary(formation: Formation): FormationSummary {
	const { title, organisme, duration, cost, cpf, link, checkedOn } = formation;
	return { title, organisme, duration, cost, cpf, link, checkedOn };
}

/** Plain JSON for the record and the synthèse, as of `today` (default: the current date). */
export function summarizeActionPlan(doc: Y.Doc, today: string = todayIso()): ActionPlanSummary {
	const plan = readActionPlan(doc, today);
	const all = [...plan.pistes.flatMap((piste) => piste.actions), ...plan.orphans];
	const count = (status: ActionStatus) => all.filter((a) => a.status === status).length;
	return {
		kind: 'action-plan',
		asOf: today,
		pistes: plan.pistes.map((piste) => ({
			title: piste.title,
			priority: labelOf(priorities, piste.priority),
			description: piste.description,
			pros: piste.pros,
			cons: piste.cons,
			metier: piste.metier,
			actions: piste.actions.map(summaryOf),
			formations: piste.formations.map(formationSummary)
		})),
		unattached: plan.orphans.map(summaryOf),
		counts: {
			total: all.length,
			'a-faire': count('a-faire'),
			'en-cours': count('en-cours'),
			fait: count('fait'),
			overdue: all.filter((a) => a.overdue).length
		},
		next: actionsByDueDate(doc, today)
			.filter((a) => a.status !== 'fait')
			.slice(0, 5)
			.map(summaryOf)
	};
}

/** A new plan is empty. */
export function initActionPlan(doc: Y.Doc): void {
	doc.transact(() => {
		pistesRoot(doc);
		actionsRoot(doc);
		formationsRoot(doc);
	});
}

export const actionPlanKind: BoardKind<ActionPlanSummary> = {
	kind: ACTION_PLAN_KIND,
	// 2: formations (a page built before would leave a deleted piste's formations behind).
	version: 2,
	schema: actionPlanSchema,
	init: initActionPlan,
	summarize: (doc) => summarizeActionPlan(doc),
	locks: actionPlanLocks
};
