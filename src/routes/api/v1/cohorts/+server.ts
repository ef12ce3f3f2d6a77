import { json } from '@sveltejs/kit';
import { apiHandler, readJsonObject } from '$lib/server/api.http';
import { cohortJson } from '$lib/server/cohorts.http';
import { createCohort, listCohorts } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The cohorts the caller sees (metadata: dates, counts). */
export const GET: RequestHandler = apiHandler(async (user) => {
	return { cohorts: await listCohorts(getDb(), user) };
});

/**
 * `POST /api/v1/cohorts` with `{"name", "startDate", "capacity"?, "facilitatorId"?}` (an admin
 * names the facilitator, a consultant facilitates by default): 201 with the cohort.
 */
export const POST: RequestHandler = apiHandler(async (user, { request }) => {
	const input = await readJsonObject(request);
	const cohort = await createCohort(getDb(), user, {
		name: input.name,
		startDate: input.startDate,
		capacity: input.capacity,
		facilitatorId: input.facilitatorId
	});
	return json(
		{ cohort: cohortJson(cohort, user.role === 'consultant' ? 'facilitator' : 'admin') },
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
});
