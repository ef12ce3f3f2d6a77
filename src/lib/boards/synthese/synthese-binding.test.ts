import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { SECTION_MAX, syntheseKind } from './model.ts';
import { SyntheseBinding } from './synthese-binding.svelte.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

function twoPeers() {
	const { clients, destroy } = linkedSessions(syntheseKind, [
		{ name: 'Claire' },
		{ name: 'Nadia' }
	]);
	cleanup.push(destroy);
	const [claire, nadia] = clients.map((client) => ({
		session: client.session,
		synthese: new SyntheseBinding(client.session)
	}));
	return { claire: claire!, nadia: nadia! };
}

describe('SyntheseBinding', () => {
	it('shares typing live and undoes one’s own words only', () => {
		const { claire, nadia } = twoPeers();
		expect(nadia.synthese.edit('valeurs', 'Autonomie')).toBeNull();
		expect(claire.synthese.texts.valeurs).toBe('Autonomie');
		claire.synthese.edit('valeurs', 'Autonomie, équité');
		nadia.session.undo();
		expect(claire.synthese.texts.valeurs).toBe(', équité');
	});

	it('takes up a proposal after the text, or in its place, each as one undoable step', () => {
		const { nadia } = twoPeers();
		nadia.synthese.edit('projets', 'Mes mots');
		expect(nadia.synthese.append('projets', 'Proposé')).toBeNull();
		expect(nadia.synthese.texts.projets).toBe('Mes mots\n\nProposé');
		nadia.session.undo();
		expect(nadia.synthese.texts.projets).toBe('Mes mots');
		nadia.synthese.replace('projets', 'Tout neuf');
		expect(nadia.synthese.texts.projets).toBe('Tout neuf');
		nadia.session.undo();
		expect(nadia.synthese.texts.projets).toBe('Mes mots');
	});

	it('says why a too long text is refused, and keeps the section as it was', () => {
		const { nadia } = twoPeers();
		nadia.synthese.edit('etapes', 'Court');
		expect(nadia.synthese.edit('etapes', 'x'.repeat(SECTION_MAX + 1))).toMatch(/\S/);
		expect(nadia.synthese.texts.etapes).toBe('Court');
	});
});
