import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { findBoardWithBilan } from '$lib/server/boards.service';
import { getDb } from '$lib/server/db';
import { getBoardSnapshots, listSnapshots } from '$lib/server/snapshots.service';
import type { PageServerLoad } from './$types';

/** A board's snapshots (its history), and two of them compared when `avant` and `apres` are set. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	const found = await findBoardWithBilan(db, params.boardId, { deleted: true });
	if (!found || found.bilan.id !== params.id.toLowerCase()) error(404, m.board_not_found());
	try {
		const snapshots = await listSnapshots(db, user, found.board.id);
		const before = url.searchParams.get('avant') ?? '';
		const after = url.searchParams.get('apres') ?? '';
		const pair =
			before && after ? await getBoardSnapshots(db, user, found.board.id, [before, after]) : [];
		return {
			board: {
				id: found.board.id,
				kind: found.board.kind,
				title: found.board.title,
				deleted: found.board.deletedAt !== null
			},
			bilanId: found.bilan.id,
			snapshots,
			selected: { before, after },
			compared: pair.length === 2 ? { before: pair[0]!, after: pair[1]! } : null
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.board_not_found());
	}
};
