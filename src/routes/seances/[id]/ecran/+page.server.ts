import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { listBoards } from '$lib/server/boards.service';
import { getDb } from '$lib/server/db';
import { screenJoin } from '$lib/server/join-qr';
import { canEndSeance } from '$lib/server/permissions';
import { visibleRendezVous } from '$lib/server/rendezvous.service';
import type { PageServerLoad } from './$types';

/**
 * The presentation screen of a séance (a projector in the room): only the consultant who leads
 * the bilan opens it. It shows the board the consultant is on, so it needs the bilan's boards,
 * and a QR code of the bilan's page for the people in the room to join on their own device.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	const found = await visibleRendezVous(db, user, params.id).catch((cause: unknown) =>
		rethrowAsHttp(cause, m.seance_screen_not_found())
	);
	const { item, bilan } = found;
	if (!canEndSeance(user, bilan)) error(403, m.seance_screen_forbidden());
	const boards = await listBoards(db, user, bilan);
	return {
		rendezVous: {
			id: item.id,
			started: item.startedAt !== null,
			ended: item.endedAt !== null
		},
		bilanId: bilan.id,
		boards: boards.map((board) => ({ id: board.id, kind: board.kind, title: board.title })),
		viewer: { id: user.id, name: user.name, role: user.role },
		...(await screenJoin(`/bilans/${bilan.id}`, url.origin))
	};
};
