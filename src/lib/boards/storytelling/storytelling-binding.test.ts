import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { SharedText } from '../shared-text.svelte.ts';
import { storyField, storytellingKind } from './model.ts';
import { StorytellingBinding } from './storytelling-binding.svelte.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

function twoPeers() {
	const { clients, destroy } = linkedSessions(storytellingKind, [
		{ name: 'Claire' },
		{ name: 'Bruno' }
	]);
	cleanup.push(destroy);
	const [claire, bruno] = clients.map((client) => ({
		session: client.session,
		board: new StorytellingBinding(client.session)
	}));
	return { claire: claire!, bruno: bruno! };
}

describe('StorytellingBinding', () => {
	it('shares stories and their compétences, with the portefeuille kept up to date', () => {
		const { claire, bruno } = twoPeers();
		expect(claire.board.add({ title: 'Le service de nuit', type: 'reussite' })).toBeNull();
		expect(bruno.session.announcement).toBe('Claire a ajouté l’histoire « Le service de nuit ».');
		const id = bruno.board.stories[0]!.id;
		bruno.board.addSkill(id, 'savoirEtre', 'Sang-froid');
		expect(claire.board.portefeuille).toEqual([
			{ category: 'savoirEtre', label: 'Sang-froid', stories: ['Le service de nuit'] }
		]);
		expect(claire.session.announcement).toBe(
			'Bruno a modifié les compétences de « Le service de nuit ».'
		);
		expect(bruno.board.addSkill(id, 'savoirEtre', 'sang-froid')).toEqual(expect.any(String));
		claire.board.remove(id);
		expect(bruno.board.stories).toEqual([]);
		claire.session.undo();
		expect(bruno.board.stories.map((s) => s.skills.savoirEtre)).toEqual([['Sang-froid']]);
	});

	it('keeps both people’s words when they write one part at once', () => {
		const { claire, bruno } = twoPeers();
		claire.board.add({ title: 'La grève' });
		const id = claire.board.stories[0]!.id;
		const mine = new SharedText(claire.session, storyField(id, 'resultat'));
		const theirs = new SharedText(bruno.session, storyField(id, 'resultat'));
		mine.input('', 'Service maintenu', 16);
		theirs.input('Service maintenu', 'Service maintenu.', 17);
		mine.input('Service maintenu.', 'Le service maintenu.', 3);
		expect(theirs.value).toBe('Le service maintenu.');
		expect(bruno.board.stories[0]!.parts.resultat).toBe('Le service maintenu.');
	});
});
