import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { IkigaiBinding } from './ikigai-binding.svelte.ts';
import { ikigaiKind } from './model.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

function twoPeers() {
	const { clients, destroy } = linkedSessions(ikigaiKind, [{ name: 'Claire' }, { name: 'Bruno' }]);
	cleanup.push(destroy);
	const [claire, bruno] = clients.map((client) => ({
		session: client.session,
		ikigai: new IkigaiBinding(client.session)
	}));
	return { claire: claire!, bruno: bruno! };
}

describe('IkigaiBinding', () => {
	it('moves a note to a zone for both, and says so to the other', () => {
		const { claire, bruno } = twoPeers();
		expect(claire.ikigai.addInZone('Jardiner', 'vert', 'aime')).toBeNull();
		expect(bruno.session.announcement).toBe(
			'Claire a ajouté la note « Jardiner » dans Ce que j’aime.'
		);
		const id = bruno.ikigai.notes[0]!.id;
		expect(bruno.ikigai.moveToZone(id, 'mission')).toBeNull();
		expect(claire.ikigai.byRegion.mission.map((note) => note.text)).toEqual(['Jardiner']);
		expect(claire.session.announcement).toBe('Bruno a déplacé « Jardiner » vers Mission.');
	});

	it('derives the zone from a free position, and undoes one’s own move', () => {
		const { claire, bruno } = twoPeers();
		claire.ikigai.add('Enseigner', 'bleu', { x: 500, y: 500 });
		const id = claire.ikigai.notes[0]!.id;
		expect(bruno.ikigai.notes[0]).toMatchObject({ region: 'ikigai', x: 500, y: 500 });
		claire.ikigai.move(id, 5, 5);
		expect(bruno.ikigai.notes[0]!.region).toBe('dehors');
		claire.session.undo();
		expect(bruno.ikigai.notes[0]!.region).toBe('ikigai');
	});

	it('refuses an empty note with a readable sentence', () => {
		const { claire } = twoPeers();
		expect(claire.ikigai.addInZone('   ', 'jaune', 'aime')).toBe('Ce champ ne peut pas être vide.');
		expect(claire.ikigai.notes).toEqual([]);
	});
});
