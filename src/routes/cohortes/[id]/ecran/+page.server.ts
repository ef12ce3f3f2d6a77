import { error } from '@sveltejs/kit';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { cohortFor } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import { boards } from '$lib/server/db/schema';
import { screenJoin } from '$lib/server/join-qr';
import type { PageServerLoad } from './$types';

/**
 * The presentation screen of a cohort's group séance: only its facilitator opens it. It follows
 * the facilitator onto the cohort's own boards (the group wall, an exercise's template); a
 * participant's copy reaches it only through the séance layer, while that participant consents
 * (`seance.screen`), so this page never lists a copy.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	const { cohort, role } = await cohortFor(db, user, params.id).catch((cause: unknown) =>
		rethrowAsHttp(cause, m.cohort_not_found())
	);
	if (role !== 'facilitator') error(403, m.seance_screen_forbidden());
	const shared = await db
		.select({ id: boards.id, kind: boards.kind, title: boards.title })
		.from(boards)
		.where(and(eq(boards.cohortId, cohort.id), isNull(boards.ownerId), isNull(boards.deletedAt)))
		.orderBy(asc(boards.createdAt));
	return {
		cohortId: cohort.id,
		boards: shared,
		viewer: { id: user.id, name: user.name, role: user.role },
		...(await screenJoin(`/cohortes/${cohort.id}`, url.origin))
	};
};
