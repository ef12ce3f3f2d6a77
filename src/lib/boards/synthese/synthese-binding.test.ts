import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { readSections, syntheseKind } from './model.ts';
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
		synthese: new SyntheseBinding(client.session),
		texts: () => readSections(client.doc)
	}));
	return { claire: claire!, nadia: nadia! };
}

describe('SyntheseBinding', () => {
	it('takes up a proposal after the text, or in its place, each as one undoable step', () => {
		const { nadia } = twoPeers();
		nadia.synthese.replace('projets', 'Mes mots');
		expect(nadia.synthese.append('projets', 'Proposé')).toBeNull();
		expect(nadia.texts().projets).toBe('Mes mots\n\nProposé');
		nadia.session.undo();
		expect(nadia.texts().projets).toBe('Mes mots');
		nadia.synthese.replace('projets', 'Tout neuf');
		expect(nadia.texts().projets).toBe('Tout neuf');
		nadia.session.undo();
		expect(nadia.texts().projets).toBe('Mes mots');
	});
});
