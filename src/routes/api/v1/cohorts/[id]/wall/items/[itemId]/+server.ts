import { apiHandler } from '$lib/server/api.http';
import { wallOfCohort } from '$lib/server/cohort-wall.service';
import { getDb } from '$lib/server/db';
import { withdrawFromWall } from '$lib/server/wall.service';
import type { RequestHandler } from './$types';

/** Withdraws one's own item from the cohort's group wall (403 for someone else's). */
export const DELETE: RequestHandler = apiHandler(async (user, { params }) => {
	const db = getDb();
	await withdrawFromWall(db, await wallOfCohort(db, user, params.id), params.itemId, user.id);
	return { withdrawn: true };
});
