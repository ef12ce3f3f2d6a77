import { eq } from 'drizzle-orm';
import type {
	AgendaItem,
	BoardLock,
	ScreenShow,
	SeanceScope,
	SeanceState,
	TimerState
} from '../../src/lib/seance/protocol.ts';
import { sessionUserColumns } from '../../src/lib/server/auth/session.ts';
import {
	liveCohortSeanceOf,
	screenShowOf,
	type SeanceViewer
} from '../../src/lib/server/cohort-seance.service.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { bilans, cohorts, users } from '../../src/lib/server/db/schema.ts';
import { bilanLocks, cohortLocks, locksFor } from '../../src/lib/server/locks.service.ts';
import type { Actor } from '../../src/lib/server/permissions.ts';
import { liveSeanceOf } from '../../src/lib/server/seance.service.ts';
import { leaderPlaceOf, rosterOf } from './roster.ts';
import { scopeKey } from '../../src/lib/seance/protocol.ts';
import {
	seanceRoom,
	type AnySeanceSocket,
	type Log,
	type SeanceIo,
	type SeanceSocketData
} from './types.ts';

/** What a séance state is read from. */
export interface StateSource {
	db: Db;
	io: SeanceIo;
	log: Log;
}

/** Who a state is for: a socket's person and what they are in the séance. */
export interface StateReader {
	actor: Actor;
	data: Pick<SeanceSocketData, 'userId' | 'leads' | 'role'>;
}

/**
 * The sockets of a séance room on every node, or, when another node does not answer in time
 * (Redis away, a node dying), this node's: a page still gets its state, with a partial roster
 * that the next roster change completes.
 */
async function seanceSockets(source: StateSource, key: string): Promise<AnySeanceSocket[]> {
	const room = seanceRoom(key);
	try {
		return await source.io.in(room).fetchSockets();
	} catch (error) {
		source.log('seance roster from this node only', { seance: key, error: String(error) });
		return source.io.local.in(room).fetchSockets();
	}
}

/** The durable part of a séance in progress, whatever it belongs to. */
interface LiveSeance {
	id: string;
	startedAt: Date;
	leader: Actor | null;
	visioUrl: string | null;
	agenda: AgendaItem[];
	timer: TimerState | null;
	locks: BoardLock[];
	screen: ScreenShow | null;
}

function viewerOf(reader: StateReader | undefined): SeanceViewer {
	return {
		userId: reader?.data.userId ?? '',
		leads: reader?.data.leads ?? false,
		screen: reader?.data.role === 'screen'
	};
}

/**
 * A bilan's rendez-vous in progress. Its locks are read as `reader` (a socket's own person), or as
 * the consultant who leads when the state goes to the whole bilan.
 */
async function liveOfBilan(
	db: Db,
	bilanId: string,
	reader: StateReader | undefined
): Promise<LiveSeance | null> {
	const live = await liveSeanceOf(db, bilanId);
	if (!live?.startedAt) return null;
	const [row] = await db
		.select({ user: sessionUserColumns })
		.from(bilans)
		.innerJoin(users, eq(users.id, bilans.consultantId))
		.where(eq(bilans.id, bilanId));
	const leader = row?.user ?? null;
	const locksReader = reader?.actor ?? leader;
	return {
		id: live.id,
		startedAt: live.startedAt,
		leader,
		visioUrl: live.visioUrl,
		agenda: live.agenda,
		timer: live.timer,
		locks: locksReader ? await bilanLocks(db, locksReader, bilanId) : [],
		screen: null
	};
}

/**
 * A cohort's group séance in progress: no agenda nor visio link (the cohort page plans them). Its
 * locks and the copy on the screen are read for `reader`: only what they may open.
 */
async function liveOfCohort(
	db: Db,
	cohortId: string,
	reader: StateReader | undefined
): Promise<LiveSeance | null> {
	const live = await liveCohortSeanceOf(db, cohortId);
	if (!live?.startedAt) return null;
	const [row] = await db
		.select({ user: sessionUserColumns })
		.from(cohorts)
		.innerJoin(users, eq(users.id, cohorts.facilitatorId))
		.where(eq(cohorts.id, cohortId));
	const viewer = viewerOf(reader);
	const screen = await screenShowOf(db, live);
	const seesScreen = screen && (viewer.leads || viewer.screen || viewer.userId === screen.ownerId);
	return {
		id: live.id,
		startedAt: live.startedAt,
		leader: row?.user ?? null,
		visioUrl: null,
		agenda: [],
		timer: live.timer,
		locks: locksFor(await cohortLocks(db, cohortId), viewer),
		screen: seesScreen ? screen : null
	};
}

/**
 * The séance in progress of a scope as a page shows it, or null: its durable part from
 * PostgreSQL (the séance's row, timer, agenda, locks, the screen's consent), its ephemeral part
 * from the sockets (roster, the leader's place). With a `reader`, for that socket only (what they
 * may open); without, for every socket of the scope.
 */
export async function readSeanceState(
	source: StateSource,
	scope: SeanceScope,
	reader?: StateReader
): Promise<SeanceState | null> {
	const live =
		scope.kind === 'bilan'
			? await liveOfBilan(source.db, scope.id, reader)
			: await liveOfCohort(source.db, scope.id, reader);
	if (!live) return null;
	const sockets = await seanceSockets(source, scopeKey(scope));
	return {
		rendezVousId: live.id,
		scope,
		bilanId: scope.kind === 'bilan' ? scope.id : null,
		startedAt: live.startedAt.toISOString(),
		// A séance outliving its leader's reassignment is led by nobody until it ends.
		leaderId: live.leader?.id ?? '',
		visioUrl: live.visioUrl,
		agenda: live.agenda,
		timer: live.timer,
		locks: live.locks,
		leader: leaderPlaceOf(sockets, reader && viewerOf(reader)),
		roster: rosterOf(sockets),
		screen: live.screen,
		now: Date.now()
	};
}
