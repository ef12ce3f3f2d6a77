import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raisedHands } from '../../src/lib/seance/hands.ts';
import { startSeance } from '../../src/lib/server/seance.service.ts';
import { newBilanWorld } from '../helpers/factories.ts';
import type { SeanceTestClient } from '../helpers/seance-client.ts';
import { rosterSeen, startSeanceCluster, type SeanceCluster } from '../helpers/seance-cluster.ts';

/**
 * Raised hands and quick reactions, on two nodes (PostgreSQL + Redis) when DATABASE_URL is set —
 * the consultant on one node, the beneficiary on the other — else on one node on PGlite.
 */
describe('raised hands and quick reactions in a séance', () => {
	let cluster: SeanceCluster;

	beforeAll(async () => {
		cluster = await startSeanceCluster();
	});
	afterAll(() => cluster?.close());

	async function started() {
		const w = await newBilanWorld(cluster.db);
		await startSeance(cluster.db, w.consultant, w.bilan.id);
		const lead = await cluster.client(0, w.consultant, w.bilan.id);
		const member = await cluster.client(1, w.beneficiary, w.bilan.id);
		return { ...w, lead, member };
	}

	const errorsOf = (...clients: SeanceTestClient[]) =>
		clients
			.flatMap((client) => client.all('seance.error'))
			.map(([error]) => `${error.event}: ${error.message}`)
			.sort();
	const handsSeen = (client: SeanceTestClient) =>
		raisedHands(rosterSeen(client) ?? []).map((hand) => hand.userId);

	it('shows a raised hand to the leader on another node; the leader lowers it, everywhere', async () => {
		const w = await started();
		const second = await cluster.client(0, w.beneficiary, w.bilan.id);
		w.member.socket.emit('seance.hand', true);
		await expect.poll(() => handsSeen(w.lead)).toEqual([w.beneficiary.id]);
		const at = raisedHands(rosterSeen(w.lead)!)[0]!.at;
		// Raised again from the other tab: the same place in the queue.
		second.socket.emit('seance.hand', true);
		await expect
			.poll(() => rosterSeen(w.lead)?.filter((e) => e.handRaisedAt !== null).length)
			.toBe(2);
		expect(raisedHands(rosterSeen(w.lead)!)).toEqual([
			{ userId: w.beneficiary.id, name: w.beneficiary.name, at }
		]);

		w.lead.socket.emit('seance.hand.lower', w.beneficiary.id);
		for (const client of [w.lead, w.member, second]) {
			await expect
				.poll(() => rosterSeen(client)?.every((entry) => entry.handRaisedAt === null))
				.toBe(true);
		}
		// The participant lowers their own hand too; the leader gives the floor, raises none.
		w.member.socket.emit('seance.hand', true);
		await expect.poll(() => handsSeen(w.lead)).toEqual([w.beneficiary.id]);
		second.socket.emit('seance.hand', false);
		await expect.poll(() => handsSeen(w.lead)).toEqual([]);
		w.lead.socket.emit('seance.hand', true);
		w.member.socket.emit('seance.hand.lower', w.beneficiary.id);
		await expect
			.poll(() => errorsOf(w.lead, w.member))
			.toEqual([
				'seance.hand.lower: Seul·e la ou le consultant·e qui mène la séance peut faire cela.',
				'seance.hand: La ou le consultant·e mène la séance : elle ou il donne la parole.'
			]);
		expect(handsSeen(w.member)).toEqual([]);
	});

	it('relays quick reactions to everyone, a few in a row, then refuses the rest for a while', async () => {
		const w = await started();
		for (const reaction of ['bravo', 'pouce', 'question', 'pause'] as const) {
			w.member.socket.emit('seance.react', reaction);
		}
		await expect
			.poll(() => w.lead.all('seance.reaction').map(([r]) => [r.userId, r.name, r.reaction]))
			.toEqual([
				[w.beneficiary.id, w.beneficiary.name, 'bravo'],
				[w.beneficiary.id, w.beneficiary.name, 'pouce'],
				[w.beneficiary.id, w.beneficiary.name, 'question']
			]);
		await expect
			.poll(() => errorsOf(w.member))
			.toEqual(['seance.react: Vous avez beaucoup réagi d’un coup : patientez quelques secondes.']);
		expect(w.member.all('seance.reaction')).toHaveLength(3);
		// Refused reactions cost no strike: the socket stays.
		expect(w.member.socket.connected).toBe(true);
	});

	it('refuses a malformed reaction or hand, and the screen’s', async () => {
		const w = await started();
		const screen = await cluster.client(1, w.consultant, w.bilan.id, 'screen');
		w.member.socket.emit('seance.react', '🎉' as 'bravo');
		w.member.socket.emit('seance.hand', 'oui' as unknown as boolean);
		screen.socket.emit('seance.react', 'bravo');
		await expect
			.poll(() => errorsOf(w.member, screen))
			.toEqual([
				'seance.hand: Message mal formé : rechargez la page.',
				'seance.react: L’écran de présentation ne fait que suivre la séance.',
				'seance.react: Message mal formé : rechargez la page.'
			]);
		expect(w.lead.all('seance.reaction')).toEqual([]);
		expect(handsSeen(w.lead)).toEqual([]);
	});
});
