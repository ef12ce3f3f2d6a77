import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { ActionPlanBinding } from './action-plan-binding.svelte.ts';
import { byDueDate } from './changes.ts';
import { actionPlanKind, actionTitleField, pisteDescriptionField } from './model.ts';
import { SharedText } from '../shared-text.svelte.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

function twoPeers() {
	const { clients, destroy } = linkedSessions(actionPlanKind, [
		{ name: 'Claire' },
		{ name: 'Bruno' }
	]);
	cleanup.push(destroy);
	const [claire, bruno] = clients.map((client) => ({
		session: client.session,
		plan: new ActionPlanBinding(client.session, '2026-11-25')
	}));
	return { claire: claire!, bruno: bruno! };
}

describe('ActionPlanBinding', () => {
	it('shares pistes and actions, marks overdue ones, and announces status changes', () => {
		const { claire, bruno } = twoPeers();
		expect(claire.plan.addPiste('Devenir menuisier', 'principale')).toBeNull();
		const pisteId = bruno.plan.plan.pistes[0]!.id;
		expect(bruno.session.announcement).toBe('Claire a ajouté la piste « Devenir menuisier ».');
		bruno.plan.addAction(pisteId, { title: 'Appeler un CFA', due: '2026-11-01' });
		bruno.plan.addAction(pisteId, { title: 'Visiter un atelier', due: '2026-10-01' });
		bruno.plan.addAction(pisteId, { title: 'Lire', due: null });
		expect(byDueDate(claire.plan.plan).map((a) => [a.title, a.overdue])).toEqual([
			['Visiter un atelier', true],
			['Appeler un CFA', true],
			['Lire', false]
		]);
		const call = claire.plan.plan.pistes[0]!.actions[0]!;
		claire.plan.updateAction(call.id, { status: 'fait' });
		expect(bruno.plan.plan.pistes[0]!.actions[0]).toMatchObject({ status: 'fait', overdue: false });
		expect(bruno.session.announcement).toBe('Claire a passé « Appeler un CFA » à Fait.');
	});

	it('shows text typed by the other as it is typed, without announcing each keystroke', () => {
		const { claire, bruno } = twoPeers();
		claire.plan.addPiste('Devenir menuisier', 'principale');
		const pisteId = claire.plan.plan.pistes[0]!.id;
		claire.plan.addAction(pisteId, { title: 'Appeler' });
		const actionId = claire.plan.plan.pistes[0]!.actions[0]!.id;
		const said = bruno.session.announcement;
		const title = new SharedText(claire.session, actionTitleField(actionId));
		expect(title.input('Appeler', 'Appeler u', 9)).toBeNull();
		expect(new SharedText(bruno.session, actionTitleField(actionId)).value).toBe('Appeler u');
		expect(bruno.plan.plan.pistes[0]!.actions[0]!.title).toBe('Appeler u');
		const description = new SharedText(claire.session, pisteDescriptionField(pisteId));
		expect(description.input('', 'B', 1)).toBeNull();
		expect(bruno.plan.plan.pistes[0]!.description).toBe('B');
		expect(bruno.session.announcement).toBe(said);
		// Another field still is announced.
		claire.plan.updateAction(actionId, { status: 'en-cours' });
		expect(bruno.session.announcement).toBe('Claire a passé « Appeler u » à En cours.');
	});

	it('undoes one’s own action only, and explains a refusal', () => {
		const { claire, bruno } = twoPeers();
		claire.plan.addPiste('Reprendre des études', 'alternative');
		const pisteId = claire.plan.plan.pistes[0]!.id;
		expect(claire.plan.addAction(pisteId, { title: '' })).toBe('Ce champ ne peut pas être vide.');
		bruno.plan.addAction(pisteId, { title: 'S’inscrire' });
		claire.plan.addArgument(pisteId, 'pros', 'Passionnant');
		claire.session.undo();
		expect(bruno.plan.plan.pistes[0]!.pros).toEqual([]);
		expect(bruno.plan.plan.pistes[0]!.actions.map((a) => a.title)).toEqual(['S’inscrire']);
	});
});
