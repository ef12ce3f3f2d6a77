import type { Place, RosterEntry, RosterRole } from '../../src/lib/seance/protocol.ts';
import { seanceRoom, type AnySeanceSocket, type Log, type SeanceIo } from './types.ts';

const ROLE_ORDER: Record<RosterRole, number> = { consultant: 0, beneficiary: 1, screen: 2 };

/**
 * The roster from the sockets of a séance room, on every node (`fetchSockets`): one entry per
 * socket (two tabs, two entries), the consultant first, then the beneficiary, then the screen.
 */
export function rosterOf(sockets: readonly AnySeanceSocket[]): RosterEntry[] {
	const entries: RosterEntry[] = [];
	for (const { id, data } of sockets) {
		if (!data.role) continue;
		entries.push({
			id,
			userId: data.userId,
			name: data.name,
			role: data.role,
			boardId: data.place?.boardId ?? null,
			view: data.place?.view ?? 'live',
			active: data.active,
			following: data.following,
			handRaisedAt: data.handRaisedAt ?? null
		});
	}
	return entries.sort(
		(a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/** Where the leader is: the place their tab moved last (null until they have one). */
export function leaderPlaceOf(sockets: readonly AnySeanceSocket[]): Place | null {
	let latest: { place: Place; at: number } | null = null;
	for (const { data } of sockets) {
		if (data.leads && data.place && (!latest || data.placeAt > latest.at)) {
			latest = { place: data.place, at: data.placeAt };
		}
	}
	return latest?.place ?? null;
}

/**
 * Sends `seance.roster` to a séance room when someone joins, leaves, or changes board, view,
 * activity or following. Reading the roster asks every node (`fetchSockets`), so a burst of
 * changes of one bilan (several people joining at once) shares reads: one read in flight per
 * bilan, and one more after it when something changed meanwhile.
 */
export class RosterBroadcaster {
	#io: SeanceIo;
	#log: Log;
	/** Bilans whose roster is being read; true when it changed again since the read began. */
	#pending = new Map<string, boolean>();

	constructor(io: SeanceIo, log: Log) {
		this.#io = io;
		this.#log = log;
	}

	/** The roster of this bilan's séance changed: everyone in it will hear of it. */
	changed(bilanId: string): void {
		if (this.#pending.has(bilanId)) {
			this.#pending.set(bilanId, true);
			return;
		}
		this.#pending.set(bilanId, false);
		void this.#send(bilanId);
	}

	async #send(bilanId: string): Promise<void> {
		do {
			this.#pending.set(bilanId, false);
			try {
				const sockets = await this.#io.in(seanceRoom(bilanId)).fetchSockets();
				this.#io.to(seanceRoom(bilanId)).emit('seance.roster', rosterOf(sockets));
			} catch (error) {
				// Another node did not answer in time (Redis away, a node dying): the next change
				// sends it again.
				this.#log('seance roster failed', { bilan: bilanId, error: String(error) });
			}
		} while (this.#pending.get(bilanId));
		this.#pending.delete(bilanId);
	}
}
