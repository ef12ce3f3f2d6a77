import { apiHandler } from '$lib/server/api.http';
import { wallOfCohort } from '$lib/server/cohort-wall.service';
import { getDb } from '$lib/server/db';
import { toggleWallVote } from '$lib/server/wall.service';
import type { RequestHandler } from './$types';

/** Gives or takes back one's +1 on an item of the cohort's wall → `{given}`. */
export const POST: RequestHandler = apiHandler(async (user, { params }) => {
	const db = getDb();
	const wallId = await wallOfCohort(db, user, params.id);
	return { given: await toggleWallVote(db, wallId, params.itemId, user.id) };
});
