import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectReason } from '../../../../tests/helpers/board-input.ts';
import { findBoardKind } from '../registry.ts';
import { violationOf } from '../doc-schema.ts';
import {
	actionNotesField,
	actionOwnerNameField,
	actionPlanKind,
	actionPlanSchema,
	actionTitleField,
	actionsByDueDate,
	actionsByStatus,
	addAction,
	addArgument,
	addPiste,
	isDate,
	moveAction,
	movePiste,
	pisteDescriptionField,
	pisteTitleField,
	readAction,
	readActionPlan,
	readActions,
	readPiste,
	removeAction,
	removeArgument,
	removePiste,
	setActionStatus,
	summarizeActionPlan,
	todayIso,
	updateAction,
	updateArgument,
	updatePiste
} from './model.ts';

const today = '2025-03-15';

function board() {
	const doc = new Y.Doc();
	actionPlanKind.init(doc);
	return doc;
}

function titles(items: { title: string }[]) {
	return items.map((item) => item.title);
}

describe('init', () => {
	it('creates only the declared roots; a fresh plan summarises to nothing to do', () => {
		const doc = new Y.Doc();
		actionPlanKind.init(doc);
		expect([...doc.share.keys()].sort()).toEqual(Object.keys(actionPlanSchema.roots).sort());
		expect(findBoardKind('action-plan')).toMatchObject(actionPlanKind);
		expect(summarizeActionPlan(doc, today)).toEqual({
			kind: 'action-plan',
			asOf: today,
			pistes: [],
			unattached: [],
			counts: { total: 0, 'a-faire': 0, 'en-cours': 0, fait: 0, overdue: 0 },
			next: []
		});
		expect(actionPlanKind.summarize(doc)).toMatchObject({ asOf: todayIso() });
	});
});

describe('dates', () => {
	it('accepts real calendar dates only', () => {
		expect(isDate('2024-02-29')).toBe(true);
		for (const bad of ['2023-02-29', '2024-13-01', '2024-1-01', '1899-12-31', 20240101]) {
			expect(isDate(bad)).toBe(false);
		}
		expect(todayIso(new Date(2025, 0, 5, 12))).toBe('2025-01-05');
	});
});

describe('pistes', () => {
	it('adds, orders, edits and removes pistes', () => {
		const doc = board();
		const a = addPiste(doc, { title: 'Boulanger', priority: 'principale' });
		const b = addPiste(doc, { title: 'Formateur' });
		const c = addPiste(doc, { title: 'Traiteur' }, 0);
		expect(titles(readActionPlan(doc, today).pistes)).toEqual([
			'Traiteur',
			'Boulanger',
			'Formateur'
		]);
		movePiste(doc, c, 2);
		expect(titles(readActionPlan(doc, today).pistes)).toEqual([
			'Boulanger',
			'Formateur',
			'Traiteur'
		]);
		updatePiste(doc, b, { priority: 'principale', description: 'En CFA' });
		expect(readPiste(doc, b, today)).toMatchObject({
			title: 'Formateur',
			priority: 'principale',
			description: 'En CFA'
		});
		expect(readPiste(doc, a, today)?.priority).toBe('principale');
		expect(readPiste(doc, c, today)?.priority).toBe('alternative');
		removePiste(doc, c);
		expect(readPiste(doc, c, today)).toBeNull();
		expectReason(() => removePiste(doc, c), 'unknown_id');
		expectReason(() => addPiste(doc, { title: '' }), 'empty');
		expectReason(
			() => addPiste(doc, { title: 'x', priority: 'urgente' as 'principale' }),
			'invalid'
		);
		expectReason(() => movePiste(doc, a, Number.NaN), 'invalid');
	});

	it('keeps pros and cons', () => {
		const doc = board();
		const id = addPiste(doc, { title: 'Boulanger' });
		addArgument(doc, id, 'pros', 'Travail manuel');
		addArgument(doc, id, 'pros', 'Demande forte');
		addArgument(doc, id, 'cons', 'Horaires de nuit');
		updateArgument(doc, id, 'pros', 1, 'Secteur qui recrute');
		removeArgument(doc, id, 'pros', 0);
		expect(readPiste(doc, id, today)).toMatchObject({
			pros: ['Secteur qui recrute'],
			cons: ['Horaires de nuit']
		});
		expectReason(() => removeArgument(doc, id, 'cons', 3), 'unknown_id');
		expectReason(() => addArgument(doc, id, 'cons', 'x'.repeat(201)), 'too_long');
		expectReason(() => addArgument(doc, id, 'avis' as 'pros', 'x'), 'invalid');
	});

	it('links a piste to a ROME métier, checked, which the schema accepts and nothing else', () => {
		const doc = board();
		const metier = { code: 'D1102', libelle: 'Boulanger / Boulangère' };
		const id = addPiste(doc, { title: 'Boulanger', metier });
		expect(readPiste(doc, id, today)?.metier).toEqual(metier);
		expect(readPiste(doc, addPiste(doc, { title: 'Autre' }), today)?.metier).toBeNull();
		expect(summarizeActionPlan(doc, today).pistes[0]?.metier).toEqual(metier);
		for (const bad of [
			{ code: 'd1102', libelle: 'x' },
			{ code: 'D1102', libelle: '' },
			{ code: 'D1102', libelle: 'x', extra: 1 }
		]) {
			expectReason(() => addPiste(doc, { title: 'X', metier: bad as never }), 'invalid');
		}
		const piste = doc.getMap('pistes').get(id) as Y.Map<unknown>;
		expect(violationOf(doc, actionPlanSchema, () => piste.set('metier', null))).toBeNull();
		expect(
			violationOf(doc, actionPlanSchema, () => piste.set('metier', { code: 'X', libelle: 'y' }))
		).not.toBeNull();
	});
});

