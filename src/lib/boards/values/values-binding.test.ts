import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import * as awarenessProtocol from 'y-protocols/awareness';
import { BoardSession } from '../session.svelte.ts';
import { ValuesBinding } from './values-binding.svelte.ts';
import { valuesKind } from './model.ts';

const opened: Awareness[] = [];
afterEach(() => {
	// Awareness runs a timer per instance: without this the test process would not exit.
	for (const awareness of opened.splice(0)) awareness.destroy();
});

/** Two clients on one board, their updates and presence exchanged as the server would. */
function twoPeers() {
	const origin = new Y.Doc();
	valuesKind.init(origin);
	const initial = Y.encodeStateAsUpdate(origin);
	const make = (name: string, role: string) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, initial, 'server');
		const awareness = new Awareness(doc);
		opened.push(awareness);
		const session = new BoardSession({
			doc,
			awareness,
			roots: valuesKind.roots,
			user: { name, colour: '#1f5f8b' },
			readOnly: () => false
		});
		return { doc, awareness, session, values: new ValuesBinding(session, role) };
	};
	const claire = make('Claire', 'consultant');
	const bruno = make('Bruno', 'beneficiary');
	const link = (from: typeof claire, to: typeof claire) => {
		from.doc.on('update', (update: Uint8Array, source: unknown) => {
			if (source !== 'remote') Y.applyUpdate(to.doc, update, 'remote');
		});
		const share = () =>
			awarenessProtocol.applyAwarenessUpdate(
				to.awareness,
				awarenessProtocol.encodeAwarenessUpdate(from.awareness, [from.doc.clientID]),
				'remote'
			);
		from.awareness.on('update', share);
		share();
	};
	link(claire, bruno);
	link(bruno, claire);
	return { claire, bruno };
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
		const doc = new Y.Doc();
		valuesKind.init(doc);
		const awareness = new Awareness(doc);
		opened.push(awareness);
		const session = new BoardSession({
			doc,
			awareness,
			roots: valuesKind.roots,
			user: { name: 'Claire', colour: '#1f5f8b' },
			readOnly: () => true
		});
		const values = new ValuesBinding(session, 'consultant');
		const card = values.board.unsorted[0]!;
		expect(values.moveCard(card.id, 'essentiel', 0)).toBe('Lecture seule');
		expect(values.board.unsorted[0]!.id).toBe(card.id);
	});

	it('lists presence with who edits what', () => {
		const { claire, bruno } = twoPeers();
		const card = claire.values.board.unsorted[0]!;
		claire.session.presence.setEditing(card.id);
		expect(bruno.session.presence.others.map((p) => p.user.name)).toEqual(['Claire']);
		expect(bruno.session.presence.editorsOf(card.id).map((p) => p.user.name)).toEqual(['Claire']);
		expect(bruno.session.presence.peers[0]).toMatchObject({ self: true, user: { name: 'Bruno' } });
	});
});
