import { getBilan } from '$lib/server/bilans.service';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { romeSource, searchMetiers } from '$lib/server/metiers.service';
import type { PageServerLoad } from './$types';

/** Recherche de métiers within a bilan: its fiches offer « Ajouter comme piste ». */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals.user, url);
	const q = url.searchParams.get('q') ?? '';
	try {
		const bilan = await getBilan(getDb(), user, params.id);
		return {
			bilanId: bilan.id,
			q,
			results: q.trim() ? searchMetiers(q) : null,
			source: romeSource()
		};
	} catch (cause) {
		rethrowAsHttp(cause);
	}
};
