import { and, asc, eq, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import { ACTION_PLAN_KIND, readPiste, todayIso } from '../boards/action-plan/model.ts';
import {
	ENQUETE_KIND,
	enqueteKind,
	initLinkedEnquete,
	readEnquete,
	type PisteEnquete
} from '../boards/enquete-metier/model.ts';
import {
	BOARD_TITLE_MAX,
	BoardError,
	accessToBoard,
	createBoard,
	findBoardWithBilan,
	type BoardWithBilan
} from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import { bilans, boards } from './db/schema.ts';
import type { Actor } from './permissions.ts';

/**
 * The enquête métier of each piste of an action plan: one board per piste, created from the piste
 * (« Préparer l'enquête métier ») through the board creation service, and knowing its piste and
 * plan (the `link` its server-side init writes, which no client may change). The plan finds its
 * enquêtes through those links, so the two boards point at each other without a column of their
 * own, and deleting either leaves the other whole.
 */

async function readDoc(db: Db, boardId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, (await createBoardStorage(db).readState(boardId)).state);
	return doc;
}

/** The action plan `planBoardId` as `actor` may see it (`access`), or a 404 that reveals nothing. */
async function findPlan(db: Db, actor: Actor, planBoardId: string): Promise<BoardWithBilan> {
	const found = await findBoardWithBilan(db, planBoardId);
	if (!found || found.board.kind !== ACTION_PLAN_KIND || accessToBoard(actor, found) === 'none') {
		throw new BoardError(
			'not_found',
			'Ce plan d’action est introuvable, ou vous n’y avez pas accès.'
		);
	}
	return found;
}

/** The live enquêtes of the plan's pistes, oldest first (one per piste: the oldest wins). */
async function linkedEnquetes(db: Db, bilanId: string, planBoardId: string) {
	const rows = await db
		.select({ id: boards.id })
		.from(boards)
		.where(
			and(eq(boards.bilanId, bilanId), eq(boards.kind, ENQUETE_KIND), isNull(boards.deletedAt))
		)
		.orderBy(asc(boards.createdAt), asc(boards.id));
	const found = new Map<string, PisteEnquete>();
	for (const row of rows) {
		const doc = await readDoc(db, row.id);
		const enquete = readEnquete(doc);
		doc.destroy();
		if (enquete.link?.planBoardId !== planBoardId || found.has(enquete.link.pisteId)) continue;
		found.set(enquete.link.pisteId, {
			pisteId: enquete.link.pisteId,
			boardId: row.id,
			verdict: enquete.verdict
		});
	}
	return found;
}

/** The enquêtes of an action plan's pistes, with their verdicts, for whoever may open the plan. */
export async function planEnquetes(
	db: Db,
	actor: Actor,
	planBoardId: string
): Promise<PisteEnquete[]> {
	const plan = await findPlan(db, actor, planBoardId);
	return [...(await linkedEnquetes(db, plan.bilan.id, planBoardId)).values()];
}

/**
 * The enquête of a piste, created when it has none: its board id. Only someone who may edit the
 * plan opens it this way (creating is editing the bilan). The bilan row is locked while checking,
 * so two people asking at the same moment get the same board, never two.
 */
export async function openEnquete(
	db: Db,
	actor: Actor,
	planBoardId: string,
	pisteId: unknown
): Promise<string> {
	const plan = await findPlan(db, actor, planBoardId);
	if (accessToBoard(actor, plan) !== 'edit') {
		throw new BoardError('forbidden', 'Vous ne pouvez pas préparer d’enquête dans ce bilan.');
	}
	const doc = await readDoc(db, planBoardId);
	const piste = typeof pisteId === 'string' ? readPiste(doc, pisteId, todayIso()) : null;
	doc.destroy();
	if (!piste) throw new BoardError('not_found', 'Cette piste n’existe plus dans le plan d’action.');
	const link = { planBoardId, pisteId: piste.id, pisteTitle: piste.title };
	const kind = { ...enqueteKind, init: (board: Y.Doc) => initLinkedEnquete(board, link) };
	return db.transaction(async (tx) => {
		await tx
			.select({ id: bilans.id })
			.from(bilans)
			.where(eq(bilans.id, plan.bilan.id))
			.for('update');
		const existing = (await linkedEnquetes(tx, plan.bilan.id, planBoardId)).get(piste.id);
		if (existing) return existing.boardId;
		const title = `Enquête métier — ${piste.title}`.slice(0, BOARD_TITLE_MAX);
		const board = await createBoard(tx, actor, plan.bilan.id, { kind: ENQUETE_KIND, title }, [
			kind
		]);
		return board.id;
	});
}
