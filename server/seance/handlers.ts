import {
	SCREEN_CONSENT_MS,
	SPOTLIGHT_MS,
	type Place,
	type ScreenShow,
	type SeanceClientEvent
} from '../../src/lib/seance/protocol.ts';
import type { TimerChange } from '../../src/lib/seance/timer.ts';
import { findBoardWithBilan } from '../../src/lib/server/boards.service.ts';
import {
	answerScreen,
	askScreen,
	changeCohortTimer,
	clearScreen,
	expireScreenRequest,
	type PlaceAudience
} from '../../src/lib/server/cohort-seance.service.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import {
	bilanLocks,
	cohortLocks,
	locksFor,
	setBoardLock
} from '../../src/lib/server/locks.service.ts';
import type { Actor } from '../../src/lib/server/permissions.ts';
import { changeTimer, tickAgendaItem } from '../../src/lib/server/seance.service.ts';
import type { RosterBroadcaster } from './roster.ts';
import {
	keyOf,
	memberRoom,
	screenRoom,
	seanceRoom,
	type Log,
	type SeanceIo,
	type SeanceSocket,
	type SeanceSocketData
} from './types.ts';
import type { EventArgs } from './validate.ts';

/** What every socket's events act on: this node's séance server. */
export interface SeanceContext {
	io: SeanceIo;
	db: Db;
	log: Log;
	roster: RosterBroadcaster;
	/** The séance in progress of a scope (its key) as this node knows it (its row's id), or null. */
	live(key: string): string | null;
	/** "Ramener tout le monde": every node sets the scope's participants following again. */
	bring(key: string): void;
	/** The leader lowers someone's hand: every node lowers it on that person's sockets. */
	lowerHand(key: string, userId: string): void;
	/** Who may open a cohort's board (`placeAudience`), remembered: suivez-moi asks often. */
	audience(cohortId: string, boardId: string): Promise<PlaceAudience | null>;
}

/** One event being handled: who sent it, and the séance in progress (null: none). */
export interface EventCall {
	context: SeanceContext;
	socket: SeanceSocket;
	actor: Actor;
	rendezVousId: string | null;
}

type LiveCall = EventCall & { rendezVousId: string };

/** A refusal a person can read (French), sent back as `seance.error`. */
export class EventRefused extends Error {
	readonly reason = 'refused';
}

/**
 * What an event does once the dispatcher (`dispatch.ts`) has checked who sent it, its rate and
 * its arguments. Presence events (`seance`: false) always update the socket — a place known
 * before the séance starts is where the state puts the leader — but relay nothing while no
 * séance is in progress; the others are refused then.
 */
export type EventSpec<E extends SeanceClientEvent> =
	| { seance: false; run(call: EventCall, ...args: EventArgs<E>): void }
	| {
			seance: true;
			run(call: LiveCall, ...args: EventArgs<E>): void | Promise<void>;
	  };

/** Refusals that name who leads, in the words of the séance's scope. */
export const WORDS = {
	bilan: {
		leader: 'Seul·e la ou le consultant·e qui mène la séance peut faire cela.',
		follows: 'La ou le consultant·e mène la séance : elle ou il ne suit personne.',
		hand: 'La ou le consultant·e mène la séance : elle ou il donne la parole.',
		notHere: 'Ce tableau n’appartient pas à ce bilan.',
		bring: 'Ouvrez d’abord un tableau ou la page du bilan pour y ramener tout le monde.'
	},
	cohort: {
		leader: 'Seule la personne qui anime la cohorte peut faire cela.',
		follows: 'Vous animez la séance : vous ne suivez personne.',
		hand: 'Vous animez la séance : vous donnez la parole.',
		notHere: 'Ce tableau n’appartient pas à cette cohorte.',
		bring: 'Ouvrez d’abord un tableau ou la page de la cohorte pour y ramener tout le monde.'
	}
} as const;

const words = (data: SeanceSocketData) => WORDS[data.scope.kind];
const COHORTS_ONLY = 'Seule une séance de groupe montre l’exercice d’un·e participant·e à l’écran.';

/**
 * Who may learn of a board of the socket's scope (a spotlight, a lock or suivez-moi must not
 * reach another scope, nor a person who may not open it), or null when it is not the scope's.
 */
