import { and, eq, gt, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { changesSince, type BoardNews } from '../boards/changes-since.ts';
import type { BoardKindDefinition } from '../boards/kind.ts';
import { m } from '../paraglide/messages.js';
import type { BoardWithBilan } from './boards.service.ts';
import { changesAfter } from './db/board-changes.ts';
import { createBoardStorage, loadedDocument } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import { boardChanges, boardVisits, users } from './db/schema.ts';
import type { Actor } from './permissions.ts';
import { boardFor } from './snapshots.service.ts';

/**
 * « Nouveautés »: what the others changed on a board since a person's last visit (opening the
 * board, or leaving it), from the change log and the board as it is now. Only someone who may
 * open the board gets here (the callers check access): an admin never does.
 */

/** The list shows at most this many changes, latest first. */
const NEWS_MAX = 50;

async function visitOf(db: Db, userId: string, boardId: string) {
	const [visit] = await db
		.select()
		.from(boardVisits)
		.where(and(eq(boardVisits.userId, userId), eq(boardVisits.boardId, boardId)));
	return visit;
}

/** Records that `userId` has seen the board up to sequence `seq` (never going back). */
async function recordVisit(db: Db, userId: string, boardId: string, seq: number): Promise<void> {
	const at = new Date();
	await db
		.insert(boardVisits)
		.values({ userId, boardId, seq, at })
		.onConflictDoUpdate({
			target: [boardVisits.userId, boardVisits.boardId],
			set: { seq: sql`greatest(${boardVisits.seq}, excluded.seq)`, at }
		});
}

/**
 * What others changed on the board since the actor's last visit, which this visit then replaces
 * (the board is seen as it is now).
 */
export async function openBoardNews(
	db: Db,
	actor: Actor,
	found: BoardWithBilan,
	kind: BoardKindDefinition | undefined
): Promise<BoardNews> {
	const boardId = found.board.id;
	const visit = await visitOf(db, actor.id, boardId);
	const changes = await changesAfter(db, boardId, visit?.seq ?? 0);
	await recordVisit(db, actor.id, boardId, found.board.lastSeq);
	const since = visit?.at ?? null;
	if (!kind || !changes.some((c) => c.userId !== null && c.userId !== actor.id)) {
		return { since, items: [] };
	}
	// The board as it is now: changes committed since `lastSeq` was read show here and next time.
	const doc = loadedDocument(await createBoardStorage(db).load(boardId));
	try {
		const entries = changesSince(doc, changes, actor.id, new Set(kind.news.placement));
		const ids = [...new Set(entries.map((entry) => entry.userId))];
		const names = new Map(
			ids.length === 0
				? []
				: (
						await db
							.select({ id: users.id, name: users.name })
							.from(users)
							.where(inArray(users.id, ids))
					).map((row) => [row.id, row.name])
		);
		return {
			since,
			items: entries.slice(0, NEWS_MAX).map((entry) => ({
				action: entry.action,
				root: entry.root,
				key: entry.key,
				who: names.get(entry.userId) ?? m.news_someone(),
				what: kind.news.describe(doc, entry.root, entry.key),
				at: entry.at
			}))
		};
	} finally {
		doc.destroy();
	}
}

/**
 * The actor leaves the board (or dismisses its news): they have seen it as it is now. A board
 * they may not open is not found (`PermissionError`).
 */
export async function markBoardSeen(db: Db, actor: Actor, boardId: string): Promise<void> {
	const { board } = await boardFor(db, actor, boardId, 'read');
	await recordVisit(db, actor.id, board.id, board.lastSeq);
}

/** Which of these boards others changed since the actor last saw them. */
export async function boardsWithNews(
	db: Db,
	actor: Actor,
	boardIds: readonly string[]
): Promise<Set<string>> {
	if (boardIds.length === 0) return new Set();
	const rows = await db
		.selectDistinct({ boardId: boardChanges.boardId })
		.from(boardChanges)
		.leftJoin(
			boardVisits,
			and(eq(boardVisits.boardId, boardChanges.boardId), eq(boardVisits.userId, actor.id))
		)
		.where(
			and(
				inArray(boardChanges.boardId, [...boardIds]),
				isNotNull(boardChanges.userId),
				ne(boardChanges.userId, actor.id),
				gt(boardChanges.toSeq, sql`coalesce(${boardVisits.seq}, 0)`)
			)
		);
	return new Set(rows.map((row) => row.boardId));
}
