import { m } from '$lib/paraglide/messages';
import { todayValue } from '$lib/bilans/dates';
import { zipDownload } from '$lib/server/archive.http';
import { bilanArchive } from '$lib/server/archive.service';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The bilan's whole file as a ZIP, for the beneficiary and their consultant (audited). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const bytes = await bilanArchive(getDb(), user, params.id);
		return zipDownload(bytes, `dossier-bilan-${todayValue()}.zip`);
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};
