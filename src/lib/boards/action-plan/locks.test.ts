import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partsTouchedBy } from '../../../../tests/helpers/board-locks.ts';
import { actionPlanLocks } from './locks.ts';
import {
	actionNotesField,
	actionPlanKind,
	addAction,
	addArgument,
	addPiste,
	initActionPlan,
	moveAction,
	pisteDescriptionField,
	removePiste,
	updateAction
} from './model.ts';

function board(): { doc: Y.Doc; first: string; second: string } {
	const doc = new Y.Doc();
	initActionPlan(doc);
	const first = addPiste(doc, { title: 'Reconversion en boulangerie' });
	const second = addPiste(doc, { title: 'Évolution interne' });
	return { doc, first, second };
}

const touched = (doc: Y.Doc, operation: (doc: Y.Doc) => void) =>
	partsTouchedBy(actionPlanKind, doc, operation);

describe('action plan locks', () => {
	it('typing in a piste’s or an action’s text touches that item (and an action’s piste)', () => {
		const { doc, first } = board();
		const action = addAction(doc, first, { title: 'Stage' });
		const described = touched(doc, (d) => pisteDescriptionField(first).locate(d)!.insert(0, 'CAP'));
		expect(described).toEqual(['board', `piste:${first}`]);
		const noted = touched(doc, (d) => actionNotesField(action).locate(d)!.insert(0, 'Lundi'));
		expect(noted).toEqual([`action:${action}`, 'board', `piste:${first}`]);
	});

	it('lists each piste followed by its actions', () => {
		const { doc, first, second } = board();
		const action = addAction(doc, first, { title: 'Stage d’observation' });
		expect(actionPlanLocks.parts(doc)).toEqual([
			{ part: `piste:${first}`, label: 'Piste : Reconversion en boulangerie' },
			{ part: `action:${action}`, label: 'Action : Stage d’observation' },
			{ part: `piste:${second}`, label: 'Piste : Évolution interne' }
		]);
	});

	it('an action belongs to itself and to its piste: added, edited, moved between pistes', () => {
		const { doc, first, second } = board();
		let id = '';
		expect(touched(doc, (d) => (id = addAction(d, first, { title: 'Enquête métier' })))).toEqual([
			`action:${id}`,
			'board',
			`piste:${first}`
		]);
		expect(touched(doc, (d) => updateAction(d, id, { status: 'en-cours' }))).toEqual([
			`action:${id}`,
			'board',
			`piste:${first}`
		]);
		expect(touched(doc, (d) => moveAction(d, id, second, 0))).toEqual(
			[`action:${id}`, 'board', `piste:${first}`, `piste:${second}`].sort()
		);
	});

	it('a piste’s own fields touch the piste; removing it touches its actions too', () => {
		const { doc, first } = board();
		const action = addAction(doc, first, { title: 'Enquête métier' });
		expect(touched(doc, (d) => addArgument(d, first, 'pros', 'Un métier concret'))).toEqual([
			'board',
			`piste:${first}`
		]);
		expect(touched(doc, (d) => removePiste(d, first))).toEqual([
			`action:${action}`,
			'board',
			`piste:${first}`
		]);
	});

	it('knows its parts by their form', () => {
		expect(actionPlanLocks.isPart('piste:piste-abc')).toBe(true);
		expect(actionPlanLocks.isPart('action:action-abc')).toBe(true);
		expect(actionPlanLocks.isPart('experience:exp-abc')).toBe(false);
		expect(actionPlanLocks.isPart('piste:')).toBe(false);
	});
});
