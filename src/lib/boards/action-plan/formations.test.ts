import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectSchemaAccepts, updatesOf } from '../../../../tests/helpers/yjs-peers.ts';
import { BoardInputError } from '../model-kit.ts';
import { compareActionPlan } from './compare.ts';
import {
	actionPlanSchema,
	addFormation,
	addPiste,
	formationField,
	formationsRoot,
	initActionPlan,
	isHttpLink,
	readActionPlan,
	removeFormation,
	removePiste,
	summarizeActionPlan,
	updateFormation
} from './model.ts';
import { pistesText } from './proposals.ts';

const today = '2027-01-10';

function planWithPiste(): { doc: Y.Doc; piste: string } {
	const doc = new Y.Doc();
	initActionPlan(doc);
	return { doc, piste: addPiste(doc, { title: 'Devenir formatrice' }) };
}

describe('veille formations', () => {
	it('notes formations under their piste, in the order noted, and edits them', () => {
		const { doc, piste } = planWithPiste();
		const fpa = addFormation(doc, piste, {
			title: 'Titre pro FPA',
			organisme: 'AFPA',
			duration: '9 mois',
			cost: '7 000 €',
			cpf: true,
			link: 'https://www.afpa.fr/formation-qualifiante/formateur',
			checkedOn: '2027-01-05'
		});
		const du = addFormation(doc, piste, { title: 'DU formateur d’adultes' });
		updateFormation(doc, du, { organisme: 'Université de Nantes', cpf: true });
		formationField(fpa, 'cost').locate(doc)!.insert(0, '≈ ');
		const [first, second] = readActionPlan(doc, today).pistes[0]!.formations;
		expect(first).toMatchObject({ id: fpa, title: 'Titre pro FPA', cost: '≈ 7 000 €', cpf: true });
		expect(second).toMatchObject({ id: du, organisme: 'Université de Nantes', link: '' });
		removeFormation(doc, fpa);
		expect(readActionPlan(doc, today).pistes[0]!.formations.map((f) => f.id)).toEqual([du]);
	});

	it('opens only http and https links, and refuses a bad date or an unknown piste', () => {
		const { doc, piste } = planWithPiste();
		for (const link of ['javascript:alert(1)', 'ftp://x.fr/a', 'www.afpa.fr', 'data:text/html,x']) {
			expect(isHttpLink(link)).toBe(false);
			expect(() => addFormation(doc, piste, { title: 'X', link })).toThrow(BoardInputError);
		}
		expect(isHttpLink('http://greta.fr/')).toBe(true);
		expect(() => addFormation(doc, piste, { title: 'X', checkedOn: '2027-13-01' })).toThrow(
			BoardInputError
		);
		expect(() => addFormation(doc, 'piste-inconnue', { title: 'X' })).toThrow(BoardInputError);
		// A link a hostile peer wrote is never read.
		const id = addFormation(doc, piste, { title: 'Y' });
		(formationsRoot(doc).get(id) as Y.Map<unknown>).set('link', 'javascript:alert(1)');
		expect(readActionPlan(doc, today).pistes[0]!.formations[0]!.link).toBe('');
	});

	it('goes with its piste, passes the server’s schema, and reaches the summary', () => {
		const base = planWithPiste();
		const state = Y.encodeStateAsUpdate(base.doc);
		const updates = updatesOf((doc) => {
			Y.applyUpdate(doc, state);
			addFormation(doc, base.piste, { title: 'Titre pro FPA', cpf: true, link: 'https://a.fr' });
		});
		expectSchemaAccepts(actionPlanSchema, state, updates);

		const { doc, piste } = planWithPiste();
		const before = summarizeActionPlan(doc, today);
		addFormation(doc, piste, { title: 'Titre pro FPA', organisme: 'AFPA', cpf: true });
		const after = summarizeActionPlan(doc, today);
		expect(pistesText(after)).toContain(
			'Veille formations :\n• Titre pro FPA — AFPA, éligible CPF'
		);
		expect(compareActionPlan(before, after)).toEqual([
			'Ajouté dans « Devenir formatrice » : « Titre pro FPA ».'
		]);
		removePiste(doc, piste);
		expect(formationsRoot(doc).size).toBe(0);
	});
});
