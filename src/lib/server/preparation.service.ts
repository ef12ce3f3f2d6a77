import * as Y from 'yjs';
import {
	PREPARATION_KIND,
	initPreparation,
	preparationKind,
	type PreparationSummary
} from '../boards/preparation/model.ts';
import { ensureManagedBoard, liveSummary } from './boards.service.ts';
import type { Db } from './db/index.ts';
import { boardAccess, type Actor } from './permissions.ts';
import type { Bilan } from './db/schema.ts';

/**
 * « Pourquoi ce bilan ? » (phase préliminaire): one board of kind `preparation` per bilan,
 * created when someone who may edit the bilan's boards first opens its page (a new bilan as an
 * older one), so it is there first. Like board content, it belongs to the beneficiary and their
 * consultant: an admin learns nothing of it.
 */

export const PREPARATION_TITLE = 'Pourquoi ce bilan ?';

/** The bilan's préparation board, created when missing (never two). No permission check. */
export function ensurePreparationBoard(db: Db, bilanId: string, createdBy: string | null) {
	return ensureManagedBoard(
		db,
		{ bilanId, kind: PREPARATION_KIND, title: PREPARATION_TITLE, createdBy },
		async () => {
			const doc = new Y.Doc();
			initPreparation(doc);
			const data = Y.encodeStateAsUpdate(doc);
			doc.destroy();
			return data;
		}
	);
}

/**
 * The préparation as the bilan's page shows it (its board and what it holds now), created on the
 * first visit of someone who may edit; null for whoever may not open the bilan's boards, or
 * while a read-only bilan never had one.
 */
export async function bilanPreparation(
	db: Db,
	actor: Actor,
	bilan: Pick<Bilan, 'id'> & Parameters<typeof boardAccess>[1]
): Promise<{ board: { id: string; title: string }; summary: PreparationSummary } | null> {
	const access = boardAccess(actor, bilan);
	if (access === 'none') return null;
	if (access === 'edit') await ensurePreparationBoard(db, bilan.id, actor.id);
	return liveSummary(db, bilan.id, preparationKind);
}