async function audienceIn(
	context: SeanceContext,
	data: SeanceSocketData,
	boardId: string
): Promise<PlaceAudience | null> {
	if (data.scope.kind === 'cohort') return context.audience(data.scope.id, boardId);
	const found = await findBoardWithBilan(context.db, boardId);
	return found?.board.bilanId === data.scope.id ? 'all' : null;
}

/**
 * The sockets of the séance that may learn of a board with this audience, as the leader `from`
 * tells it: everyone; the screen and the leader's own tabs (a template); or one participant's
 * tabs and the leader's (a private copy).
 */
function toAudience(context: SeanceContext, from: SeanceSocketData, audience: PlaceAudience) {
	const key = keyOf(from);
	const { io } = context;
	if (audience === 'all') return io.to(seanceRoom(key));
	if (audience === 'staff') return io.to([screenRoom(key), memberRoom(key, from.userId)]);
	return io.to([memberRoom(key, audience.ownerId), memberRoom(key, from.userId)]);
}

/** Where the screen, the leader and the copy's participant hear what the screen shows. */
function toScreenPeople(context: SeanceContext, key: string, userIds: (string | null)[]) {
	const rooms = userIds.filter((id): id is string => id !== null).map((id) => memberRoom(key, id));
	return context.io.to([screenRoom(key), ...rooms]);
}

/** A presence flag of the socket (active tab, following); the roster hears of a change. */
function presence(field: 'active' | 'following', call: EventCall, value: boolean): void {
	const { data } = call.socket;
	if (data[field] === value) return;
	data[field] = value;
	if (call.rendezVousId) call.context.roster.changed(keyOf(data));
}

/**
 * The leader's place, to those who may open its board: followers go there (`bring`: even those
 * who stepped out). Nothing reaches a socket that may not open it.
 */
function relayPlace(call: EventCall, place: Place, bring: boolean): void {
	const { context, socket } = call;
	const { data } = socket;
	toAudience(context, data, data.audience).except(socket.id).emit('seance.follow', place, bring);
}

/**
 * A new place of the socket: in a cohort, who may open its board is looked up (remembered per
 * board) before anything names it. Until then only the socket's own person (and the leader) may
 * learn of it: a roster read or a scroll meanwhile tells nobody else. Once known, the latest place
 * on that board goes out (a move elsewhere meanwhile decides instead).
 */
async function placed(call: EventCall, place: Place): Promise<void> {
	const { context, socket } = call;
	const { data } = socket;
	const moved = data.place?.boardId !== place.boardId || data.place?.view !== place.view;
	data.place = place;
	data.placeAt = Date.now();
	let latest = place;
	if (data.scope.kind === 'cohort' && moved) {
		data.audience = { ownerId: data.userId };
		const audience = place.boardId
			? await context.audience(data.scope.id, place.boardId)
			: ('all' as const);
		if (data.place?.boardId !== place.boardId) return;
		// Not a board of this cohort: nobody else learns of it.
		data.audience = audience ?? { ownerId: data.userId };
		latest = data.place;
	}
	if (!call.rendezVousId) return;
	if (data.leads) relayPlace(call, latest, false);
	if (moved) context.roster.changed(keyOf(data));
}

/** A timer event: the scope's service decides who may, then everyone sees the timer. */
function timer(change: TimerChange): (call: LiveCall) => Promise<void> {
	return async ({ context, socket, actor, rendezVousId }) => {
		const { scope } = socket.data;
		const next =
			scope.kind === 'bilan'
				? await changeTimer(context.db, actor, rendezVousId, change)
				: await changeCohortTimer(context.db, actor, scope.id, rendezVousId, change);
		context.io.to(seanceRoom(keyOf(socket.data))).emit('seance.timer', next, Date.now());
	};
}

/**
 * The locks after a change: a bilan's to the whole séance, a cohort's to each person and the
 * screen with only the locks of boards they may open.
 */
