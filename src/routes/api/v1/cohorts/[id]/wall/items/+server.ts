import { json } from '@sveltejs/kit';
import { apiHandler, readJsonObject } from '$lib/server/api.http';
import { wallOfCohort } from '$lib/server/cohort-wall.service';
import { getDb } from '$lib/server/db';
import { postToWall } from '$lib/server/wall.service';
import type { RequestHandler } from './$types';

/**
 * Shares an item on the cohort's group wall: `{text, anonymous, sourceKind}` → 201 `{itemId}`.
 * Its participants (charter accepted) and facilitator only; 404 for anyone else.
 */
export const POST: RequestHandler = apiHandler(async (user, { params, request }) => {
	const db = getDb();
	const wallId = await wallOfCohort(db, user, params.id);
	const body = await readJsonObject(request);
	const itemId = await postToWall(
		db,
		wallId,
		{
			text: body.text,
			authorName: body.anonymous === true ? null : user.name,
			sourceKind: body.sourceKind
		},
		user.id
	);
	return json({ itemId }, { status: 201 });
});
