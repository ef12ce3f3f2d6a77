import { apiHandler, bilanJson } from '$lib/server/api.http';
import { listBilans } from '$lib/server/bilans.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The bilans the caller may see; `?phase=` filters (an unknown phase is a 400). */
export const GET: RequestHandler = apiHandler(async (user, { url }) => {
	const bilans = await listBilans(getDb(), user, { phase: url.searchParams.get('phase') });
	return { bilans: bilans.map(bilanJson) };
});
