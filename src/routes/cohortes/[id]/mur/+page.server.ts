import { error } from '@sveltejs/kit';
import { WALL_KIND } from '$lib/boards/mur/model';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { cohortWall } from '$lib/server/cohort-wall.service';
import { cohortFor } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import { accessToBoardOf, canTakePartInWall } from '$lib/server/permissions';
import { memberKey, ownWallItems } from '$lib/server/wall.service';
import type { PageServerLoad } from './$types';

/**
 * The cohort's group wall: the facilitator edits it (clusters, comments), participants read it
 * live and take part through the wall's endpoints. Anyone else: 404.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	const { cohort, role, membership } = await cohortFor(db, user, params.id).catch((cause) =>
		rethrowAsHttp(cause, m.cohort_not_found())
	);
	const wall = await cohortWall(db, cohort).catch((cause) => rethrowAsHttp(cause));
	const access = accessToBoardOf(user, {
		cohort,
		membership,
		board: { ownerId: null, exerciseId: null }
	});
	if (access === 'none') error(404, m.cohort_not_found());
	const takesPart = canTakePartInWall(role, cohort);
	return {
		board: { id: wall.id, kind: WALL_KIND, title: wall.title },
		cohortId: cohort.id,
		access,
		viewer: { id: user.id, name: user.name, role: user.role },
		participation: takesPart
			? {
					memberKey: await memberKey(db, wall.id, user.id),
					ownItemIds: await ownWallItems(db, wall.id, user.id)
				}
			: null
	};
};
