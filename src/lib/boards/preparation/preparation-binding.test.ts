import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { SharedText } from '../shared-text.svelte.ts';
import { preparationKind, rubricField } from './model.ts';
import { PreparationBinding } from './preparation-binding.svelte.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

function twoPeers() {
	const { clients, destroy } = linkedSessions(preparationKind, [
		{ name: 'Claire' },
		{ name: 'Bruno' }
	]);
	cleanup.push(destroy);
	const [claire, bruno] = clients.map((client) => ({
		session: client.session,
		board: new PreparationBinding(client.session)
	}));
	return { claire: claire!, bruno: bruno! };
}

describe('PreparationBinding', () => {
	it('shares objectives and problématiques, announces them, and undoes one’s own change', () => {
		const { claire, bruno } = twoPeers();
		expect(claire.board.addObjectif('Changer de métier')).toBeNull();
		expect(bruno.board.state.objectifs.map((o) => o.text)).toEqual(['Changer de métier']);
		expect(bruno.session.announcement).toBe('Claire a ajouté l’objectif « Changer de métier ».');
		bruno.board.setProblematique('sens', true);
		expect(claire.board.state.problematiques).toEqual(['sens']);
		expect(claire.session.announcement).toBe('Bruno a coché « Retrouver du sens ».');
		claire.board.removeObjectif(claire.board.state.objectifs[0]!.id);
		expect(bruno.session.announcement).toBe('Claire a retiré l’objectif « Changer de métier ».');
		claire.session.undo();
		expect(bruno.board.state.objectifs.map((o) => o.text)).toEqual(['Changer de métier']);
		// Bruno's tick is his own: Claire's undo leaves it.
		expect(bruno.board.state.problematiques).toEqual(['sens']);
	});

	it('keeps both people’s words when they type in one rubric at once', () => {
		const { claire, bruno } = twoPeers();
		const mine = new SharedText(claire.session, rubricField('attentes'));
		const theirs = new SharedText(bruno.session, rubricField('attentes'));
		mine.input('', 'Y voir clair', 12);
		theirs.input('Y voir clair', 'Y voir clair.', 13);
		mine.input('Y voir clair.', 'Enfin y voir clair.', 6);
		expect(theirs.value).toBe('Enfin y voir clair.');
		expect(bruno.board.readOnly).toBe(false);
	});

	it('refuses an empty objective with a sentence', () => {
		const { claire } = twoPeers();
		expect(claire.board.addObjectif('  ')).toEqual(expect.any(String));
		expect(claire.board.state.objectifs).toEqual([]);
	});
});
