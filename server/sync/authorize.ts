import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SessionUser, ValidatedSession } from '../../src/lib/server/auth/session.ts';
import { acceptSession, sessionUserColumns } from '../../src/lib/server/auth/session.ts';
import { splitToken } from '../../src/lib/server/auth/token.ts';
import { isUuid } from '../../src/lib/server/bilans.validation.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import {
	bilans,
	boards,
	cohortMembers,
	cohorts,
	sessions,
	users
} from '../../src/lib/server/db/schema.ts';
import { accessToBoardOf, type BoardOwnerRef } from '../../src/lib/server/permissions.ts';

/** The answer to "may this session open this board?", as the HTTP status of the upgrade. */
export type BoardAuthorization =
	{ status: 401 | 403 | 404 } | { status: 200; user: SessionUser; readOnly: boolean; kind: string };

/** One question: a session token (from the cookie) and a board id (from the URL). */
export interface BoardRequest {
	token: string | undefined;
	boardId: string;
}

/**
 * The same session rule as the pages (`acceptSession`, behind `validateSessionToken`) and the same
 * board rule (`permissions.accessToBoardOf`, a bilan's board or a cohort's), answered for many (session, board) pairs with ONE
 * statement: the upgrade asks for one pair, the periodic re-check for every open connection.
 * Session, user, board and its bilan or cohort (with the user's membership) come from one join over the pairs, so an upgrade costs one
 * query, and a re-check round one query per chunk, whatever the number of connections.
 * Answers are in the order of `requests`.
 */
export async function authorizeBoards(
	db: Db,
	requests: readonly BoardRequest[],
	now = new Date()
): Promise<BoardAuthorization[]> {
	const parsed = requests.map((r) => (r.token ? splitToken(r.token) : null));
	const pairs = new Map<string, [sessionId: string, boardId: string | null]>();
	requests.forEach((request, i) => {
		const session = parsed[i];
		const boardId = isUuid(request.boardId) ? request.boardId.toLowerCase() : null;
		if (session) pairs.set(pairKey(session.id, boardId), [session.id, boardId]);
	});
	const rows = pairs.size > 0 ? await selectPairs(db, [...pairs.values()]) : [];
	const found = new Map(rows.map((row) => [pairKey(row.session.id, row.boardId), row]));
	// One session rule per token (a renewal or an expiry writes once, not once per board).
	const accepted = new Map<string, Promise<ValidatedSession | null>>();
	const answers: BoardAuthorization[] = [];
	for (const [i, request] of requests.entries()) {
		const session = parsed[i];
		const boardId = isUuid(request.boardId) ? request.boardId.toLowerCase() : null;
		const row = session && found.get(pairKey(session.id, boardId));
		if (!session || !row) {
			answers.push({ status: 401 });
			continue;
		}
		let validated = accepted.get(request.token!);
		if (!validated) {
			validated = acceptSession(db, row, session.secret, now);
			accepted.set(request.token!, validated);
		}
		const user = (await validated)?.user;
		if (!user) answers.push({ status: 401 });
		else if (!row.board || !ownerOf(row)) answers.push({ status: 404 });
		else {
			const access = accessToBoardOf(user, ownerOf(row)!);
			answers.push(
				access === 'none'
					? { status: 403 }
					: { status: 200, user, readOnly: access === 'read', kind: row.board.kind }
			);
		}
	}
	return answers;
}

/** Answers many (session, board) pairs at once: `authorizeBoards` over a database. */
export type AuthorizeMany = (requests: readonly BoardRequest[]) => Promise<BoardAuthorization[]>;

/** Pairs per statement at most: bounds its VALUES list (two parameters a pair). */
const MAX_UPGRADE_BATCH = 500;

