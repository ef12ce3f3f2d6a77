import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardKinds } from '../../src/lib/boards/registry.ts';
import {
	SEANCE_PROTOCOL_VERSION,
	SEANCE_REFUSAL,
	type Place,
	type SeanceState
} from '../../src/lib/seance/protocol.ts';
import { startCohortSeance } from '../../src/lib/server/cohort-seance.service.ts';
import { actorOf, newCohortWorld } from '../helpers/cohort-world.ts';
import type { SeanceTestClient } from '../helpers/seance-client.ts';
import { rosterSeen, startSeanceCluster, type SeanceCluster } from '../helpers/seance-cluster.ts';

/**
 * A cohort's group séance over socket.io (issue 15, items 3 and 5), on two nodes with
 * DATABASE_URL (the facilitator on one, participants on the other), else one node on PGlite: who
 * is let in, what leads, where suivez-moi goes — never onto a private copy for anyone but its
 * participant — and the screen's consent.
 */
describe('a cohort’s group séance over socket.io', () => {
	let cluster: SeanceCluster;

	beforeAll(async () => {
		cluster = await startSeanceCluster();
	});
	afterAll(() => cluster?.close());

	const world = () => newCohortWorld(cluster.db, boardKinds, 'values');
	const stateOf = (client: SeanceTestClient) =>
		client.last('seance.state')?.[0] as SeanceState | null | undefined;
	const place = (boardId: string | null, scrollY = 0): Place => ({
		boardId,
		view: 'live',
		scrollX: 0,
		scrollY
	});
	/** Every board id a page was told of, in any event. */
	const boardIdsSeen = (client: SeanceTestClient) =>
		JSON.stringify(client.received).match(/[0-9a-f]{8}-[0-9a-f-]{27}/g) ?? [];

	it('lets in its facilitator and its participants only, the screen for the facilitator only', async () => {
		const { u, cohort } = await world();
		const scope = { kind: 'cohort' as const, id: cohort.id };
		const auth = (mode: string) => ({
			version: SEANCE_PROTOCOL_VERSION,
			cohortId: cohort.id,
			mode
		});
		const outcome = async (client: SeanceTestClient) => {
			await expect
				.poll(() => client.refusals.length + client.all('seance.state').length)
				.toBeGreaterThan(0);
			return client.refusals[0] ?? 'accepted';
		};
		const tried: Record<string, string> = {};
		for (const [name, user, mode] of [
			['facilitator join', u.facilitator, 'join'],
			['facilitator screen', u.facilitator, 'screen'],
			['A join', u.a, 'join'],
			['B watch', u.b, 'watch'],
			['A screen', u.a, 'screen'],
			['C without the charter', u.c, 'join'],
			['admin', u.admin, 'watch'],
			['other cohort', u.otherCohort, 'join'],
			['other organisation', u.stranger, 'join']
		] as const) {
			const headers = await cluster.headersFor(user);
			tried[name] = await outcome(cluster.attempt(1, headers, auth(mode)));
		}
		tried.anonymous = await outcome(
			cluster.attempt(1, { origin: 'http://atelier.test' }, auth('join'))
		);
		expect(tried).toEqual({
			'facilitator join': 'accepted',
			'facilitator screen': 'accepted',
			'A join': 'accepted',
			'B watch': 'accepted',
			'A screen': SEANCE_REFUSAL.forbidden,
			'C without the charter': SEANCE_REFUSAL.forbidden,
			admin: SEANCE_REFUSAL.forbidden,
			'other cohort': SEANCE_REFUSAL.forbidden,
			'other organisation': SEANCE_REFUSAL.forbidden,
			anonymous: SEANCE_REFUSAL.unauthenticated
		});
		// A handshake naming both a bilan and a cohort is malformed.
		const both = cluster.attempt(1, await cluster.headersFor(u.a), {
			...auth('join'),
			bilanId: cohort.id
		});
		expect(await outcome(both)).toBe(SEANCE_REFUSAL.badRequest);
		// The participants' watching page learns when the séance starts.
		const watching = await cluster.client(1, u.b, scope, 'watch');
		expect(stateOf(watching)).toBeNull();
		const live = await startCohortSeance(cluster.db, actorOf(u.facilitator), cohort.id);
		await expect
			.poll(() => stateOf(watching))
			.toMatchObject({ rendezVousId: live.id, scope, leaderId: u.facilitator.id });
	});

	it('lets the facilitator lead; suivez-moi takes everyone to the wall, and only A to A’s copy', async () => {
		const { u, cohort, copyOf, templateId, wallId } = await world();
		const scope = { kind: 'cohort' as const, id: cohort.id };
		await startCohortSeance(cluster.db, actorOf(u.facilitator), cohort.id);
		const lead = await cluster.client(0, u.facilitator, scope);
		const a = await cluster.client(1, u.a, scope);
		const b = await cluster.client(1, u.b, scope);
		const screen = await cluster.client(0, u.facilitator, scope, 'screen');
		await expect
			.poll(() => rosterSeen(lead)?.map((entry) => `${entry.name}:${entry.role}`))
			.toEqual([
				'Fanny Animatrice:consultant',
				'Alice:beneficiary',
				'Bastien:beneficiary',
				'Fanny Animatrice:screen'
			]);

		// Leader-only events are refused to a participant, in the cohort's words.
		a.socket.emit('seance.bring');
		a.socket.emit('seance.timer.start', 5);
		a.socket.emit('seance.lock', { boardId: wallId, part: 'board' }, true);
		a.socket.emit('seance.screen.ask', copyOf(u.b));
		await expect.poll(() => a.all('seance.error').length).toBe(4);
		expect(new Set(a.all('seance.error').map(([error]) => error.message))).toEqual(
			new Set(['Seule la personne qui anime la cohorte peut faire cela.'])
		);

		// The timer and a lock on the wall reach everyone.
		lead.socket.emit('seance.timer.start', 10);
		await expect.poll(() => b.last('seance.timer')?.[0]?.totalMs).toBe(600_000);
		lead.socket.emit('seance.lock', { boardId: wallId, part: 'board' }, true);
		await expect
			.poll(() => b.last('seance.locks')?.[0])
			.toEqual([{ boardId: wallId, part: 'board' }]);

		// The wall: everyone follows, the screen too.
		lead.socket.emit('seance.place', place(wallId));
		for (const follower of [a, b, screen]) {
			await expect.poll(() => follower.last('seance.follow')?.[0].boardId).toBe(wallId);
		}
		// A's copy: A is brought there; B and the screen never learn of it.
		lead.socket.emit('seance.place', place(copyOf(u.a), 0.5));
		await expect.poll(() => a.last('seance.follow')?.[0].boardId).toBe(copyOf(u.a));
		// The template: the screen follows; no participant learns of it.
		lead.socket.emit('seance.place', place(templateId));
		await expect.poll(() => screen.last('seance.follow')?.[0].boardId).toBe(templateId);
		// A lock on A's copy reaches A and the facilitator only.
		lead.socket.emit('seance.lock', { boardId: copyOf(u.a), part: 'board' }, true);
		await expect.poll(() => a.last('seance.locks')?.[0].length).toBe(2);
		// Back to the wall: B got it, so everything before reached B already.
		lead.socket.emit('seance.place', place(wallId, 0.25));
		await expect.poll(() => b.last('seance.follow')?.[0].scrollY).toBe(0.25);
		await expect.poll(() => b.all('seance.locks').length).toBe(2);
		// A participant's own place is not told to the others either.
		a.socket.emit('seance.place', place(copyOf(u.a)));
		b.socket.emit('seance.hand', true);
		await expect
			.poll(() => rosterSeen(lead)?.find((entry) => entry.name === 'Bastien')?.handRaisedAt)
			.toEqual(expect.any(Number));
		expect(boardIdsSeen(b)).not.toContain(copyOf(u.a));
		expect(boardIdsSeen(b)).not.toContain(templateId);
		expect(boardIdsSeen(screen)).not.toContain(copyOf(u.a));
		expect(boardIdsSeen(a)).not.toContain(copyOf(u.b));
		expect(boardIdsSeen(a)).not.toContain(templateId);
	});

	it('asks the participant before their copy goes on the screen, and takes it off when they withdraw', async () => {
		const { u, cohort, copyOf } = await world();
		const scope = { kind: 'cohort' as const, id: cohort.id };
		await startCohortSeance(cluster.db, actorOf(u.facilitator), cohort.id);
		const lead = await cluster.client(0, u.facilitator, scope);
		const a = await cluster.client(1, u.a, scope);
		const b = await cluster.client(1, u.b, scope);
		const screen = await cluster.client(0, u.facilitator, scope, 'screen');
		const answers = () => lead.all('seance.screen.answer').map(([answer]) => answer.outcome);

		// B refuses: the facilitator is told, the screen shows nothing of B's.
		lead.socket.emit('seance.screen.ask', copyOf(u.b));
		await expect.poll(() => b.last('seance.consent.ask')?.[0]?.boardId).toBe(copyOf(u.b));
		expect(a.all('seance.consent.ask')).toEqual([]);
		b.socket.emit('seance.consent.answer', copyOf(u.b), false);
		await expect.poll(answers).toEqual(['refused']);
		expect(screen.all('seance.screen')).toEqual([]);
		// A cannot answer for B, nor show B's copy.
		lead.socket.emit('seance.screen.ask', copyOf(u.b));
		await expect.poll(() => b.all('seance.consent.ask').length).toBe(3);
		a.socket.emit('seance.consent.answer', copyOf(u.b), true);
		await expect.poll(() => a.all('seance.error').length).toBe(1);
		b.socket.emit('seance.consent.answer', copyOf(u.b), false);
		await expect.poll(answers).toEqual(['refused', 'refused']);

		// A accepts: the screen, A and the facilitator learn of it; B does not.
		lead.socket.emit('seance.screen.ask', copyOf(u.a));
		await expect.poll(() => a.last('seance.consent.ask')?.[0]?.title).toBe('Mes valeurs');
		a.socket.emit('seance.consent.answer', copyOf(u.a), true);
		await expect
			.poll(() => screen.last('seance.screen')?.[0])
			.toMatchObject({
				boardId: copyOf(u.a),
				ownerName: 'Alice'
			});
		await expect.poll(answers).toEqual(['refused', 'refused', 'accepted']);
		expect(a.last('seance.screen')?.[0]?.boardId).toBe(copyOf(u.a));
		// A screen that reconnects gets it in its state.
		const again = await cluster.client(1, u.facilitator, scope, 'screen');
		expect(stateOf(again)?.screen?.boardId).toBe(copyOf(u.a));

		// A withdraws: off the screen at once.
		a.socket.emit('seance.consent.withdraw');
		await expect.poll(() => screen.last('seance.screen')?.[0]).toBeNull();
		await expect.poll(() => again.last('seance.screen')?.[0]).toBeNull();
		expect(boardIdsSeen(b)).not.toContain(copyOf(u.a));

		// A participant who is not in the séance is not asked: the facilitator is told.
		a.close();
		await expect.poll(() => rosterSeen(lead)?.some((entry) => entry.name === 'Alice')).toBe(false);
		lead.socket.emit('seance.screen.ask', copyOf(u.a));
		await expect.poll(answers).toEqual(['refused', 'refused', 'accepted', 'absent']);
	});
});
