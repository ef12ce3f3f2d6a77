import { eq } from 'drizzle-orm';
import type { SeanceState } from '../../src/lib/seance/protocol.ts';
import { sessionUserColumns } from '../../src/lib/server/auth/session.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { bilans, users } from '../../src/lib/server/db/schema.ts';
import { bilanLocks } from '../../src/lib/server/locks.service.ts';
import type { Actor } from '../../src/lib/server/permissions.ts';
import { liveSeanceOf } from '../../src/lib/server/seance.service.ts';
import { leaderPlaceOf, rosterOf } from './roster.ts';
import { seanceRoom, type AnySeanceSocket, type Log, type SeanceIo } from './types.ts';

/** What a séance state is read from. */
export interface StateSource {
	db: Db;
	io: SeanceIo;
	log: Log;
}

/**
 * The sockets of a séance room on every node, or, when another node does not answer in time
 * (Redis away, a node dying), this node's: a page still gets its state, with a partial roster
 * that the next roster change completes.
 */
async function seanceSockets(source: StateSource, bilanId: string): Promise<AnySeanceSocket[]> {
	const room = seanceRoom(bilanId);
	try {
		return await source.io.in(room).fetchSockets();
	} catch (error) {
		source.log('seance roster from this node only', { bilan: bilanId, error: String(error) });
		return source.io.local.in(room).fetchSockets();
	}
}

/**
 * The séance in progress of a bilan as a page shows it, or null: its durable part from
 * PostgreSQL (rendez-vous, timer, agenda, locks), its ephemeral part from the sockets (roster,
 * the leader's place). The locks are read as `reader` (a socket's own person), or as the
 * consultant who leads when the state goes to the whole bilan.
 */
export async function readSeanceState(
	source: StateSource,
	bilanId: string,
	reader?: Actor
): Promise<SeanceState | null> {
	const live = await liveSeanceOf(source.db, bilanId);
	if (!live?.startedAt) return null;
	const leader = await leaderOf(source.db, bilanId);
	const locksReader = reader ?? leader;
	const locks = locksReader ? await bilanLocks(source.db, locksReader, bilanId) : [];
	const sockets = await seanceSockets(source, bilanId);
	return {
		rendezVousId: live.id,
		bilanId,
		startedAt: live.startedAt.toISOString(),
		// A séance outliving its consultant's reassignment is led by nobody until it ends.
		leaderId: leader?.id ?? '',
		visioUrl: live.visioUrl,
		agenda: live.agenda,
		timer: live.timer,
		locks,
		leader: leaderPlaceOf(sockets),
		roster: rosterOf(sockets),
		now: Date.now()
	};
}

/** The consultant of a bilan, who leads its séances; null without one. */
async function leaderOf(db: Db, bilanId: string): Promise<Actor | null> {
	const [row] = await db
		.select({ user: sessionUserColumns })
		.from(bilans)
		.innerJoin(users, eq(users.id, bilans.consultantId))
		.where(eq(bilans.id, bilanId));
	return row?.user ?? null;
}