/**
 * The upgrade's question, one pair at a time, answered in batches: the pairs asked during one turn
 * of the event loop go in ONE statement (`authorizeMany`, at most `MAX_UPGRADE_BATCH` pairs each).
 * A restart under 2,000 connected clients then costs a few statements instead of 2,000 — each a
 * round trip that PGlite's single worker runs after the other — while one upgrade on its own waits
 * one turn. A failed statement fails the upgrades it held (each answers 503), no others.
 */
export function batchedAuthorizer(
	authorizeMany: AuthorizeMany
): (token: string | undefined, boardId: string) => Promise<BoardAuthorization> {
	let waiting: {
		request: BoardRequest;
		resolve(answer: BoardAuthorization): void;
		reject(error: unknown): void;
	}[] = [];
	const flush = () => {
		const all = waiting;
		waiting = [];
		for (let i = 0; i < all.length; i += MAX_UPGRADE_BATCH) {
			const batch = all.slice(i, i + MAX_UPGRADE_BATCH);
			authorizeMany(batch.map((item) => item.request)).then(
				(answers) => batch.forEach((item, j) => item.resolve(answers[j]!)),
				(error: unknown) => batch.forEach((item) => item.reject(error))
			);
		}
	};
	return (token, boardId) =>
		new Promise((resolve, reject) => {
			if (waiting.length === 0) setImmediate(flush);
			waiting.push({ request: { token, boardId }, resolve, reject });
		});
}

type PairRow = Awaited<ReturnType<typeof selectPairs>>[number];

/** The board's bilan or cohort, as the permission rule reads it; null when neither is found. */
function ownerOf(row: PairRow): BoardOwnerRef | null {
	if (row.bilan) return { bilan: row.bilan };
	if (!row.cohort || !row.board) return null;
	return { cohort: row.cohort, membership: row.membership, board: row.board };
}

function pairKey(sessionId: string, boardId: string | null): string {
	return `${sessionId}\n${boardId ?? ''}`;
}

/**
 * Every known session of the pairs, with its user, and the board with its bilan or cohort (and the
 * user's membership of it) when they exist.
 */
function selectPairs(db: Db, pairs: [string, string | null][]) {
	const wanted = sql`(values ${sql.join(
		pairs.map(([sessionId, boardId]) => sql`(${sessionId}::text, ${boardId}::uuid)`),
		sql`, `
	)}) as wanted (session_id, board_id)`;
	return (
		db
			.select({
				boardId: sql<string | null>`wanted.board_id`,
				session: sessions,
				user: sessionUserColumns,
				board: { kind: boards.kind, ownerId: boards.ownerId, exerciseId: boards.exerciseId },
				bilan: {
					organisationId: bilans.organisationId,
					beneficiaryId: bilans.beneficiaryId,
					consultantId: bilans.consultantId,
					phase: bilans.phase
				},
				cohort: {
					organisationId: cohorts.organisationId,
					facilitatorId: cohorts.facilitatorId,
					endedAt: cohorts.endedAt,
					closedAt: cohorts.closedAt
				},
				// drizzle reads a left-joined object as absent when its FIRST field is null: a key first.
				membership: {
					userId: cohortMembers.userId,
					invitedAt: cohortMembers.invitedAt,
					joinedAt: cohortMembers.joinedAt,
					charterAcceptedAt: cohortMembers.charterAcceptedAt
				}
			})
			.from(wanted)
			.innerJoin(sessions, eq(sessions.id, sql`wanted.session_id`))
			.innerJoin(users, eq(users.id, sessions.userId))
			// A deleted board is gone for the sync server: no board, 404 (close 4404).
			.leftJoin(boards, and(eq(boards.id, sql`wanted.board_id`), isNull(boards.deletedAt)))
			.leftJoin(bilans, eq(bilans.id, boards.bilanId))
			.leftJoin(cohorts, eq(cohorts.id, boards.cohortId))
			.leftJoin(
				cohortMembers,
				and(eq(cohortMembers.cohortId, boards.cohortId), eq(cohortMembers.userId, users.id))
			)
	);
}
