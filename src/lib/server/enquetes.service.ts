import { eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { ACTION_PLAN_KIND, readPiste, todayIso } from '../boards/action-plan/model.ts';
import {
	ENQUETE_KIND,
	enqueteKind,
	enqueteOfPlan,
	initLinkedEnquete,
	type PisteEnquete
} from '../boards/enquete-metier/model.ts';
import {
	BOARD_TITLE_MAX,
	BoardError,
	accessToBoard,
	boardIdsOfKind,
	createBoard,
	findBoardWithBilan,
	readBoardDoc,
	type BoardWithBilan
} from './boards.service.ts';
import type { Db, Tx } from './db/index.ts';
import { bilans } from './db/schema.ts';
import type { Actor } from './permissions.ts';

/**
 * The enquête métier of each piste of an action plan: one board per piste, created from the piste
 * (« Préparer l'enquête métier ») through the board creation service, and knowing its piste and
 * plan (the `link` its server-side init writes, which no client may change). The plan finds its
 * enquêtes through those links (`enqueteOfPlan`; its board page reads them as `related`), so the
 * two boards point at each other without a column of their own, and deleting either leaves the
 * other whole.
 */

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

/** The live enquêtes of the plan's pistes, by piste (one per piste: the oldest wins). */
async function linkedEnquetes(db: Db | Tx, bilanId: string, planBoardId: string) {
	const found = new Map<string, PisteEnquete>();
	for (const id of await boardIdsOfKind(db, bilanId, ENQUETE_KIND)) {
		const doc = await readBoardDoc(db, id);
		const enquete = enqueteOfPlan(doc, id, planBoardId);
		doc.destroy();
		if (enquete && !found.has(enquete.pisteId)) found.set(enquete.pisteId, enquete);
	}
	return found;
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
	const doc = await readBoardDoc(db, planBoardId);
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
