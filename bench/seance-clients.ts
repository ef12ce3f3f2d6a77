/**
 * A client process of `bench/seance.ts` (forked, driven over IPC). It holds whole séances — the
 * consultant's socket and its followers' — so every latency is measured on one clock: the leader
 * stamps the place it sends (a sequence number in `scrollY`, its send time kept here), each
 * follower of the same séance looks the stamp up on arrival.
 */
import { io, type Socket } from 'socket.io-client';
import {
	SEANCE_PATH,
	SEANCE_PROTOCOL_VERSION,
	type ClientToServerEvents,
	type Place,
	type ServerToClientEvents
} from '../src/lib/seance/protocol.ts';
import type { BenchSeance } from './seance-server.ts';

export type ToClients =
	| {
			type: 'connect';
			url: string;
			origin: string;
			seances: BenchSeance[];
			followersPerSeance: number;
			/** True for our server: wait for each socket's `seance.state`. */
			expectState: boolean;
	  }
	| { type: 'start'; placesPerSecond: number }
	| { type: 'measure' }
	| { type: 'stop' }
	| { type: 'disconnect' };

export type FromClients =
	| { type: 'connected'; sockets: number; ms: number }
	| { type: 'started' }
	| {
			type: 'stopped';
			latencies: number[];
			/** Places sent in the measured window, and deliveries expected from them. */
			sent: number;
			expected: number;
			errors: number;
			disconnects: number;
			lateMs: number;
	  }
	| { type: 'disconnected' };

type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Stamps fit in `scrollY` (a fraction): a sequence number over a million. */
const STAMPS = 1_000_000;

interface Seance {
	leader: BenchSocket;
	followers: BenchSocket[];
	/** Send time (performance.now()) of each stamp in flight. */
	sentAt: Map<number, number>;
	seq: number;
	timer?: ReturnType<typeof setInterval>;
}

let seances: Seance[] = [];
let measuring = false;
let latencies: number[] = [];
let sent = 0;
let expected = 0;
let errors = 0;
let disconnects = 0;
let lateMs = 0;

function send(message: FromClients): void {
	process.send!(message);
}

function connectSocket(
	url: string,
	origin: string,
	cookie: string,
	bilanId: string,
	expectState: boolean
): Promise<BenchSocket> {
	const socket: BenchSocket = io(url, {
		path: SEANCE_PATH,
		transports: ['websocket'],
		extraHeaders: { cookie, origin },
		auth: { version: SEANCE_PROTOCOL_VERSION, bilanId, mode: 'join' },
		forceNew: true,
		reconnection: false
	});
	socket.on('seance.error', () => errors++);
	socket.on('disconnect', () => disconnects++);
	return new Promise((resolve, reject) => {
		socket.once('connect_error', reject);
		if (expectState) socket.once('seance.state', () => resolve(socket));
		else socket.once('connect', () => resolve(socket));
	});
}

async function connect(message: Extract<ToClients, { type: 'connect' }>): Promise<void> {
	const begin = performance.now();
	const { url, origin, followersPerSeance, expectState } = message;
	seances = await Promise.all(
		message.seances.map(async (s) => {
			const leader = await connectSocket(url, origin, s.leaderCookie, s.bilanId, expectState);
			const followers = await Promise.all(
				Array.from({ length: followersPerSeance }, () =>
					connectSocket(url, origin, s.participantCookie, s.bilanId, expectState)
				)
			);
			const seance: Seance = { leader, followers, sentAt: new Map(), seq: 0 };
			for (const follower of followers) {
				follower.on('seance.follow', (place: Place) => {
					const at = seance.sentAt.get(Math.round(place.scrollY * STAMPS));
					if (measuring && at !== undefined) latencies.push(performance.now() - at);
				});
			}
			return seance;
		})
	);
	const sockets = seances.reduce((n, s) => n + 1 + s.followers.length, 0);
	send({ type: 'connected', sockets, ms: performance.now() - begin });
}

/** Each leader sends its places at a steady rate, the séances spread over the period. */
function start(placesPerSecond: number): void {
	const period = 1000 / placesPerSecond;
	seances.forEach((seance, i) => {
		setTimeout(
			() => {
				let due = performance.now();
				seance.timer = setInterval(() => {
					const now = performance.now();
					if (measuring) lateMs = Math.max(lateMs, now - due - period);
					due = now;
					seance.seq = (seance.seq % (STAMPS - 1)) + 1;
					seance.sentAt.set(seance.seq, now);
					// Only the last few seconds of stamps are kept.
					seance.sentAt.delete(seance.seq - placesPerSecond * 10);
					if (measuring) {
						sent++;
						expected += seance.followers.length;
					}
					seance.leader.emit('seance.place', {
						boardId: null,
						view: 'live',
						scrollX: 0,
						scrollY: seance.seq / STAMPS
					});
				}, period);
			},
			(i * period) / seances.length
		);
	});
	send({ type: 'started' });
}

/** Stops sending; what is in flight still counts, for a moment. */
function stop(): void {
	for (const seance of seances) clearInterval(seance.timer);
	setTimeout(() => {
		measuring = false;
		send({ type: 'stopped', latencies, sent, expected, errors, disconnects, lateMs });
	}, 500);
}

process.on('message', (message: ToClients) => {
	switch (message.type) {
		case 'connect':
			void connect(message);
			break;
		case 'start':
			start(message.placesPerSecond);
			break;
		case 'measure':
			measuring = true;
			latencies = [];
			sent = expected = errors = disconnects = lateMs = 0;
			break;
		case 'stop':
			stop();
			break;
		case 'disconnect':
			for (const seance of seances) {
				seance.leader.disconnect();
				for (const follower of seance.followers) follower.disconnect();
			}
			seances = [];
			send({ type: 'disconnected' });
			break;
	}
});
