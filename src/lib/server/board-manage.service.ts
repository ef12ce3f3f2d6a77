import { eq } from 'drizzle-orm';
import { findBoardKind } from '../boards/registry.ts';
import { recordAudit } from './audit.ts';
import { ValidationError } from './bilans.validation.ts';
import {
	BoardError,
	boardTitle,
	findBoardWithBilan,
	type BoardWithBilan
} from './boards.service.ts';
import type { Db } from './db/index.ts';
import { boards } from './db/schema.ts';
import { boardAccess, canDeleteBoard, canRenameBoard, type Actor } from './permissions.ts';
import { evictBoards } from './retention.service.ts';
import { insertSnapshot } from './snapshots.service.ts';

/**
 * Renaming and deleting a bilan's exercise boards. A deleted board leaves the live side (lists,
 * its page, the sync server) but not the record: it is snapshotted one last time, and its
 * snapshots stay listed and viewable until the close destroys what is not kept (R6313-7). The
 * managed boards (the synthèse, the préparation: one per bilan) are neither renamed nor deleted.
 */

const NOT_FOUND = 'Ce tableau est introuvable, ou vous n’y avez pas accès.';
export const DELETE_UNCONFIRMED = 'Cochez la case pour confirmer la suppression du tableau.';
/** The label of the snapshot taken just before a board is deleted. */
export const DELETE_SNAPSHOT_LABEL = 'Avant suppression';

/** A live exercise board of `bilanId` that the actor works on; the same not-found otherwise. */
async function ownBoard(
	db: Db,
	actor: Actor,
	bilanId: string,
	boardId: string
): Promise<BoardWithBilan> {
	const found = await findBoardWithBilan(db, boardId);
	if (
		!found ||
		found.bilan.id !== bilanId.toLowerCase() ||
		findBoardKind(found.board.kind)?.managed ||
		boardAccess(actor, found.bilan) === 'none'
	) {
		throw new BoardError('not_found', NOT_FOUND);
	}
	return found;
}

/** Gives a board a new title (the consultant or the beneficiary, while the bilan is open). */
export async function renameBoard(
	db: Db,
	actor: Actor,
	bilanId: string,
	boardId: string,
	input: { title?: unknown }
): Promise<{ id: string; title: string }> {
	const found = await ownBoard(db, actor, bilanId, boardId);
	if (!canRenameBoard(actor, found.bilan)) {
		throw new BoardError('forbidden', 'Ce tableau est en lecture seule.');
	}
	const title = boardTitle(input.title);
	return db.transaction(async (tx) => {
		await tx.update(boards).set({ title }).where(eq(boards.id, found.board.id));
		await recordAudit(tx, {
			organisationId: found.bilan.organisationId,
			actorId: actor.id,
			action: 'board.rename',
			targetType: 'board',
			targetId: found.board.id,
			detail: { bilanId: found.bilan.id, kind: found.board.kind }
		});
		return { id: found.board.id, title };
	});
}

/**
 * Deletes a board (the consultant in charge, after an explicit confirmation): a last snapshot
 * ("Avant suppression") keeps its latest state in the record, the board is marked deleted, and
 * once committed its open connections are closed for good (4404) on every node.
 */
export async function deleteBoard(
	db: Db,
	actor: Actor,
	bilanId: string,
	boardId: string,
	input: { confirm?: unknown },
	now: Date = new Date()
): Promise<{ id: string; title: string; snapshotId: string }> {
	const found = await ownBoard(db, actor, bilanId, boardId);
	if (!canDeleteBoard(actor, found.bilan)) {
		throw new BoardError('forbidden', 'Seul·e le ou la consultant·e du bilan supprime un tableau.');
	}
	if (input.confirm !== true && input.confirm !== 'on') {
		throw new ValidationError({ confirm: DELETE_UNCONFIRMED });
	}
	const result = await db.transaction(async (tx) => {
		// Locked: a second click, or the other person's, finds it deleted.
		const [row] = await tx
			.select({ deletedAt: boards.deletedAt })
			.from(boards)
			.where(eq(boards.id, found.board.id))
			.for('update');
		if (!row || row.deletedAt) throw new BoardError('not_found', NOT_FOUND);
		const snapshot = await insertSnapshot(tx, {
			board: found.board,
			phase: found.bilan.phase,
			trigger: 'manual',
			label: DELETE_SNAPSHOT_LABEL,
			actorId: actor.id
		});
		await tx.update(boards).set({ deletedAt: now }).where(eq(boards.id, found.board.id));
		await recordAudit(tx, {
			organisationId: found.bilan.organisationId,
			actorId: actor.id,
			action: 'board.delete',
			targetType: 'board',
			targetId: found.board.id,
			detail: { bilanId: found.bilan.id, kind: found.board.kind, snapshotId: snapshot.id }
		});
		return { id: found.board.id, title: found.board.title, snapshotId: snapshot.id };
	});
	evictBoards([result.id]);
	return result;
}