describe('actions', () => {
	it('adds actions with defaults, edits and removes them', () => {
		const doc = board();
		const piste = addPiste(doc, { title: 'Boulanger' });
		const id = addAction(doc, piste, { title: 'Financer le CAP', category: 'financement' });
		expect(readAction(doc, id, today)).toEqual({
			id,
			pisteId: piste,
			title: 'Financer le CAP',
			category: 'financement',
			due: null,
			owner: { kind: 'beneficiaire' },
			status: 'a-faire',
			notes: '',
			overdue: false
		});
		updateAction(doc, id, {
			due: '2025-04-01',
			owner: { kind: 'autre', name: ' Conseillère France Travail ' },
			notes: 'Dossier CPF'
		});
		expect(readAction(doc, id, today)).toMatchObject({
			due: '2025-04-01',
			owner: { kind: 'autre', name: 'Conseillère France Travail' },
			notes: 'Dossier CPF'
		});
		setActionStatus(doc, id, 'en-cours');
		expect(readAction(doc, id, today)?.status).toBe('en-cours');
		removeAction(doc, id);
		expect(readAction(doc, id, today)).toBeNull();
	});

	it('validates actions', () => {
		const doc = board();
		const piste = addPiste(doc, { title: 'Boulanger' });
		expectReason(() => addAction(doc, 'nope', { title: 'x' }), 'unknown_id');
		expectReason(() => addAction(doc, piste, { title: ' ' }), 'empty');
		expectReason(() => addAction(doc, piste, { title: 'x', due: '2025-02-30' }), 'invalid');
		expectReason(
			() => addAction(doc, piste, { title: 'x', category: 'loisir' as 'cv' }),
			'invalid'
		);
		expectReason(() => addAction(doc, piste, { title: 'x', status: 'fini' as 'fait' }), 'invalid');
		expectReason(
			() => addAction(doc, piste, { title: 'x', owner: { kind: 'autre', name: '' } }),
			'empty'
		);
		expectReason(() => addAction(doc, piste, { title: 'x', notes: 'x'.repeat(2001) }), 'too_long');
		expectReason(() => updateAction(doc, 'nope', { title: 'x' }), 'unknown_id');
		expectReason(() => readActions(doc, '15/03/2025'), 'invalid');
	});

	it('orders actions under a piste and moves them between pistes', () => {
		const doc = board();
		const p1 = addPiste(doc, { title: 'Boulanger' });
		const p2 = addPiste(doc, { title: 'Formateur' });
		const a = addAction(doc, p1, { title: 'A' });
		const b = addAction(doc, p1, { title: 'B' });
		const c = addAction(doc, p1, { title: 'C' }, 0);
		expect(titles(readPiste(doc, p1, today)?.actions ?? [])).toEqual(['C', 'A', 'B']);
		moveAction(doc, c, p1, 2);
		expect(titles(readPiste(doc, p1, today)?.actions ?? [])).toEqual(['A', 'B', 'C']);
		moveAction(doc, a, p2, 0);
		expect(titles(readPiste(doc, p1, today)?.actions ?? [])).toEqual(['B', 'C']);
		expect(readAction(doc, a, today)?.pisteId).toBe(p2);
		expectReason(() => moveAction(doc, b, 'nope', 0), 'unknown_id');
		removePiste(doc, p1);
		expect(readActions(doc, today).map((x) => x.id)).toEqual([a]);
	});

	it('flags overdue actions, sorts by due date and groups by status', () => {
		const doc = board();
		const p1 = addPiste(doc, { title: 'Boulanger' });
		const p2 = addPiste(doc, { title: 'Formateur' });
		addAction(doc, p1, { title: 'Sans date' });
		addAction(doc, p1, { title: 'En retard', due: '2025-03-14' });
		addAction(doc, p2, { title: 'Fait en retard', due: '2025-03-01', status: 'fait' });
		addAction(doc, p2, { title: "Aujourd'hui", due: today, status: 'en-cours' });
		addAction(doc, p2, { title: 'Plus tard', due: '2025-06-01' });
		const overdue = readActions(doc, today).filter((a) => a.overdue);
		expect(titles(overdue)).toEqual(['En retard']);
		expect(titles(actionsByDueDate(doc, today))).toEqual([
			'Fait en retard',
			'En retard',
			"Aujourd'hui",
			'Plus tard',
			'Sans date'
		]);
		const byStatus = actionsByStatus(doc, today);
		expect(titles(byStatus['a-faire'])).toEqual(['Sans date', 'En retard', 'Plus tard']);
		expect(titles(byStatus['en-cours'])).toEqual(["Aujourd'hui"]);
		expect(titles(byStatus.fait)).toEqual(['Fait en retard']);
		expect(readActions(doc, '2025-03-14').filter((a) => a.overdue)).toEqual([]);
	});
});

