import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	expectReplicasConverge,
	initialState,
	keystroke,
	typeInto,
	expectNoViolations
} from '../../../../tests/helpers/yjs-peers.ts';
import {
	actionsByDueDate,
	actionNotesField,
	actionOwnerNameField,
	actionTitleField,
	actionsByStatus,
	addAction,
	addArgument,
	addFormation,
	addPiste,
	formationField,
	initActionPlan,
	pisteDescriptionField,
	pisteTitleField,
	movePiste,
	moveAction,
	readActionPlan,
	readActions,
	removeAction,
	removeFormation,
	removePiste,
	setActionStatus,
	statusIds,
	updateAction,
	updateFormation,
	actionPlanSchema
} from './model.ts';

const today = '2025-03-15';

type Op =
	| { type: 'addPiste'; index: number }
	| { type: 'removePiste'; piste: number }
	| { type: 'movePiste'; piste: number; index: number }
	| { type: 'argue'; piste: number; pro: boolean }
	| { type: 'addAction'; piste: number; index: number; due: number | null }
	| { type: 'moveAction'; action: number; piste: number; index: number }
	| { type: 'status'; action: number; status: number }
	| { type: 'due'; action: number; due: number | null }
	| { type: 'removeAction'; action: number }
	| { type: 'owner'; action: number; name: string | null }
	| { type: 'typePiste'; piste: number; field: number; at: number; text: string | null }
	| { type: 'typeAction'; action: number; field: number; at: number; text: string | null }
	| { type: 'addFormation'; piste: number }
	| { type: 'editFormation'; formation: number; cpf: boolean; text: string | null; at: number }
	| { type: 'removeFormation'; formation: number };

const index = fc.integer({ min: -1, max: 8 });
const day = fc.option(fc.integer({ min: 1, max: 28 }));
const op: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('addPiste'), index }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('removePiste'), piste: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('movePiste'), piste: fc.nat(), index }) },
	{
		weight: 1,
		arbitrary: fc.record({ type: fc.constant('argue'), piste: fc.nat(), pro: fc.boolean() })
	},
	{
		weight: 3,
		arbitrary: fc.record({ type: fc.constant('addAction'), piste: fc.nat(), index, due: day })
	},
	{
		weight: 4,
		arbitrary: fc.record({
			type: fc.constant('moveAction'),
			action: fc.nat(),
			piste: fc.nat(),
			index
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({ type: fc.constant('status'), action: fc.nat(), status: fc.nat() })
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('due'), action: fc.nat(), due: day }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('removeAction'), action: fc.nat() }) },
	{
		weight: 1,
		arbitrary: fc.record({
			type: fc.constant('owner'),
			action: fc.nat(),
			name: fc.option(fc.constantFrom('Paul', 'Léa'))
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant('typePiste'),
			piste: fc.nat(),
			field: fc.nat(),
			at: fc.nat(),
			text: keystroke
		})
	},
	{
		weight: 3,
		arbitrary: fc.record({
			type: fc.constant('typeAction'),
			action: fc.nat(),
			field: fc.nat(),
			at: fc.nat(),
			text: keystroke
		})
	},
	{ weight: 2, arbitrary: fc.record({ type: fc.constant('addFormation'), piste: fc.nat() }) },
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant('editFormation'),
			formation: fc.nat(),
			cpf: fc.boolean(),
			text: keystroke,
			at: fc.nat()
		})
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant('removeFormation'), formation: fc.nat() }) }
);

const pisteTexts = [pisteTitleField, pisteDescriptionField];
const actionTexts = [actionTitleField, actionNotesField, actionOwnerNameField];

function at<T>(items: readonly T[], n: number): T | undefined {
	return items.length === 0 ? undefined : items[n % items.length];
}

function dueOf(n: number | null): string | null {
	return n === null ? null : `2025-03-${String(n).padStart(2, '0')}`;
}

interface Log {
	created: Set<string>;
	removed: Set<string>;
}

