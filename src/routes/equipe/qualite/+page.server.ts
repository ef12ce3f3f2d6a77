import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { questionnaireStats } from '$lib/server/questionnaires.service';
import type { PageServerLoad } from './$types';

/** Qualiopi 30 for the organisation: aggregated answers, comments without names (admins). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals.user, url);
	try {
		return { stats: await questionnaireStats(getDb(), user) };
	} catch (cause) {
		rethrowAsHttp(cause);
	}
};
