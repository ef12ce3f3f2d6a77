import { apiHandler } from '$lib/server/api.http';
import { ficheMetier, romeSource } from '$lib/server/metiers.service';
import type { RequestHandler } from './$types';

/** `GET /api/v1/metiers/:code`: the fiche of a code ROME; 400 malformed, 404 unknown. */
export const GET: RequestHandler = apiHandler(async (_user, { params }) => ({
	metier: ficheMetier(params.code),
	source: romeSource()
}));
