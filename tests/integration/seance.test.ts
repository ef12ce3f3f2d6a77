import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardKinds } from '../../src/lib/boards/registry.ts';
import {
	SEANCE_PROTOCOL_VERSION,
	SPOTLIGHT_MS,
	type Place,
	type SeanceState,
	type TimerState
} from '../../src/lib/seance/protocol.ts';
import { invalidateSession } from '../../src/lib/server/auth/session.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { addRendezVous, endSeance } from '../../src/lib/server/rendezvous.service.ts';
import { NO_LIVE_SEANCE, startSeance } from '../../src/lib/server/seance.service.ts';
import { newBilanWorld } from '../helpers/factories.ts';
import type { SeanceTestClient } from '../helpers/seance-client.ts';
import {
	rosterSeen,
	routeTo,
	startSeanceCluster,
	type SeanceCluster
} from '../helpers/seance-cluster.ts';

/**
 * The séance server with real socket.io clients: on two nodes (PostgreSQL + Redis) when
 * DATABASE_URL is set — the consultant on one node, the beneficiary on the other — else on one
 * node on PGlite. See `tests/helpers/seance-cluster.ts`.
 */
describe('séances over socket.io', () => {
	let cluster: SeanceCluster;

	beforeAll(async () => {
		cluster = await startSeanceCluster();
	});
	afterAll(() => cluster?.close());

	/** A bilan with its consultant and beneficiary, and a board; the séance not started. */
	async function world() {
		const w = await newBilanWorld(cluster.db);
		const board = await createBoard(
			cluster.db,
			w.consultant,
			w.bilan.id,
			{ kind: 'values', title: 'Valeurs' },
			boardKinds
		);
		return { ...w, boardId: board.id };
	}

	const stateOf = (client: SeanceTestClient) =>
		client.last('seance.state')?.[0] as SeanceState | null | undefined;
	/** The `seance.error`s the pages got, sorted (refusals from the database come later). */
	const errorsOf = (...clients: SeanceTestClient[]) =>
		clients
			.flatMap((client) => client.all('seance.error'))
			.map(([error]) => `${error.event}: ${error.message}`)
			.sort();
	const place = (boardId: string | null, scrollY = 0, view: Place['view'] = 'live'): Place => ({
		boardId,
		view,
		scrollX: 0,
		scrollY
	});

	it('tells every page of the bilan, on every node, when its séance starts and ends — and only them', async () => {
		const w = await world();
		const elsewhere = await world();
		const home = await cluster.client(1, w.beneficiary, w.bilan.id, 'watch');
		const page = await cluster.client(0, w.consultant, w.bilan.id, 'watch');
		const stranger = await cluster.client(1, elsewhere.beneficiary, elsewhere.bilan.id, 'watch');
		expect([stateOf(home), stateOf(page)]).toEqual([null, null]);

		const planned = await addRendezVous(cluster.db, w.consultant, w.bilan.id, {
			startsAt: '2026-12-07T10:00',
			durationMinutes: '60',
			mode: 'distanciel',
			visioUrl: 'https://visio.example.fr/salle',
			agendaPoints: 'Valeurs'
		});
		// Started half an hour ago: a séance ends a minute after its start at the earliest.
		const started = await startSeance(
			cluster.db,
			w.consultant,
			w.bilan.id,
			{ rendezVousId: planned.id },
			new Date(Date.now() - 30 * 60_000)
		);
		for (const client of [home, page]) {
			await expect.poll(() => stateOf(client)?.rendezVousId).toBe(started.id);
		}
		expect(stateOf(home)).toMatchObject({
			bilanId: w.bilan.id,
			leaderId: w.consultant.id,
			visioUrl: 'https://visio.example.fr/salle',
			agenda: [{ label: 'Valeurs', done: false }],
			timer: null,
			locks: [],
			// Watching pages are not in the séance.
			roster: []
		});

		await endSeance(cluster.db, w.consultant, started.id);
		for (const client of [home, page]) {
			await expect.poll(() => stateOf(client)).toBeNull();
			expect(client.all('seance.state')).toHaveLength(3);
		}
		expect(stranger.all('seance.state').map(([state]) => state)).toEqual([null]);

		// Its events are refused once it ended.
		const late = await cluster.client(1, w.consultant, w.bilan.id);
		late.socket.emit('seance.timer.start', 5);
		await expect.poll(() => errorsOf(late)).toEqual([`seance.timer.start: ${NO_LIVE_SEANCE}`]);
	});

	it('keeps the roster across nodes: who joins, their board and view, a hidden tab, who leaves', async () => {
		const w = await world();
		await startSeance(cluster.db, w.consultant, w.bilan.id);
		const consultant = await cluster.client(0, w.consultant, w.bilan.id);
		const watcher = await cluster.client(0, w.beneficiary, w.bilan.id, 'watch');
		const beneficiary = await cluster.client(1, w.beneficiary, w.bilan.id);
		const screen = await cluster.client(1, w.consultant, w.bilan.id, 'screen');
		const entry = (id: string | undefined) => rosterSeen(consultant)?.find((e) => e.id === id);

		await expect
			.poll(() => rosterSeen(consultant)?.map((e) => [e.role, e.name, e.following]))
			.toEqual([
				['consultant', 'Claire', false],
				['beneficiary', 'Bruno', true],
				['screen', 'Claire', true]
			]);
		expect(rosterSeen(beneficiary)).toEqual(rosterSeen(consultant));
		expect(rosterSeen(consultant)?.map((e) => e.id)).not.toContain(watcher.socket.id);

		beneficiary.socket.emit('seance.place', place(w.boardId, 0, 'outline'));
		await expect
			.poll(() => entry(beneficiary.socket.id))
			.toMatchObject({ boardId: w.boardId, view: 'outline', active: true });

		// Scrolling is not news for the roster; a hidden tab is.
		const rosters = consultant.all('seance.roster').length;
		for (const y of [0.1, 0.2, 0.3])
			beneficiary.socket.emit('seance.place', place(w.boardId, y, 'outline'));
		beneficiary.socket.emit('seance.activity', false);
		await expect.poll(() => entry(beneficiary.socket.id)?.active).toBe(false);
		expect(consultant.all('seance.roster')).toHaveLength(rosters + 1);

		beneficiary.close();
		screen.close();
		await expect.poll(() => rosterSeen(consultant)?.map((e) => e.role)).toEqual(['consultant']);
	});

	it('suivez-moi: the consultant’s place reaches followers on the other node; a follower’s moves nobody; bring', async () => {
		const w = await world();
		const second = await createBoard(
			cluster.db,
			w.consultant,
			w.bilan.id,
			{ kind: 'ikigai', title: 'Ikigai' },
			boardKinds
		);
		await startSeance(cluster.db, w.consultant, w.bilan.id);
		const consultant = await cluster.client(0, w.consultant, w.bilan.id);
		const beneficiary = await cluster.client(1, w.beneficiary, w.bilan.id);
		const otherTab = await cluster.client(0, w.beneficiary, w.bilan.id);

		consultant.socket.emit('seance.place', place(w.boardId, 0.4));
		for (const follower of [beneficiary, otherTab]) {
			await expect
				.poll(() => follower.last('seance.follow')?.slice(0, 2))
				.toEqual([place(w.boardId, 0.4), false]);
		}
		// A newcomer on the other node finds the consultant where they are.
		const late = await cluster.client(1, w.beneficiary, w.bilan.id);
		expect(stateOf(late)?.leader).toEqual(place(w.boardId, 0.4));

		beneficiary.socket.emit('seance.place', place(second.id, 0.9));
		consultant.socket.emit('seance.place', place(second.id, 0.1));
		await expect.poll(() => otherTab.last('seance.follow')?.[0]).toEqual(place(second.id, 0.1));
		expect(otherTab.all('seance.follow').map(([p]) => p.scrollY)).toEqual([0.4, 0.1]);
		expect(consultant.all('seance.follow')).toEqual([]);

		// Stepping out shows in the roster; "Ramener tout le monde" brings everyone back.
		beneficiary.socket.emit('seance.following', false);
		const following = () =>
			rosterSeen(consultant)?.find((e) => e.id === beneficiary.socket.id)?.following;
		await expect.poll(following).toBe(false);
		consultant.socket.emit('seance.bring');
		await expect
			.poll(() => beneficiary.last('seance.follow')?.slice(0, 2))
			.toEqual([place(second.id, 0.1), true]);
		await expect.poll(following).toBe(true);
		// Leading is not following.
		consultant.socket.emit('seance.following', true);
		beneficiary.socket.emit('seance.bring');
		await expect
			.poll(() => errorsOf(consultant, beneficiary))
			.toEqual([
				'seance.bring: Seul·e la ou le consultant·e qui mène la séance peut faire cela.',
				'seance.following: La ou le consultant·e mène la séance : elle ou il ne suit personne.'
			]);
	});

	it('spotlights an item of a board of this bilan for everyone, for a few seconds', async () => {
		const w = await world();
		const elsewhere = await world();
		await startSeance(cluster.db, w.consultant, w.bilan.id);
		const consultant = await cluster.client(0, w.consultant, w.bilan.id);
		const beneficiary = await cluster.client(1, w.beneficiary, w.bilan.id);
		const before = Date.now();
		consultant.socket.emit('seance.spotlight', { boardId: w.boardId, itemId: 'carte-1' });
		for (const client of [consultant, beneficiary]) {
			await expect
				.poll(() => client.last('seance.spotlight')?.[0])
				.toMatchObject({ boardId: w.boardId, itemId: 'carte-1' });
		}
		const until = beneficiary.last('seance.spotlight')![0].until;
		expect(until).toBeGreaterThanOrEqual(before + SPOTLIGHT_MS);
		expect(until).toBeLessThanOrEqual(Date.now() + SPOTLIGHT_MS);

		consultant.socket.emit('seance.spotlight', { boardId: elsewhere.boardId, itemId: 'x' });
		beneficiary.socket.emit('seance.spotlight', { boardId: w.boardId, itemId: 'carte-2' });
		await expect
			.poll(() => errorsOf(consultant, beneficiary))
			.toEqual([
				'seance.spotlight: Ce tableau n’appartient pas à ce bilan.',
				'seance.spotlight: Seul·e la ou le consultant·e qui mène la séance peut faire cela.'
			]);
		expect(beneficiary.all('seance.spotlight')).toHaveLength(1);
	});

	it('runs the timer for everyone; the beneficiary adds a minute only while allowed', async () => {
		const w = await world();
		await startSeance(cluster.db, w.consultant, w.bilan.id);
		const consultant = await cluster.client(0, w.consultant, w.bilan.id);
		const beneficiary = await cluster.client(1, w.beneficiary, w.bilan.id);
		const timerOf = (client: SeanceTestClient) =>
			client.last('seance.timer')?.[0] as TimerState | null | undefined;
		const timers = (client: SeanceTestClient) => client.all('seance.timer').length;

		consultant.socket.emit('seance.timer.start', 10);
		await expect.poll(() => timerOf(beneficiary)?.totalMs).toBe(600_000);
		expect(timerOf(beneficiary)).toMatchObject({ remainingMs: 600_000, extendable: true });
		expect(timerOf(beneficiary)!.endsAt).toBeGreaterThan(Date.now());
		expect(beneficiary.last('seance.timer')![1]).toBeLessThanOrEqual(Date.now());

		beneficiary.socket.emit('seance.timer.extend');
		await expect.poll(() => timerOf(consultant)?.totalMs).toBe(660_000);
		consultant.socket.emit('seance.timer.pause');
		await expect.poll(() => timerOf(beneficiary)?.endsAt).toBeNull();
		consultant.socket.emit('seance.timer.extendable', false);
		await expect.poll(() => timerOf(beneficiary)?.extendable).toBe(false);

		const seen = timers(beneficiary);
		beneficiary.socket.emit('seance.timer.extend');
		beneficiary.socket.emit('seance.timer.resume');
		consultant.socket.emit('seance.timer.start', 0);
		await expect
			.poll(() => errorsOf(beneficiary, consultant))
			.toEqual([
				'seance.timer.extend: La ou le consultant·e n’a pas ouvert la prolongation.',
				'seance.timer.resume: Seul·e la ou le consultant·e qui mène la séance peut faire cela.',
				'seance.timer.start: Indiquez une durée entre 1 et 480 minutes.'
			]);
		consultant.socket.emit('seance.timer.resume');
		await expect.poll(() => timerOf(beneficiary)?.endsAt).toBeGreaterThan(Date.now());
		expect(timers(beneficiary)).toBe(seen + 1);
		consultant.socket.emit('seance.timer.stop');
		await expect.poll(() => timerOf(beneficiary)).toBeNull();

		// The timer is durable: a page that comes later gets it with the state.
		consultant.socket.emit('seance.timer.start', 3);
		await expect.poll(() => timerOf(consultant)?.totalMs).toBe(180_000);
		const late = await cluster.client(1, w.beneficiary, w.bilan.id);
		expect(stateOf(late)?.timer).toEqual(timerOf(consultant));
	});

	it('ticks agenda points off and locks parts of the bilan’s boards, for everyone', async () => {
		const w = await world();
		const elsewhere = await world();
		const planned = await addRendezVous(cluster.db, w.consultant, w.bilan.id, {
			startsAt: '2026-12-07T10:00',
			durationMinutes: '60',
			mode: 'distanciel',
			agendaPoints: 'Valeurs\nMétiers'
		});
		await startSeance(cluster.db, w.consultant, w.bilan.id, { rendezVousId: planned.id });
		const consultant = await cluster.client(0, w.consultant, w.bilan.id);
		const beneficiary = await cluster.client(1, w.beneficiary, w.bilan.id);
		const [first] = planned.agenda;

		consultant.socket.emit('seance.agenda.tick', first!.id, true);
		await expect
			.poll(() => beneficiary.last('seance.agenda')?.[0].map((item) => item.done))
			.toEqual([true, false]);

		consultant.socket.emit('seance.lock', { boardId: w.boardId, part: 'board' }, true);
		await expect
			.poll(() => beneficiary.last('seance.locks')?.[0])
			.toEqual([{ boardId: w.boardId, part: 'board' }]);
		const late = await cluster.client(1, w.beneficiary, w.bilan.id);
		expect(stateOf(late)).toMatchObject({
			locks: [{ boardId: w.boardId, part: 'board' }],
			agenda: [{ done: true }, { done: false }]
		});
		consultant.socket.emit('seance.lock', { boardId: w.boardId, part: 'board' }, false);
		await expect.poll(() => beneficiary.last('seance.locks')?.[0]).toEqual([]);

		consultant.socket.emit('seance.lock', { boardId: elsewhere.boardId, part: 'board' }, true);
		consultant.socket.emit('seance.agenda.tick', 'inconnu', true);
		beneficiary.socket.emit('seance.lock', { boardId: w.boardId, part: 'board' }, true);
		await expect
			.poll(() => errorsOf(consultant, beneficiary))
			.toEqual([
				'seance.agenda.tick: Ce point n’est pas à l’ordre du jour de la séance.',
				'seance.lock: Ce tableau n’appartient pas à ce bilan.',
				'seance.lock: Seul·e la ou le consultant·e qui mène la séance peut faire cela.'
			]);
	});

	it('gives a page that reconnects the séance back: recovered within the window, or afresh', async () => {
		const w = await world();
		await startSeance(cluster.db, w.consultant, w.bilan.id);
		const consultant = await cluster.client(0, w.consultant, w.bilan.id);
		const beneficiary = await cluster.client(1, w.beneficiary, w.bilan.id);
		beneficiary.socket.emit('seance.place', place(w.boardId, 0.5));
		await expect.poll(() => rosterSeen(consultant)?.length).toBe(2);
		const id = beneficiary.socket.id;

		// The network drops; meanwhile the consultant moves and starts the timer.
		beneficiary.socket.io.reconnection(false);
		beneficiary.socket.io.engine.close();
		await expect.poll(() => rosterSeen(consultant)?.length).toBe(1);
		consultant.socket.emit('seance.place', place(w.boardId, 0.7));
		consultant.socket.emit('seance.timer.start', 15);
		await expect.poll(() => consultant.all('seance.timer').length).toBe(1);

		// It comes back (through the other node, when there are two): same socket, same place,
		// and what it missed.
		routeTo(beneficiary, cluster.node(0));
		beneficiary.socket.connect();
		await expect.poll(() => beneficiary.socket.connected).toBe(true);
		expect(beneficiary.socket.recovered).toBe(true);
		expect(beneficiary.socket.id).toBe(id);
		await expect.poll(() => beneficiary.last('seance.timer')?.[0]?.totalMs).toBe(900_000);
		expect(beneficiary.last('seance.follow')?.[0]).toEqual(place(w.boardId, 0.7));
		await expect.poll(() => stateOf(beneficiary)?.timer?.totalMs).toBe(900_000);
		await expect
			.poll(() => rosterSeen(consultant)?.find((e) => e.id === id)?.boardId)
			.toBe(w.boardId);

		// A page that connects afresh gets the whole state.
		const fresh = await cluster.client(1, w.beneficiary, w.bilan.id);
		expect(fresh.socket.recovered).toBe(false);
		expect(stateOf(fresh)).toMatchObject({
			timer: { totalMs: 900_000 },
			leader: place(w.boardId, 0.7)
		});
	});

	it('disconnects the séance sockets of a session that ends, on every node, and only those', async () => {
		const w = await world();
		const ending = await cluster.headersFor(w.beneficiary);
		const connect = (index: 0 | 1, headers: Record<string, string>) => {
			const client = cluster.attempt(index, headers, {
				version: SEANCE_PROTOCOL_VERSION,
				bilanId: w.bilan.id,
				mode: 'join'
			});
			return expect
				.poll(() => client.all('seance.state').length)
				.toBe(1)
				.then(() => client);
		};
		const gone = [await connect(0, ending), await connect(1, ending)];
		const staying = await connect(1, await cluster.headersFor(w.beneficiary));
		const consultant = await connect(0, await cluster.headersFor(w.consultant));
		const sessionId = /atelier_session=([^.]+)\./.exec(ending.cookie!)![1]!;

		await invalidateSession(cluster.db, sessionId);
		for (const client of gone) {
			await expect.poll(() => client.disconnects).toEqual(['io server disconnect']);
		}
		expect([staying.socket.connected, consultant.socket.connected]).toEqual([true, true]);
	});

	it.runIf(process.env.DATABASE_URL)(
		'keeps serving each node’s own pages while Redis is away, and every node’s once it is back',
		async () => {
			const w = await world();
			await startSeance(cluster.db, w.consultant, w.bilan.id);
			const consultant = await cluster.client(0, w.consultant, w.bilan.id);
			const near = await cluster.client(0, w.beneficiary, w.bilan.id);
			const far = await cluster.client(1, w.beneficiary, w.bilan.id);
			await expect.poll(() => rosterSeen(consultant)?.length).toBe(3);

			await cluster.redis!.stop();
			consultant.socket.emit('seance.place', place(w.boardId, 0.1));
			await expect.poll(() => near.last('seance.follow')?.[0]).toEqual(place(w.boardId, 0.1));
			consultant.socket.emit('seance.timer.start', 5);
			await expect.poll(() => near.last('seance.timer')?.[0]?.totalMs).toBe(300_000);

			await cluster.redis!.start();
			await expect
				.poll(
					() => {
						consultant.socket.emit('seance.place', place(w.boardId, 0.2));
						return far.last('seance.follow')?.[0];
					},
					{ timeout: 20_000, interval: 500 }
				)
				.toEqual(place(w.boardId, 0.2));
			expect([consultant, near, far].map((c) => c.socket.connected)).toEqual([true, true, true]);
		},
		60_000
	);
});
