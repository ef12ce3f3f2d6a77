import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { CentresBinding } from './centres-binding.svelte.ts';
import { cardIdOf, centresKind } from './model.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

function twoPeers() {
	const { clients, destroy } = linkedSessions(centresKind, [{ name: 'Claire' }, { name: 'Bruno' }]);
	cleanup.push(destroy);
	const [claire, bruno] = clients.map((client) => ({
		session: client.session,
		centres: new CentresBinding(client.session)
	}));
	return { claire: claire!, bruno: bruno! };
}

describe('CentresBinding', () => {
	it('shows a centre moved by one peer in the other’s pile, ranked, and announces it', () => {
		const { claire, bruno } = twoPeers();
		const card = claire.centres.board.piles[0]!.cards[0]!;
		expect(claire.centres.moveCard(card.id, 'attire', 0)).toBeNull();
		expect(bruno.centres.attracting).toEqual([card.code]);
		expect(bruno.session.announcement).toBe(`Claire a déplacé « ${card.label} » vers M’attire.`);
		expect(claire.session.announcement).toBe('');
	});

	it('removes, puts back and undoes only one’s own changes', () => {
		const { claire, bruno } = twoPeers();
		expect(claire.centres.removeCard(cardIdOf(4))).toBeNull();
		expect(bruno.centres.board.removed.map((c) => c.code)).toEqual([4]);
		bruno.centres.moveCard(cardIdOf(5), 'neutre', 0);
		claire.session.undo();
		expect(bruno.centres.board.removed).toEqual([]);
		expect(bruno.centres.board.piles.find((p) => p.place === 'neutre')!.cards[0]!.code).toBe(5);
		expect(claire.centres.restoreCard(4)).toBe('Cet élément existe déjà.');
	});
});
