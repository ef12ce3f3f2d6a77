import { SPOTLIGHT_MS, type SeanceClientEvent } from '../../src/lib/seance/protocol.ts';
import type { TimerChange } from '../../src/lib/seance/timer.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { findBoardWithBilan } from '../../src/lib/server/boards.service.ts';
import { bilanLocks, setBoardLock } from '../../src/lib/server/locks.service.ts';
import type { Actor } from '../../src/lib/server/permissions.ts';
import { changeTimer, tickAgendaItem } from '../../src/lib/server/seance.service.ts';
import type { RosterBroadcaster } from './roster.ts';
import { seanceRoom, type Log, type SeanceIo, type SeanceSocket } from './types.ts';
import type { EventArgs } from './validate.ts';

/** What every socket's events act on: this node's séance server. */
export interface SeanceContext {
	io: SeanceIo;
	db: Db;
	log: Log;
	roster: RosterBroadcaster;
	/** The séance in progress of a bilan as this node knows it (its rendez-vous id), or null. */
	live(bilanId: string): string | null;
	/** "Ramener tout le monde": every node sets the bilan's participants following again. */
	bring(bilanId: string): void;
	/** The leader lowers someone's hand: every node lowers it on that person's sockets. */
	lowerHand(bilanId: string, userId: string): void;
}

/** One event being handled: who sent it, and the séance in progress (null: none). */
export interface EventCall {
	context: SeanceContext;
	socket: SeanceSocket;
	actor: Actor;
	rendezVousId: string | null;
}

/** A refusal a person can read (French), sent back as `seance.error`. */
export class EventRefused extends Error {
	readonly reason = 'refused';
}

/**
 * What an event does once the dispatcher (`dispatch.ts`) has checked who sent it, its rate and
 * its arguments. Presence events (`seance`: false) always update the socket — a place known
 * before the séance starts is where the state puts the consultant — but relay nothing while no
 * séance is in progress; the others are refused then.
 */
export type EventSpec<E extends SeanceClientEvent> =
	| { seance: false; run(call: EventCall, ...args: EventArgs<E>): void }
	| {
			seance: true;
			run(call: EventCall & { rendezVousId: string }, ...args: EventArgs<E>): void | Promise<void>;
	  };

const NOT_THIS_BILAN = 'Ce tableau n’appartient pas à ce bilan.';

/** True when `boardId` is a board of this bilan (a spotlight or a lock must not reach another). */
async function boardInBilan(db: Db, boardId: string, bilanId: string): Promise<boolean> {
	return (await findBoardWithBilan(db, boardId))?.board.bilanId === bilanId;
}

/** A presence flag of the socket (active tab, following); the roster hears of a change. */
function presence(field: 'active' | 'following', call: EventCall, value: boolean): void {
	const { data } = call.socket;
	if (data[field] === value) return;
	data[field] = value;
	if (call.rendezVousId) call.context.roster.changed(data.bilanId);
}

/** A timer event: `changeTimer` decides who may, then everyone sees the timer. */
function timer(change: TimerChange): (call: EventCall & { rendezVousId: string }) => Promise<void> {
	return async ({ context, socket, actor, rendezVousId }) => {
		const next = await changeTimer(context.db, actor, rendezVousId, change);
		context.io.to(seanceRoom(socket.data.bilanId)).emit('seance.timer', next, Date.now());
	};
}

/** Every event of the protocol, by name. */
export const HANDLERS: { [E in SeanceClientEvent]: EventSpec<E> } = {
	'seance.place': {
		seance: false,
		// The hot path of suivez-moi: no database, no roster read; the roster only hears of a
		// change of board or view, never of a scroll.
		run({ context, socket, rendezVousId }, place) {
			const { data } = socket;
			const moved = data.place?.boardId !== place.boardId || data.place?.view !== place.view;
			data.place = place;
			data.placeAt = Date.now();
			if (!rendezVousId) return;
			if (data.leads) socket.to(seanceRoom(data.bilanId)).emit('seance.follow', place, false);
			if (moved) context.roster.changed(data.bilanId);
		}
	},
	'seance.activity': { seance: false, run: (call, active) => presence('active', call, active) },
	'seance.following': {
		seance: false,
		run(call, following) {
			if (call.socket.data.leads) {
				throw new EventRefused(
					'La ou le consultant·e mène la séance : elle ou il ne suit personne.'
				);
			}
			presence('following', call, following);
		}
	},
	'seance.bring': {
		seance: true,
		run({ context, socket }) {
			const { place, bilanId } = socket.data;
			if (!place) {
				throw new EventRefused(
					'Ouvrez d’abord un tableau ou la page du bilan pour y ramener tout le monde.'
				);
			}
			socket.to(seanceRoom(bilanId)).emit('seance.follow', place, true);
			context.bring(bilanId);
		}
	},
	'seance.spotlight': {
		seance: true,
		async run({ context, socket }, target) {
			const { bilanId } = socket.data;
			if (!(await boardInBilan(context.db, target.boardId, bilanId))) {
				throw new EventRefused(NOT_THIS_BILAN);
			}
			const until = Date.now() + SPOTLIGHT_MS;
			context.io.to(seanceRoom(bilanId)).emit('seance.spotlight', { ...target, until });
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
		async run({ context, socket, actor }, lock, locked) {
			const { bilanId } = socket.data;
			if (!(await boardInBilan(context.db, lock.boardId, bilanId))) {
				throw new EventRefused(NOT_THIS_BILAN);
			}
			await setBoardLock(context.db, actor, lock.boardId, lock.part, locked);
			const locks = await bilanLocks(context.db, actor, bilanId);
			context.io.to(seanceRoom(bilanId)).emit('seance.locks', locks);
		}
	},
	'seance.agenda.tick': {
		seance: true,
		async run({ context, socket, actor, rendezVousId }, itemId, done) {
			const agenda = await tickAgendaItem(context.db, actor, rendezVousId, itemId, done);
			context.io.to(seanceRoom(socket.data.bilanId)).emit('seance.agenda', agenda);
		}
	},
	'seance.hand': {
		seance: true,
		run({ context, socket }, raised) {
			const { data } = socket;
			if (data.leads)
				throw new EventRefused(
					'La ou le consultant·e mène la séance : elle ou il donne la parole.'
				);
			// Lowered from any tab, it is lowered in all of them (the page shows one hand a person).
			if (!raised) return context.lowerHand(data.bilanId, data.userId);
			// Raising it again keeps one's place in the queue.
			if (data.handRaisedAt !== null) return;
			data.handRaisedAt = Date.now();
			context.roster.changed(data.bilanId);
		}
	},
	'seance.hand.lower': {
		seance: true,
		run: ({ context, socket }, userId) => context.lowerHand(socket.data.bilanId, userId)
	},
	'seance.react': {
		seance: true,
		run({ context, socket }, reaction) {
			const { bilanId, userId, name } = socket.data;
			context.io
				.to(seanceRoom(bilanId))
				.emit('seance.reaction', { userId, name, reaction, at: Date.now() });
		}
	}
};
