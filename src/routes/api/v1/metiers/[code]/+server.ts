import { apiHandler } from '$lib/server/api.http';
import { ficheMetier, romeSource, takeMetierRequest } from '$lib/server/metiers.service';
import type { RequestHandler } from './$types';

/** `GET /api/v1/metiers/:code`: the fiche of a code ROME; 400 malformed, 404 unknown, 429 too many. */
export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	takeMetierRequest(user);
	return { metier: ficheMetier(params.code), source: romeSource() };
});
