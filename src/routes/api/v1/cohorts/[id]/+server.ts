import { apiHandler } from '$lib/server/api.http';
import { listExercises } from '$lib/server/cohort-exercises.service';
import { cohortJson, cohortSeanceJson } from '$lib/server/cohorts.http';
import { cohortFor, CohortError, listPeople, listSeances } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * A cohort with its participants, séances and the exercises handed out: for its facilitator and
 * its participants (a participant's own copy only); 404 for anyone else, the admin included (the
 * admin's metadata is in the list and on the page).
 */
export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	const db = getDb();
	const access = await cohortFor(db, user, params.id);
	if (access.role === 'admin') {
		throw new CohortError(
			'not_found',
			'Cette cohorte est introuvable, ou vous n’y avez pas accès.'
		);
	}
	const exercises = await listExercises(db, access);
	return {
		cohort: {
			...cohortJson(access.cohort, access.role),
			participants: await listPeople(db, access),
			seances: (await listSeances(db, access.cohort.id)).map(cohortSeanceJson),
			exercises: exercises.map((e) => ({
				id: e.id,
				kind: e.kind,
				title: e.title,
				handedOutAt: e.handedOutAt?.toISOString() ?? null,
				...(access.role === 'facilitator'
					? { copies: e.copies, templateBoardId: e.templateBoardId }
					: { boardId: e.myBoardId, carriedToBilanId: e.carriedToBilanId })
			}))
		}
	};
});
