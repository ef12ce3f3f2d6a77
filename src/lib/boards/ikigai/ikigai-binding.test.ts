import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { POINTER_INTERVAL_MS } from '../presence.svelte.ts';
import { SharedText } from '../shared-text.svelte.ts';
import { IkigaiBinding } from './ikigai-binding.svelte.ts';
import { ikigaiKind, noteTextField } from './model.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
	vi.useRealTimers();
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

	it('shows a note’s text typed by the other as it is typed, with their caret, unannounced', () => {
		vi.useFakeTimers();
		const { claire, bruno } = twoPeers();
		// Added by Bruno: Claire's undo then holds her typing only.
		bruno.ikigai.addInZone('Jardiner', 'vert', 'aime');
		const id = claire.ikigai.notes[0]!.id;
		const announced = bruno.session.announcement;
		const hers = new SharedText(claire.session, noteTextField(id));
		const his = new SharedText(bruno.session, noteTextField(id));
		expect(hers.input('Jardiner', 'Jardiner l', 10)).toBeNull();
		expect(hers.input('Jardiner l', 'Jardiner le', 11)).toBeNull();
		vi.advanceTimersByTime(POINTER_INTERVAL_MS);
		expect(his.value).toBe('Jardiner le');
		expect(bruno.ikigai.notes[0]!.text).toBe('Jardiner le');
		expect(his.carets).toEqual([expect.objectContaining({ name: 'Claire', head: 11 })]);
		// The field says who is writing; the announcer does not spell it out keystroke by keystroke.
		expect(bruno.session.announcement).toBe(announced);
		// Undo takes back the burst of typing as one step.
		claire.session.undo();
		expect(his.value).toBe('Jardiner');
	});

	it('refuses typing into a note that is gone, with a readable sentence', () => {
		const { claire, bruno } = twoPeers();
		claire.ikigai.addInZone('Jardiner', 'vert', 'aime');
		const id = claire.ikigai.notes[0]!.id;
		const his = new SharedText(bruno.session, noteTextField(id));
		claire.ikigai.remove(id);
		expect(his.value).toBe('');
		expect(his.input('Jardiner', 'Jardiner!', 9)).toMatch(/\S/);
	});
});
