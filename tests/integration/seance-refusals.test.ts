import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEANCE_PROTOCOL_VERSION, SEANCE_REFUSAL } from '../../src/lib/seance/protocol.ts';
import { startSeance } from '../../src/lib/server/seance.service.ts';
import { newBilanWorld } from '../helpers/factories.ts';
import type { SeanceTestClient } from '../helpers/seance-client.ts';
import {
	SEANCE_TEST_ORIGIN,
	startSeanceCluster,
	type SeanceCluster
} from '../helpers/seance-cluster.ts';

/**
 * What the séance server refuses, at the handshake and after: on the built app (node 1) when
 * there are two nodes, else on the only one. Small socket caps, so that they are reached.
 */
describe('séance refusals', () => {
	let cluster: SeanceCluster;

	beforeAll(async () => {
		cluster = await startSeanceCluster({
			SEANCE_MAX_SOCKETS_PER_SESSION: '3',
			SEANCE_MAX_SOCKETS_PER_USER: '5'
		});
	});
	afterAll(() => cluster?.close());

	const auth = (bilanId: string, mode = 'join', version = SEANCE_PROTOCOL_VERSION) => ({
		version,
		bilanId,
		mode
	});

	/** Connects once; resolves with the state's presence or the refusal. */
	async function outcome(client: SeanceTestClient): Promise<string> {
		await expect
			.poll(() => client.refusals.length + client.all('seance.state').length)
			.toBeGreaterThan(0);
		return client.refusals[0] ?? 'accepted';
	}

	const errorsOf = (client: SeanceTestClient) =>
		client.all('seance.error').map(([error]) => `${error.event}: ${error.message}`);

	it('refuses a handshake without a session, from another site, for another bilan, an admin, the screen for the beneficiary, another protocol version', async () => {
		const w = await newBilanWorld(cluster.db);
		const other = await newBilanWorld(cluster.db);
		const bruno = await cluster.headersFor(w.beneficiary);
		const claire = await cluster.headersFor(w.consultant);
		const admin = await cluster.headersFor(w.admin);
		const cases: [string, Record<string, string>, Record<string, unknown>, string][] = [
			[
				'no cookie',
				{ origin: SEANCE_TEST_ORIGIN },
				auth(w.bilan.id),
				SEANCE_REFUSAL.unauthenticated
			],
			[
				'a forged session',
				{ origin: SEANCE_TEST_ORIGIN, cookie: 'atelier_session=abc.def' },
				auth(w.bilan.id),
				'unauthenticated'
			],
			['another site', { ...bruno, origin: 'http://evil.test' }, auth(w.bilan.id), 'forbidden'],
			['no Origin', { cookie: bruno.cookie! }, auth(w.bilan.id), 'forbidden'],
			['another bilan', bruno, auth(other.bilan.id), 'forbidden'],
			['no such bilan', bruno, auth(crypto.randomUUID()), 'forbidden'],
			['an admin watching', admin, auth(w.bilan.id, 'watch'), 'forbidden'],
			['an admin joining', admin, auth(w.bilan.id), 'forbidden'],
			['the consultant of another bilan', claire, auth(other.bilan.id), 'forbidden'],
			['the screen for the beneficiary', bruno, auth(w.bilan.id, 'screen'), 'forbidden'],
			['an older version', bruno, auth(w.bilan.id, 'join', 0), 'bad_request'],
			['a bilan that is no id', bruno, auth('mon-bilan'), 'bad_request'],
			['an unknown mode', bruno, auth(w.bilan.id, 'admin'), 'bad_request'],
			['no auth', bruno, {}, 'bad_request'],
			['the screen for the consultant', claire, auth(w.bilan.id, 'screen'), 'accepted'],
			['the beneficiary watching', bruno, auth(w.bilan.id, 'watch'), 'accepted']
		];
		const answers = await Promise.all(
			cases.map(([, headers, handshake]) => outcome(cluster.attempt(1, headers, handshake)))
		);
		expect(Object.fromEntries(cases.map(([name], i) => [name, answers[i]]))).toEqual(
			Object.fromEntries(cases.map(([name, , , expected]) => [name, expected]))
		);
	});

	it('bounds the séance sockets of a session and of a person on a node', async () => {
		const w = await newBilanWorld(cluster.db);
		const first = await cluster.headersFor(w.beneficiary);
		const second = await cluster.headersFor(w.beneficiary);
		const open = (headers: Record<string, string>) => cluster.attempt(1, headers, auth(w.bilan.id));
		const tabs = [open(first), open(first), open(first)];
		expect(await Promise.all(tabs.map(outcome))).toEqual(['accepted', 'accepted', 'accepted']);
		expect(await outcome(open(first))).toBe(SEANCE_REFUSAL.tooMany);

		// A tab closes: its place is free again.
		tabs[0]!.close();
		await expect.poll(async () => outcome(open(first))).toBe('accepted');
		expect(await outcome(open(second))).toBe('accepted');
		expect(await outcome(open(second))).toBe('accepted');
		expect(await outcome(open(second))).toBe(SEANCE_REFUSAL.tooMany);
	});

	it('answers malformed or forbidden events with seance.error and keeps serving', async () => {
		const w = await newBilanWorld(cluster.db);
		await startSeance(cluster.db, w.consultant, w.bilan.id);
		const consultant = await cluster.client(0, w.consultant, w.bilan.id);
		const beneficiary = await cluster.client(1, w.beneficiary, w.bilan.id);
		const watcher = await cluster.client(1, w.beneficiary, w.bilan.id, 'watch');
		const screen = await cluster.client(1, w.consultant, w.bilan.id, 'screen');
		const place = { boardId: null, view: 'live', scrollX: 0, scrollY: 0 } as const;
		// Sent as a client gone wrong would: the protocol's types do not allow them.
		const raw = (client: SeanceTestClient) =>
			client.socket as unknown as { emit(event: string, ...args: unknown[]): void };

		raw(beneficiary).emit('seance.place', { ...place, extra: 'x' });
		raw(beneficiary).emit('seance.place', { ...place, scrollY: 2 });
		raw(beneficiary).emit('seance.place', place, () => {});
		raw(beneficiary).emit('seance.activity', 'oui');
		raw(beneficiary).emit('seance.following');
		raw(consultant).emit('seance.timer.start', '5');
		raw(consultant).emit(
			'seance.lock',
			{ boardId: crypto.randomUUID(), part: 'p'.repeat(101) },
			true
		);
		raw(consultant).emit('seance.agenda.tick', 42, true);
		watcher.socket.emit('seance.place', place);
		screen.socket.emit('seance.following', false);
		const malformed = 'Message mal formé : rechargez la page.';
		await expect
			.poll(() => errorsOf(beneficiary))
			.toEqual([
				`seance.place: ${malformed}`,
				`seance.place: ${malformed}`,
				`seance.place: ${malformed}`,
				`seance.activity: ${malformed}`,
				`seance.following: ${malformed}`
			]);
		await expect
			.poll(() => errorsOf(consultant))
			.toEqual([
				'seance.timer.start: Indiquez une durée entre 1 et 480 minutes.',
				`seance.lock: ${malformed}`,
				`seance.agenda.tick: ${malformed}`
			]);
		await expect
			.poll(() => errorsOf(watcher))
			.toEqual(['seance.place: Rejoignez la séance pour y participer.']);
		await expect
			.poll(() => errorsOf(screen))
			.toEqual(['seance.following: L’écran de présentation ne fait que suivre la séance.']);

		consultant.socket.emit('seance.place', { ...place, scrollY: 0.5 });
		await expect.poll(() => beneficiary.last('seance.follow')?.[0].scrollY).toBe(0.5);
		expect(beneficiary.all('seance.follow')).toHaveLength(1);
		expect([beneficiary, consultant, watcher, screen].map((c) => c.socket.connected)).toEqual([
			true,
			true,
			true,
			true
		]);
	});

	it('disconnects a socket that floods, sends an unknown event or an oversized one; the others go on', async () => {
		const w = await newBilanWorld(cluster.db);
		await startSeance(cluster.db, w.consultant, w.bilan.id);
		const consultant = await cluster.client(0, w.consultant, w.bilan.id);
		const follower = await cluster.client(1, w.beneficiary, w.bilan.id);
		const flooder = await cluster.client(1, w.beneficiary, w.bilan.id);
		const stranger = await cluster.client(1, w.beneficiary, w.bilan.id);
		const huge = await cluster.client(1, w.beneficiary, w.bilan.id);
		const place = { boardId: null, view: 'live', scrollX: 0, scrollY: 0 } as const;

		// Places beyond their rate are dropped quietly; far beyond it, the socket goes.
		for (let i = 0; i < 300; i++) flooder.socket.emit('seance.place', place);
		await expect.poll(() => flooder.disconnects).toEqual(['io server disconnect']);
		expect(errorsOf(flooder)).toEqual([]);

		(stranger.socket as unknown as { emit(event: string): void }).emit('seance.hack');
		await expect.poll(() => stranger.disconnects).toEqual(['io server disconnect']);

		// Beyond the largest message, the transport itself closes the connection.
		huge.socket.io.reconnection(false);
		huge.socket.emit('seance.place', { ...place, boardId: 'x'.repeat(8 * 1024) });
		await expect.poll(() => huge.disconnects).toEqual(['transport close']);

		consultant.socket.emit('seance.place', { ...place, scrollY: 0.25 });
		await expect.poll(() => follower.last('seance.follow')?.[0].scrollY).toBe(0.25);
		expect(follower.socket.connected).toBe(true);
	});
});