async function sendLocks(call: LiveCall): Promise<void> {
	const { context, socket, actor } = call;
	const { scope } = socket.data;
	const key = keyOf(socket.data);
	if (scope.kind === 'bilan') {
		const locks = await bilanLocks(context.db, actor, scope.id);
		context.io.to(seanceRoom(key)).emit('seance.locks', locks);
		return;
	}
	const all = await cohortLocks(context.db, scope.id);
	const sockets = await context.io.in(seanceRoom(key)).fetchSockets();
	const told = new Set<string>();
	for (const { data } of sockets) {
		const room = data.role === 'screen' ? screenRoom(key) : memberRoom(key, data.userId);
		if (told.has(room)) continue;
		told.add(room);
		const viewer = { userId: data.userId, leads: data.leads, screen: data.role === 'screen' };
		context.io.to(room).emit('seance.locks', locksFor(all, viewer));
	}
}

/** The cohort of a socket's séance; the screen's consent exists in group séances only. */
function cohortOf(socket: SeanceSocket): string {
	const { scope } = socket.data;
	if (scope.kind !== 'cohort') throw new EventRefused(COHORTS_ONLY);
	return scope.id;
}

/** « Montrer à l'écran »: the participant is asked, if they are in the séance. */
async function askToShow(call: LiveCall, boardId: string): Promise<void> {
	const { context, socket, actor, rendezVousId } = call;
	const cohortId = cohortOf(socket);
	const key = keyOf(socket.data);
	const toLeader = context.io.to(memberRoom(key, socket.data.userId));
	const { request, copy } = await askScreen(context.db, actor, cohortId, rendezVousId, boardId);
	const present = await context.io.in(memberRoom(key, copy.ownerId)).fetchSockets();
	const answer = { boardId: copy.boardId, ownerName: copy.ownerName };
	if (present.length === 0) {
		await expireScreenRequest(context.db, rendezVousId, request);
		toLeader.emit('seance.screen.answer', { ...answer, outcome: 'absent' });
		return;
	}
	const toOwner = context.io.to(memberRoom(key, copy.ownerId));
	toOwner.emit('seance.consent.ask', {
		boardId: copy.boardId,
		title: copy.title,
		until: request.until
	});
	// No answer in time is a no; an answer (or a newer question) first leaves nothing to expire.
	setTimeout(() => {
		expireScreenRequest(context.db, rendezVousId, request).then(
			(expired) => {
				if (!expired) return;
				toOwner.emit('seance.consent.ask', null);
				toLeader.emit('seance.screen.answer', { ...answer, outcome: 'timeout' });
			},
			(error: unknown) =>
				context.log('seance consent expiry failed', { seance: key, error: String(error) })
		);
	}, SCREEN_CONSENT_MS).unref();
}

/** The participant answered: the facilitator hears how; accepted, the screen shows the copy. */
async function answered(call: LiveCall, boardId: string, accepted: boolean): Promise<void> {
	const { context, socket, actor, rendezVousId } = call;
	const cohortId = cohortOf(socket);
	const key = keyOf(socket.data);
	const outcome = await answerScreen(context.db, actor, cohortId, rendezVousId, boardId, accepted);
	context.io.to(memberRoom(key, actor.id)).emit('seance.consent.ask', null);
	if (outcome.leaderId) {
		context.io.to(memberRoom(key, outcome.leaderId)).emit('seance.screen.answer', outcome.answer);
	}
	if (outcome.replacedOwnerId) {
		context.io.to(memberRoom(key, outcome.replacedOwnerId)).emit('seance.screen', null);
	}
	if (outcome.shown) showOnScreen(context, key, outcome.shown, outcome.leaderId);
}

function showOnScreen(
	context: SeanceContext,
	key: string,
	shown: ScreenShow,
	leaderId: string | null
): void {
	toScreenPeople(context, key, [shown.ownerId, leaderId]).emit('seance.screen', shown);
}

/** The copy leaves the screen at once: its participant withdrew, or the facilitator took it off. */
async function offScreen(call: LiveCall): Promise<void> {
	const { context, socket, actor, rendezVousId } = call;
	const cleared = await clearScreen(context.db, actor, cohortOf(socket), rendezVousId);
	if (!cleared) return;
	const key = keyOf(socket.data);
	toScreenPeople(context, key, [cleared.ownerId, cleared.leaderId]).emit('seance.screen', null);
}

