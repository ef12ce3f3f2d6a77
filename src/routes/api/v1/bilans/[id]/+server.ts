import { apiHandler, bilanJson, rendezVousJson } from '$lib/server/api.http';
import { getBilan } from '$lib/server/bilans.service';
import { listBoards } from '$lib/server/boards.service';
import { getDb } from '$lib/server/db';
import { listRendezVous } from '$lib/server/rendezvous.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	const db = getDb();
	const bilan = await getBilan(db, user, params.id);
	const rendezVous = await listRendezVous(db, user, bilan.id);
	// Boards (id, kind, title, last activity) for those who may open them; [] for an admin.
	const boards = await listBoards(db, user, bilan);
	return {
		bilan: {
			...bilanJson(bilan),
			rendezVous: rendezVous.map(rendezVousJson),
			boards: boards.map((board) => ({ ...board, syncPath: `/yjs/${board.id}` }))
		}
	};
});