function apply(doc: Y.Doc, step: Op, log: Log) {
	const plan = readActionPlan(doc, today);
	const piste = 'piste' in step ? at(plan.pistes, step.piste) : undefined;
	const action = 'action' in step ? at(readActions(doc, today), step.action) : undefined;
	const formations = plan.pistes.flatMap((p) => p.formations);
	const formation = 'formation' in step ? at(formations, step.formation) : undefined;
	if (('piste' in step && !piste) || ('action' in step && !action)) return;
	if ('formation' in step && !formation) return;
	const pisteId = piste?.id ?? '';
	const actionId = action?.id ?? '';
	switch (step.type) {
		case 'addPiste':
			addPiste(doc, { title: 'Piste' }, step.index);
			break;
		case 'removePiste':
			for (const a of piste?.actions ?? []) log.removed.add(a.id);
			removePiste(doc, pisteId);
			break;
		case 'movePiste':
			movePiste(doc, pisteId, step.index);
			break;
		case 'argue':
			addArgument(doc, pisteId, step.pro ? 'pros' : 'cons', 'Argument');
			break;
		case 'addAction':
			log.created.add(
				addAction(doc, pisteId, { title: 'Action', due: dueOf(step.due) }, step.index)
			);
			break;
		case 'moveAction':
			moveAction(doc, actionId, pisteId, step.index);
			break;
		case 'status':
			setActionStatus(doc, actionId, at(statusIds, step.status) ?? 'fait');
			break;
		case 'due':
			updateAction(doc, actionId, { due: dueOf(step.due) });
			break;
		case 'removeAction':
			removeAction(doc, actionId);
			log.removed.add(actionId);
			break;
		case 'owner':
			updateAction(doc, actionId, {
				owner: step.name === null ? { kind: 'consultant' } : { kind: 'autre', name: step.name }
			});
			break;
		case 'typePiste':
			typeInto(doc, at(pisteTexts, step.field)!(pisteId).locate(doc), step.at, step.text);
			break;
		case 'typeAction':
			typeInto(doc, at(actionTexts, step.field)!(actionId).locate(doc), step.at, step.text);
			break;
		case 'addFormation':
			addFormation(doc, pisteId, { title: 'CAP', link: 'https://cap.fr/', checkedOn: today });
			break;
		case 'editFormation':
			updateFormation(doc, formation!.id, { cpf: step.cpf });
			typeInto(doc, formationField(formation!.id, 'organisme').locate(doc), step.at, step.text);
			break;
		case 'removeFormation':
			removeFormation(doc, formation!.id);
			break;
	}
}

function violations(doc: Y.Doc): string[] {
	const found: string[] = [];
	const plan = readActionPlan(doc, today);
	const pisteIds = plan.pistes.map((p) => p.id);
	if (new Set(pisteIds).size !== pisteIds.length) found.push('a piste is listed twice');
	if (pisteIds.length !== doc.getMap('pistes').size) found.push('a piste is missing');
	const placed = plan.pistes.flatMap((p) => p.actions.map((a) => ({ a, piste: p.id })));
	for (const { a, piste } of placed) if (a.pisteId !== piste) found.push(`${a.id} misfiled`);
	for (const a of plan.orphans) if (a.pisteId !== null) found.push(`${a.id} orphan with a piste`);
	const all = readActions(doc, today);
	const ids = all.map((a) => a.id);
	if (new Set(ids).size !== ids.length) found.push('an action is listed twice');
	if (ids.length !== doc.getMap('actions').size) found.push('an action is missing');
	for (const p of plan.pistes) if (p.title === '') found.push(`${p.id} has no title to show`);
	for (const a of all) {
		if (a.title === '') found.push(`${a.id} has no title to show`);
		const overdue = a.due !== null && a.due < today && a.status !== 'fait';
		if (a.overdue !== overdue) found.push(`${a.id} overdue flag wrong`);
	}
	const byDue = actionsByDueDate(doc, today);
	if (byDue.length !== all.length) found.push('due-date list incomplete');
	byDue.forEach((a, i) => {
		const prev = byDue[i - 1];
		if (prev && (prev.due ?? '9999') > (a.due ?? '9999')) found.push('due-date list unsorted');
	});
	// A formation is listed under its piste, once; only one whose piste is gone is not listed.
	const listed = plan.pistes.flatMap((p) => p.formations.map((f) => ({ f, piste: p.id })));
	for (const { f, piste } of listed) if (f.pisteId !== piste) found.push(`${f.id} misfiled`);
	const unlisted = [...doc.getMap('formations').values()].filter(
		(f) => !pisteIds.includes((f as Y.Map<unknown>).get('pisteId') as string)
	);
	if (listed.length + unlisted.length !== doc.getMap('formations').size) {
		found.push('a formation is missing');
	}
	const grouped = Object.values(actionsByStatus(doc, today)).flat();
	if (grouped.length !== all.length) found.push('status groups incomplete');
	return found;
}

const expectValid = expectNoViolations(violations);

const seed = { pistes: [] as string[], actions: [] as string[] };
const seedState = initialState((doc) => {
	initActionPlan(doc);
	seed.pistes = [addPiste(doc, { title: 'Boulanger' }), addPiste(doc, { title: 'Formateur' })];
	seed.actions = [addAction(doc, seed.pistes[0] as string, { title: 'Enquête' })];
});

describe('action plan under concurrent edits', () => {
	it('converges with every action once, under a piste or as an orphan, none lost', () => {
		expectReplicasConverge({
			op,
			seedState,
			newLog: (): Log => ({ created: new Set(seed.actions), removed: new Set() }),
			apply,
			read: (doc) => readActionPlan(doc, today),
			expectValid,
			schema: actionPlanSchema,
			check: (_plan, log, peers) => {
				const present = readActions(peers.docs[0] as Y.Doc, today).map((a) => a.id);
				const expected = [...log.created].filter((id) => !log.removed.has(id));
				expect([...present].sort()).toEqual(expected.sort());
			}
		});
	});
});
