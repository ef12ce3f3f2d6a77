import { apiHandler, bilanJson, rendezVousJson } from '$lib/server/api.http';
import { getBilan } from '$lib/server/bilans.service';
import { listBoards } from '$lib/server/boards.service';
import { boardAccess } from '$lib/server/permissions';
import { getDb } from '$lib/server/db';
import { listRendezVous } from '$lib/server/rendezvous.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	const db = getDb();
	const bilan = await getBilan(db, user, params.id);
	const rendezVous = await listRendezVous(db, user, bilan.id);
	const json = { ...bilanJson(bilan), rendezVous: rendezVous.map(rendezVousJson) };
	// Boards (id, kind, title, last activity) only for those who may open them: an admin gets
	// the metadata alone, not even a hint that boards exist.
	if (boardAccess(user, bilan) === 'none') return { bilan: json };
	const boards = await listBoards(db, user, bilan);
	return {
		bilan: { ...json, boards: boards.map((board) => ({ ...board, syncPath: `/yjs/${board.id}` })) }
	};
});
