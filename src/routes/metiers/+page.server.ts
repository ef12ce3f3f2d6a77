import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { romeSource, searchMetiers } from '$lib/server/metiers.service';
import type { PageServerLoad } from './$types';

/** Recherche de métiers: the ROME's job titles and métiers, for any signed-in person. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals.user, url);
	const q = url.searchParams.get('q') ?? '';
	try {
		return { q, results: q.trim() ? searchMetiers(q) : null, source: romeSource() };
	} catch (cause) {
		rethrowAsHttp(cause);
	}
};