/** Every event of the protocol, by name. */
export const HANDLERS: { [E in SeanceClientEvent]: EventSpec<E> } = {
	'seance.place': {
		seance: false,
		// The hot path of suivez-moi: no database (a cohort's board is looked up once), no roster
		// read; the roster only hears of a change of board or view, never of a scroll.
		run(call, place) {
			placed(call, place).catch((error: unknown) =>
				call.context.log('seance place failed', { error: String(error) })
			);
		}
	},
	'seance.activity': { seance: false, run: (call, active) => presence('active', call, active) },
	'seance.following': {
		seance: false,
		run(call, following) {
			if (call.socket.data.leads) {
				throw new EventRefused(words(call.socket.data).follows);
			}
			presence('following', call, following);
		}
	},
	'seance.bring': {
		seance: true,
		run(call) {
			const { context, socket } = call;
			const { place } = socket.data;
			if (!place) {
				throw new EventRefused(words(socket.data).bring);
			}
			relayPlace(call, place, true);
			context.bring(keyOf(socket.data));
		}
	},
	'seance.spotlight': {
		seance: true,
		async run({ context, socket }, target) {
			const audience = await audienceIn(context, socket.data, target.boardId);
			if (!audience) throw new EventRefused(words(socket.data).notHere);
			const until = Date.now() + SPOTLIGHT_MS;
			toAudience(context, socket.data, audience).emit('seance.spotlight', { ...target, until });
		}
	},
	'seance.timer.start': {
		seance: true,
		run: (call, minutes) => timer({ type: 'start', minutes })(call)
	},
	'seance.timer.pause': { seance: true, run: timer({ type: 'pause' }) },
	'seance.timer.resume': { seance: true, run: timer({ type: 'resume' }) },
	'seance.timer.extend': { seance: true, run: timer({ type: 'extend' }) },
	'seance.timer.stop': { seance: true, run: timer({ type: 'stop' }) },
	'seance.timer.extendable': {
		seance: true,
		run: (call, allowed) => timer({ type: 'extendable', allowed })(call)
	},
	'seance.lock': {
		seance: true,
		async run(call, lock, locked) {
			const { context, socket, actor } = call;
			if (!(await audienceIn(context, socket.data, lock.boardId))) {
				throw new EventRefused(words(socket.data).notHere);
			}
			await setBoardLock(context.db, actor, lock.boardId, lock.part, locked);
			await sendLocks(call);
		}
	},
	'seance.agenda.tick': {
		seance: true,
		async run({ context, socket, actor, rendezVousId }, itemId, done) {
			if (socket.data.scope.kind !== 'bilan') {
				throw new EventRefused('Une séance de groupe n’a pas d’ordre du jour à cocher.');
			}
			const agenda = await tickAgendaItem(context.db, actor, rendezVousId, itemId, done);
			context.io.to(seanceRoom(keyOf(socket.data))).emit('seance.agenda', agenda);
		}
	},
	'seance.hand': {
		seance: true,
		run({ context, socket }, raised) {
			const { data } = socket;
			if (data.leads) throw new EventRefused(words(data).hand);
			// Lowered from any tab, it is lowered in all of them (the page shows one hand a person).
			if (!raised) return context.lowerHand(keyOf(data), data.userId);
			// Raising it again keeps one's place in the queue.
			if (data.handRaisedAt !== null) return;
			data.handRaisedAt = Date.now();
			context.roster.changed(keyOf(data));
		}
	},
	'seance.hand.lower': {
		seance: true,
		run: ({ context, socket }, userId) => context.lowerHand(keyOf(socket.data), userId)
	},
	'seance.react': {
		seance: true,
		run({ context, socket }, reaction) {
			const { userId, name } = socket.data;
			context.io
				.to(seanceRoom(keyOf(socket.data)))
				.emit('seance.reaction', { userId, name, reaction, at: Date.now() });
		}
	},
	'seance.screen.ask': { seance: true, run: askToShow },
	'seance.screen.clear': { seance: true, run: offScreen },
	'seance.consent.answer': { seance: true, run: answered },
	'seance.consent.withdraw': { seance: true, run: offScreen }
};
