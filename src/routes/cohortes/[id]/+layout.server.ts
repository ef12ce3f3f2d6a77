import { cohortWall } from '$lib/server/cohort-wall.service';
import { liveCohortSeanceOf } from '$lib/server/cohort-seance.service';
import { cohortFor, CohortError } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import { seancePart } from '$lib/server/permissions';
import type { LayoutServerLoad } from './$types';

/**
 * What every page of a cohort needs to show its group séance: whether the viewer takes part (its
 * facilitator, who leads, and its participants once the charter is accepted; never an admin nor
 * someone still joining), the séance in progress when the page is rendered, and the group wall
 * (suivez-moi brings people to its own page). A cohort the viewer may not see is left to each
 * page's own load (its 404 and words).
 */
export const load: LayoutServerLoad = async ({ locals, params }) => {
	const user = locals.user;
	if (!user) return { seance: null };
	const db = getDb();
	const access = await cohortFor(db, user, params.id).catch((cause: unknown) => {
		if (cause instanceof CohortError) return null;
		throw cause;
	});
	const part = access && seancePart(user, { cohort: access.cohort, membership: access.membership });
	if (!access || !part) return { seance: null };
	const { cohort } = access;
	const [live, wall] = await Promise.all([
		liveCohortSeanceOf(db, cohort.id),
		cohortWall(db, cohort)
	]);
	return {
		seance: {
			cohortId: cohort.id,
			viewerId: user.id,
			leads: part.leads,
			wall,
			live: live && { rendezVousId: live.id }
		}
	};
};
