import { and, asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { BoardKind } from '../boards/kind.ts';
import { changedEntries, isLockablePart, touchedParts } from '../boards/locks.ts';
import { findBoardKind } from '../boards/registry.ts';
import type { BoardLock } from '../seance/protocol.ts';
import { recordAudit } from './audit.ts';
import { getBilan } from './bilans.service.ts';
import { ValidationError } from './bilans.validation.ts';
import { boardWriterFor } from './board-writer.ts';
import { findBoardWithBilan } from './boards.service.ts';
import type { Db } from './db/index.ts';
import { boardLocks, boards } from './db/schema.ts';
import { findCohortBoard } from './cohort-exercises.service.ts';
import {
	audienceOf,
	mayOpen,
	type PlaceAudience,
	type SeanceViewer
} from './cohort-seance.service.ts';
import { DomainError } from './errors.ts';
import {
	boardAccess,
	canLockBoardOf,
	canViewBilan,
	PermissionError,
	type Actor,
	type BoardOwnerRef
} from './permissions.ts';

/**
 * Board locks: during a séance the consultant locks a board, or a part of it (a pile, a zone, an
 * action…), so that nobody can change it until it is unlocked. The locks are rows of
 * `board_locks`, so they outlive reconnects and restarts; the sync server enforces them (it
 * refuses the updates that touch a locked part, close code 4423) and is told of every change.
 */

const BOARD_NOT_FOUND = 'Ce tableau est introuvable, ou vous n’y avez pas accès.';

/** A board of a bilan or of a cohort, with what decides who locks it; not found otherwise. */
async function lockableBoard(db: Db, actor: Actor, boardId: string) {
	const found = await findBoardWithBilan(db, boardId);
	if (found) {
		if (!canViewBilan(actor, found.bilan)) throw new PermissionError('not_found', BOARD_NOT_FOUND);
		const { board, bilan } = found;
		return {
			board,
			owner: { bilan } as BoardOwnerRef,
			organisationId: bilan.organisationId,
			detail: { bilanId: bilan.id }
		};
	}
	// Only who may open it finds it; the facilitator's rule needs no membership (they have none).
	const cohortBoard = await findCohortBoard(db, actor, boardId);
	if (!cohortBoard) throw new PermissionError('not_found', BOARD_NOT_FOUND);
	const { board, cohort } = cohortBoard;
	return {
		board,
		owner: { cohort, membership: null, board } as BoardOwnerRef,
		organisationId: cohort.organisationId,
		detail: { cohortId: cohort.id }
	};
}

/**
 * Locks (`locked` true) or unlocks a part of a board — `LOCK_WHOLE_BOARD` or a part its kind
 * names (`BoardKind.locks`) — and returns the board's locks after the change. Resolves once this
 * node's sync server refuses the updates touching the new lock; the other nodes follow within the
 * fan-out's latency. A bilan's board: only the consultant in charge; a cohort's: its facilitator
 * (`canLockBoardOf`).
 */
export async function setBoardLock(
	db: Db,
	actor: Actor,
	boardId: string,
	part: unknown,
	locked: boolean
): Promise<BoardLock[]> {
	const { board, owner, organisationId, detail } = await lockableBoard(db, actor, boardId);
	if (!canLockBoardOf(actor, owner)) {
		throw new PermissionError(
			'forbidden',
			'bilan' in owner
				? 'Seul·e la ou le consultant·e qui accompagne ce bilan verrouille ses tableaux.'
				: 'Seule la personne qui anime la cohorte verrouille ses tableaux.'
		);
	}
	if (!isLockablePart(findBoardKind(board.kind), part)) {
		throw new ValidationError({ part: 'Cette partie du tableau ne peut pas être verrouillée.' });
	}
	await db.transaction(async (tx) => {
		const changed = locked
			? await tx
					.insert(boardLocks)
					.values({ boardId: board.id, part, lockedBy: actor.id })
					.onConflictDoNothing()
					.returning({ part: boardLocks.part })
			: await tx
					.delete(boardLocks)
					.where(and(eq(boardLocks.boardId, board.id), eq(boardLocks.part, part)))
					.returning({ part: boardLocks.part });
		if (changed.length === 0) return;
		await recordAudit(tx, {
			organisationId,
			actorId: actor.id,
			action: locked ? 'board.lock' : 'board.unlock',
			targetType: 'board',
			targetId: board.id,
			detail: { ...detail, part }
		});
	});
	// Even when nothing changed: a node that missed the previous change reads the locks again.
	await boardWriterFor(db).locksChanged(board.id);
	return db
		.select({ boardId: boardLocks.boardId, part: boardLocks.part })
		.from(boardLocks)
		.where(eq(boardLocks.boardId, board.id))
		.orderBy(asc(boardLocks.lockedAt), asc(boardLocks.part));
}

/**
 * The locks of every board of a bilan, for its pages and the séance's state; none for someone who
 * may not open its boards (an admin sees the bilan, not its boards).
 */
export async function bilanLocks(db: Db, actor: Actor, bilanId: string): Promise<BoardLock[]> {
	const bilan = await getBilan(db, actor, bilanId);
	if (boardAccess(actor, bilan) === 'none') return [];
	return db
		.select({ boardId: boardLocks.boardId, part: boardLocks.part })
		.from(boardLocks)
		.innerJoin(boards, eq(boards.id, boardLocks.boardId))
		.where(eq(boards.bilanId, bilan.id))
		.orderBy(asc(boardLocks.lockedAt), asc(boardLocks.part));
}

/** A lock of a cohort's board, with who may learn of it (`PlaceAudience`). */
export interface CohortLock extends BoardLock {
	audience: PlaceAudience;
}

/** Every lock of a cohort's boards; `locksFor` tells each person only theirs to know. */
export async function cohortLocks(db: Db, cohortId: string): Promise<CohortLock[]> {
	const rows = await db
		.select({
			boardId: boardLocks.boardId,
			part: boardLocks.part,
			ownerId: boards.ownerId,
			exerciseId: boards.exerciseId
		})
		.from(boardLocks)
		.innerJoin(boards, eq(boards.id, boardLocks.boardId))
		.where(eq(boards.cohortId, cohortId))
		.orderBy(asc(boardLocks.lockedAt), asc(boardLocks.part));
	return rows.map(({ boardId, part, ...board }) => ({
		boardId,
		part,
		audience: audienceOf(board)
	}));
}

/**
 * The locks `viewer` may know of (`mayOpen`): the facilitator every one, a participant those of
 * the group wall and of their own copies — a lock names its board.
 */
export function locksFor(locks: readonly CohortLock[], viewer: SeanceViewer): BoardLock[] {
	return locks
		.filter((lock) => mayOpen(lock.audience, viewer))
		.map(({ boardId, part }) => ({ boardId, part }));
}

/** A change the server makes for someone, refused: it touches a locked part of the board. */
export class BoardLockedError extends DomainError {
	readonly reason = 'locked';
	constructor() {
		super(
			423,
			'Ce tableau est verrouillé pendant la séance : rien n’a été modifié. Réessayez une fois qu’il est déverrouillé.'
		);
	}
}

/**
 * Runs `write` on `doc` (the board `boardId` of `kind`, as stored) for a change the server makes
 * on someone's behalf (a métier added as a piste), and refuses it (`BoardLockedError`) when it
 * touches a locked part, as the sync server refuses a client's update (close 4423): the board
 * writer's path does not check locks, since a restore must go through. The check and the commit
 * are not atomic: a lock set in between lets this one change in, as a keystroke just before it.
 */
export async function writeUnlessLocked(
	db: Db,
	boardId: string,
	kind: BoardKind,
	doc: Y.Doc,
	write: () => void
): Promise<void> {
	const rows = await db
		.select({ part: boardLocks.part })
		.from(boardLocks)
		.where(eq(boardLocks.boardId, boardId));
	if (rows.length === 0) return write();
	const before = new Y.Doc();
	try {
		Y.applyUpdate(before, Y.encodeStateAsUpdate(doc));
		const changed = changedEntries(doc, write);
		const locked = new Set(rows.map((row) => row.part));
		for (const part of touchedParts(kind, before, doc, changed)) {
			if (locked.has(part)) throw new BoardLockedError();
		}
	} finally {
		before.destroy();
	}
}
