import { todayValue } from '$lib/bilans/dates';
import { m } from '$lib/paraglide/messages';
import { zipDownload } from '$lib/server/archive.http';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { ownCopiesArchive } from '$lib/server/cohort-end.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The participant's own copies of the cohort's exercises, as a ZIP (audited); 404 for others. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const bytes = await ownCopiesArchive(getDb(), user, params.id);
		return zipDownload(bytes, `mes-exercices-cohorte-${todayValue()}.zip`);
	} catch (cause) {
		rethrowAsHttp(cause, m.cohort_not_found());
	}
};
