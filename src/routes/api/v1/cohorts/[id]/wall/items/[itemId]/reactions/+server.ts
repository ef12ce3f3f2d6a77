import { apiHandler, readJsonObject } from '$lib/server/api.http';
import { wallOfCohort } from '$lib/server/cohort-wall.service';
import { getDb } from '$lib/server/db';
import { toggleWallReaction } from '$lib/server/wall.service';
import type { RequestHandler } from './$types';

/** Gives or takes back one's reaction `{reaction}` on an item of the cohort's wall → `{given}`. */
export const POST: RequestHandler = apiHandler(async (user, { params, request }) => {
	const db = getDb();
	const wallId = await wallOfCohort(db, user, params.id);
	const { reaction } = await readJsonObject(request);
	return { given: await toggleWallReaction(db, wallId, params.itemId, reaction, user.id) };
});