describe('concurrent edits', () => {
	function pair() {
		const a = board();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		return [a, b] as const;
	}
	function exchange(a: Y.Doc, b: Y.Doc) {
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	}

	it('keeps an action added to a piste deleted meanwhile, as an orphan that can be reattached', () => {
		const a = board();
		const piste = addPiste(a, { title: 'Boulanger' });
		const other = addPiste(a, { title: 'Formateur' });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		removePiste(a, piste);
		const id = addAction(b, piste, { title: 'Appeler le CFA' });
		exchange(a, b);
		const plan = readActionPlan(a, today);
		expect(titles(plan.pistes)).toEqual(['Formateur']);
		expect(plan.orphans.map((o) => [o.id, o.pisteId])).toEqual([[id, null]]);
		expect(summarizeActionPlan(a, today).unattached.map((o) => o.title)).toEqual([
			'Appeler le CFA'
		]);
		moveAction(a, id, other, 0);
		expect(readActionPlan(a, today).orphans).toEqual([]);
		expect(readAction(a, id, today)?.pisteId).toBe(other);
	});

	it('keeps an action moved to two pistes at once in exactly one of them', () => {
		const [a, b] = pair();
		const p1 = addPiste(a, { title: 'P1' });
		const p2 = addPiste(a, { title: 'P2' });
		const p3 = addPiste(a, { title: 'P3' });
		const id = addAction(a, p1, { title: 'X' });
		exchange(a, b);
		moveAction(a, id, p2, 0);
		moveAction(b, id, p3, 0);
		exchange(a, b);
		const holders = readActionPlan(a, today).pistes.filter((p) =>
			p.actions.some((x) => x.id === id)
		);
		expect(holders).toHaveLength(1);
		expect(readActionPlan(b, today)).toEqual(readActionPlan(a, today));
	});
});

