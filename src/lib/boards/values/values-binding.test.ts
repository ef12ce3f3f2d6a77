import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { POINTER_INTERVAL_MS } from '../presence.svelte.ts';
import { SharedText } from '../shared-text.svelte.ts';
import { ValuesBinding } from './values-binding.svelte.ts';
import { cardLabelField, cardWhyField, valuesKind } from './model.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
	vi.useRealTimers();
});

function twoPeers(readOnly = false) {
	const { clients, destroy } = linkedSessions(valuesKind, [
		{ name: 'Claire', readOnly },
		{ name: 'Bruno', readOnly }
	]);
	cleanup.push(destroy);
	const [claire, bruno] = clients.map((client, i) => ({
		session: client.session,
		values: new ValuesBinding(client.session, i === 0 ? 'consultant' : 'beneficiary')
	}));
	return { claire: claire!, bruno: bruno! };
}

describe('ValuesBinding', () => {
	it('shows a card moved by one peer in the other pile, and announces who moved it', () => {
		const { claire, bruno } = twoPeers();
		const card = claire.values.board.unsorted[0]!;
		expect(claire.values.moveCard(card.id, 'essentiel', 0)).toBeNull();
		const essentiel = bruno.values.board.piles.find((pile) => pile.id === 'essentiel')!;
		expect(essentiel.cards.map((c) => c.id)).toEqual([card.id]);
		expect(bruno.session.announcement).toBe(`Claire a déplacé « ${card.label} » vers Essentiel.`);
		// One's own change is not announced to oneself.
		expect(claire.session.announcement).toBe('');
	});

	it('undoes only one’s own changes', () => {
		const { claire, bruno } = twoPeers();
		const [first, second] = claire.values.board.unsorted;
		claire.values.moveCard(first!.id, 'important', 0);
		bruno.values.moveCard(second!.id, 'pas-important', 0);
		expect(claire.session.canUndo).toBe(true);
		claire.session.undo();
		const place = (id: string) => bruno.values.cards.find((c) => c.id === id)?.place;
		expect(place(first!.id)).toBe('a-trier');
		expect(place(second!.id)).toBe('pas-important');
		claire.session.redo();
		expect(place(first!.id)).toBe('important');
	});

	it('returns a readable sentence when the model refuses, leaving the board unchanged', () => {
		const { claire } = twoPeers();
		const before = claire.values.cards.length;
		expect(claire.values.addCard('Autonomie')).toBe('Cet élément existe déjà.');
		expect(claire.values.addCard('  ')).toBe('Ce champ ne peut pas être vide.');
		expect(claire.values.addCard('Nature sauvage')).toBeNull();
		expect(claire.values.cards.length).toBe(before + 1);
		expect(claire.values.board.unsorted.at(-1)).toMatchObject({
			label: 'Nature sauvage',
			addedBy: 'consultant'
		});
	});

	it('ranks, notes why and satisfaction, and the other sees the gap', () => {
		const { claire, bruno } = twoPeers();
		const card = claire.values.board.unsorted[0]!;
		claire.values.addToTop(card.id);
		bruno.values.setSatisfaction(card.id, 4);
		bruno.values.setWhy(card.id, 'Je veux choisir');
		const [top] = claire.values.board.top;
		expect(top).toMatchObject({ rank: 1, importance: 10, gap: 6 });
		expect(top!.card.why).toBe('Je veux choisir');
		// Two edits by Bruno: the second same sentence is told apart so it is heard again.
		expect(claire.session.announcement.trim()).toBe(`Bruno a modifié « ${card.label} ».`);
	});

	it('refuses every change on a read-only board', () => {
		const { claire } = twoPeers(true);
		const card = claire.values.board.unsorted[0]!;
		expect(claire.values.moveCard(card.id, 'essentiel', 0)).toBe('Lecture seule');
		expect(claire.values.board.unsorted[0]!.id).toBe(card.id);
	});

	it('lists presence with who edits what', () => {
		const { claire, bruno } = twoPeers();
		const card = claire.values.board.unsorted[0]!;
		claire.session.presence.setEditing(card.id);
		expect(bruno.session.presence.others.map((p) => p.user.name)).toEqual(['Claire']);
		expect(bruno.session.presence.editorsOf(card.id).map((p) => p.user.name)).toEqual(['Claire']);
		expect(bruno.session.presence.peers[0]).toMatchObject({ self: true, user: { name: 'Bruno' } });
	});

	it('shows the why typed by the other as it is typed, with their caret, unannounced', () => {
		vi.useFakeTimers();
		const { claire, bruno } = twoPeers();
		const card = claire.values.board.unsorted[0]!;
		claire.values.addToTop(card.id);
		const announced = claire.session.announcement;
		const his = new SharedText(bruno.session, cardWhyField(card.id));
		const hers = new SharedText(claire.session, cardWhyField(card.id));
		expect(his.input('', 'J', 1)).toBeNull();
		expect(his.input('J', 'Je', 2)).toBeNull();
		vi.advanceTimersByTime(POINTER_INTERVAL_MS);
		expect(hers.value).toBe('Je');
		expect(claire.values.board.top[0]!.card.why).toBe('Je');
		expect(hers.carets).toEqual([expect.objectContaining({ name: 'Bruno', head: 2 })]);
		// The field says who is writing; the announcer does not spell it out keystroke by keystroke.
		expect(claire.session.announcement).toBe(announced);
		// A change of another kind on the same card is still announced.
		bruno.values.setSatisfaction(card.id, 3);
		expect(claire.session.announcement).toContain(`Bruno a modifié « ${card.label} ».`);
	});

	it('renames a card live, and refuses a label past its maximum', () => {
		const { claire, bruno } = twoPeers();
		const card = claire.values.board.unsorted[0]!;
		const label = new SharedText(claire.session, cardLabelField(card.id));
		expect(label.input(card.label, `${card.label} !`, card.label.length + 2)).toBeNull();
		expect(bruno.values.cards.find((c) => c.id === card.id)?.label).toBe(`${card.label} !`);
		const long = 'x'.repeat(label.max + 1);
		expect(label.input(label.value, long, long.length)).toMatch(/\S/);
		expect(label.value).toBe(`${card.label} !`);
	});
});
