import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/bilans.http';
import { findCohortBoard } from '$lib/server/cohort-exercises.service';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/**
 * A cohort's board: a participant's private copy (theirs and the facilitator's only) or an
 * exercise's template (the facilitator's). Anyone else gets the same 404 as for no board.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const found = await findCohortBoard(getDb(), user, params.boardId);
	if (!found || found.cohort.id !== params.id.toLowerCase()) error(404, m.board_not_found());
	return {
		board: { id: found.board.id, kind: found.board.kind, title: found.board.title },
		cohortId: found.cohort.id,
		access: found.access,
		ownerName: found.ownerName,
		// Its participant, while they may edit it, shares from it to the group wall.
		canShare: found.board.ownerId === user.id && found.access === 'edit',
		viewer: { id: user.id, name: user.name, role: user.role }
	};
};
