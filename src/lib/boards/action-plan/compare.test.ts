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