describe('free text', () => {
	it('keeps titles, descriptions, notes and an owner’s name as shared texts, edited in place', () => {
		const doc = board();
		const piste = addPiste(doc, { title: 'Boulangerie', description: 'CAP' });
		const action = addAction(doc, piste, {
			title: 'Stage',
			notes: 'Chez Paul',
			owner: { kind: 'autre', name: 'Paul' }
		});
		const title = pisteTitleField(piste).locate(doc)!;
		expect(title).toBeInstanceOf(Y.Text);
		expect(pisteDescriptionField(piste).locate(doc)?.toString()).toBe('CAP');
		expect(actionTitleField(action).locate(doc)?.toString()).toBe('Stage');
		expect(actionNotesField(action).locate(doc)?.toString()).toBe('Chez Paul');
		expect(actionOwnerNameField(action).locate(doc)?.toString()).toBe('Paul');
		updatePiste(doc, piste, { title: 'Boulangerie artisanale' });
		updateAction(doc, action, {
			notes: 'Chez Paul, en mai',
			owner: { kind: 'autre', name: 'Paula' }
		});
		// The same Y.Text, edited: a concurrent edit elsewhere in it would survive.
		expect(pisteTitleField(piste).locate(doc)).toBe(title);
		expect(readAction(doc, action, today)).toMatchObject({
			notes: 'Chez Paul, en mai',
			owner: { kind: 'autre', name: 'Paula' }
		});
		expect(actionTitleField(action)).toMatchObject({ key: `actions/${action}/title`, max: 160 });
		expect(pisteTitleField(piste)).toMatchObject({ key: `pistes/${piste}/title`, max: 120 });
		removePiste(doc, piste);
		expect(pisteTitleField(piste).locate(doc)).toBeNull();
		expect(actionNotesField(action).locate(doc)).toBeNull();
	});

	it('merges two people typing in the same notes at once', () => {
		const a = board();
		const piste = addPiste(a, { title: 'Boulangerie' });
		const action = addAction(a, piste, { title: 'Stage', notes: 'Appeler' });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		actionNotesField(action).locate(a)!.insert(7, ' Paul');
		actionNotesField(action).locate(b)!.insert(0, 'Lundi : ');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readAction(a, action, today)?.notes).toBe('Lundi : Appeler Paul');
		expect(readActionPlan(b, today)).toEqual(readActionPlan(a, today));
	});

	it('reads an emptied title as "?", an emptied owner’s name as someone else still', () => {
		const doc = board();
		const piste = addPiste(doc, { title: 'Boulangerie' });
		const action = addAction(doc, piste, {
			title: 'Stage',
			owner: { kind: 'autre', name: 'Paul' }
		});
		const erase = (text: Y.Text | null) => text?.delete(0, text.length);
		erase(pisteTitleField(piste).locate(doc));
		erase(actionTitleField(action).locate(doc));
		erase(actionOwnerNameField(action).locate(doc));
		expect(readPiste(doc, piste, today)?.title).toBe('?');
		expect(readAction(doc, action, today)).toMatchObject({
			title: '?',
			owner: { kind: 'autre', name: '' }
		});
		expect(summarizeActionPlan(doc, today).pistes[0]?.actions[0]?.owner).toBe('Une autre personne');
	});

	it('reads old plain strings, and turns them into shared texts when updated', () => {
		const doc = board();
		const piste = addPiste(doc, { title: 'Boulangerie' });
		const item = doc.getMap('pistes').get(piste) as Y.Map<unknown>;
		item.set('description', 'Ancienne description');
		expect(readPiste(doc, piste, today)?.description).toBe('Ancienne description');
		expect(pisteDescriptionField(piste).locate(doc)).toBeNull();
		updatePiste(doc, piste, { description: 'Nouvelle' });
		expect(pisteDescriptionField(piste).locate(doc)?.toString()).toBe('Nouvelle');
	});

	it('the schema takes typing but refuses a plain string or an insert past the maximum', () => {
		const doc = board();
		const piste = addPiste(doc, { title: 'Boulangerie' });
		const action = addAction(doc, piste, { title: 'Stage' });
		const write = (change: () => void) => violationOf(doc, actionPlanSchema, change);
		expect(write(() => actionTitleField(action).locate(doc)!.insert(0, 'Long '))).toBeNull();
		const item = doc.getMap('actions').get(action) as Y.Map<unknown>;
		expect(write(() => item.set('notes', 'Plain'))).toBe('wrong type');
		const name = actionOwnerNameField(action).locate(doc);
		expect(write(() => name?.insert(0, 'x'.repeat(81)))).toBe('invalid value');
	});
});

describe('summarize', () => {
	it('gives pistes with pros, cons and labelled actions, counts and next steps', () => {
		const doc = board();
		const piste = addPiste(doc, { title: 'Boulanger', priority: 'principale' });
		addArgument(doc, piste, 'pros', 'Travail manuel');
		addArgument(doc, piste, 'cons', 'Horaires de nuit');
		addAction(doc, piste, {
			title: 'Enquête métier chez un artisan',
			category: 'enquete-metier',
			due: '2025-03-10',
			owner: { kind: 'consultant' }
		});
		addAction(doc, piste, { title: 'Dossier VAE', category: 'vae', status: 'fait' });
		const summary = summarizeActionPlan(doc, today);
		expect(summary.pistes).toEqual([
			{
				title: 'Boulanger',
				priority: 'Piste principale',
				description: '',
				metier: null,
				pros: ['Travail manuel'],
				cons: ['Horaires de nuit'],
				actions: [
					{
						title: 'Enquête métier chez un artisan',
						category: 'Enquête métier',
						due: '2025-03-10',
						owner: 'Consultant·e',
						status: 'À faire',
						notes: '',
						overdue: true
					},
					{
						title: 'Dossier VAE',
						category: 'VAE',
						due: null,
						owner: 'Bénéficiaire',
						status: 'Fait',
						notes: '',
						overdue: false
					}
				],
				formations: []
			}
		]);
		expect(summary.counts).toEqual({ total: 2, 'a-faire': 1, 'en-cours': 0, fait: 1, overdue: 1 });
		expect(titles(summary.next)).toEqual(['Enquête métier chez un artisan']);
	});
});
