import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareActionPlan } from './compare.ts';
import {
	addAction,
	addPiste,
	initActionPlan,
	removeAction,
	setActionStatus,
	summarizeActionPlan,
	updatePiste
} from './model.ts';

describe('compareActionPlan', () => {
	it('lists pistes and actions added, edited, removed, and status changes', () => {
		const doc = new Y.Doc();
		initActionPlan(doc);
		const piste = addPiste(doc, { title: 'Devenir formatrice' });
		const call = addAction(doc, piste, { title: 'Appeler le GRETA' });
		const gone = addAction(doc, piste, { title: 'Refaire le CV' });
		const before = summarizeActionPlan(doc, '2026-11-25');
		updatePiste(doc, piste, { priority: 'principale' });
		setActionStatus(doc, call, 'fait');
		removeAction(doc, gone);
		addPiste(doc, { title: 'Créer une activité' });
		expect(compareActionPlan(before, summarizeActionPlan(doc, '2026-11-25'))).toEqual([
			'Ajouté : « Créer une activité ».',
			'« Devenir formatrice » a été modifié.',
			'« Appeler le GRETA » : À faire → Fait.',
			'Retiré : « Refaire le CV ».'
		]);
		expect(compareActionPlan(before, before)).toEqual([]);
	});
});

describe('compareActionPlan and the métier of a piste', () => {
	it('says a piste changed when it gains a métier, not when an old summary lacks the field', () => {
		const doc = new Y.Doc();
		initActionPlan(doc);
		addPiste(doc, { title: 'Soigner' });
		const before = summarizeActionPlan(doc, '2026-11-25');
		const old = {
			...before,
			pistes: before.pistes.map((piste) => ({ ...piste, metier: undefined }))
		};
		expect(compareActionPlan(old, before)).toEqual([]);
		const other = new Y.Doc();
		initActionPlan(other);
		const metier = { code: 'J1506', libelle: 'Infirmier / Infirmière en soins généraux (IDE)' };
		addPiste(other, { title: 'Soigner', metier });
		const after = summarizeActionPlan(other, '2026-11-25');
		expect(after.pistes[0]!.metier).toEqual(metier);
		expect(compareActionPlan(before, after)).toEqual(['« Soigner » a été modifié.']);
	});
});
