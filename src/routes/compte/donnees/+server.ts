import { todayValue } from '$lib/bilans/dates';
import { zipDownload } from '$lib/server/archive.http';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { exportMyData } from '$lib/server/gdpr.service';
import type { RequestHandler } from './$types';

/** GDPR portability: everything about the signed-in beneficiary, as a ZIP (audited). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const bytes = await exportMyData(getDb(), user);
		return zipDownload(bytes, `mes-donnees-atelier-${todayValue()}.zip`);
	} catch (cause) {
		rethrowAsHttp(cause);
	}
};
