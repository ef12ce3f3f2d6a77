import type { Place, RosterEntry, RosterRole } from '../../src/lib/seance/protocol.ts';
import { mayOpen, type SeanceViewer } from '../../src/lib/server/cohort-seance.service.ts';
import { seanceRoom, type AnySeanceSocket, type Log, type SeanceIo } from './types.ts';

const byName = new Intl.Collator('fr', { sensitivity: 'base' });
const ROLE_ORDER: Record<RosterRole, number> = { consultant: 0, beneficiary: 1, screen: 2 };

/**
 * The roster from the sockets of a séance room, on every node (`fetchSockets`): one entry per
 * socket (two tabs, two entries), the leader first, then the others by name, then the screen. Everyone
 * in the room reads it: a board only some may open (a participant's private copy) is not named.
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
			boardId: data.audience === 'all' ? (data.place?.boardId ?? null) : null,
			view: data.place?.view ?? 'live',
			active: data.active,
			following: data.following,
			handRaisedAt: data.handRaisedAt ?? null
		});
	}
	return entries.sort(
		(a, b) =>
			ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
			byName.compare(a.name, b.name) ||
			(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/**
 * Where the leader is: the place their tab moved last (null until they have one), for `viewer`:
 * a place on a board they may not open is not theirs to know (null), and without a viewer (a
 * state for the whole scope) only a place everyone may open is told.
 */
export function leaderPlaceOf(
	sockets: readonly AnySeanceSocket[],
	viewer?: SeanceViewer
): Place | null {
	let latest: { place: Place; at: number; data: AnySeanceSocket['data'] } | null = null;
	for (const { data } of sockets) {
		if (data.leads && data.place && (!latest || data.placeAt > latest.at)) {
			latest = { place: data.place, at: data.placeAt, data };
		}
	}
	if (!latest) return null;
	const audience = latest.data.audience;
	const told = viewer ? mayOpen(audience, viewer) : audience === 'all';
	return told ? latest.place : null;
}

/**
 * Sends `seance.roster` to a séance room when someone joins, leaves, or changes board, view,
 * activity or following. Reading the roster asks every node (`fetchSockets`), so a burst of
 * changes of one séance (several people joining at once) shares reads: one read in flight per
 * séance, and one more after it when something changed meanwhile. Keyed by the scope's key.
 */
export class RosterBroadcaster {
	#io: SeanceIo;
	#log: Log;
	/** Séances whose roster is being read; true when it changed again since the read began. */
	#pending = new Map<string, boolean>();

	constructor(io: SeanceIo, log: Log) {
		this.#io = io;
		this.#log = log;
	}

	/** The roster of this séance (its scope's key) changed: everyone in it will hear of it. */
	changed(key: string): void {
		if (this.#pending.has(key)) {
			this.#pending.set(key, true);
			return;
		}
		this.#pending.set(key, false);
		void this.#send(key);
	}

	async #send(key: string): Promise<void> {
		do {
			this.#pending.set(key, false);
			try {
				const sockets = await this.#io.in(seanceRoom(key)).fetchSockets();
				this.#io.to(seanceRoom(key)).emit('seance.roster', rosterOf(sockets));
			} catch (error) {
				// Another node did not answer in time (Redis away, a node dying): the next change
				// sends it again.
				this.#log('seance roster failed', { seance: key, error: String(error) });
			}
		} while (this.#pending.get(key));
		this.#pending.delete(key);
	}
}
