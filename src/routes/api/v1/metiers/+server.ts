import { apiHandler } from '$lib/server/api.http';
import {
	MetierError,
	romeSource,
	searchMetiers,
	suggestMetiers,
	takeMetierRequest
} from '$lib/server/metiers.service';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/metiers?q=…`: métiers matching the words, best first; `?centres=3,12,7`: métiers
 * suggested for these centres d'intérêt, the most attracting first. `limit` 1 to 50.
 * Per person at most `METIER_REQUESTS_BURST` at once (429).
 */
export const GET: RequestHandler = apiHandler(async (user, { url }) => {
	takeMetierRequest(user);
	const q = url.searchParams.get('q');
	const centres = url.searchParams.get('centres');
	const limit = url.searchParams.get('limit');
	if ((q === null) === (centres === null)) {
		throw new MetierError(
			'bad_request',
			'Donnez soit une recherche (q), soit des centres d’intérêt.'
		);
	}
	const metiers = q !== null ? searchMetiers(q, limit) : suggestMetiers(centres!, limit);
	return { metiers, source: romeSource() };
});
