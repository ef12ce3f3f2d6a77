import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { readJournal } from '$lib/server/journal.service';
import type { PageServerLoad } from './$types';

/** The bilan's journal, 50 events a page, older ones through `?avant=<event id>`. */
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	const user = requireUser(locals.user, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	const raw = url.searchParams.get('avant');
	const before = raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
	try {
		return {
			journal: await readJournal(getDb(), user, params.id, { before }),
			paged: before !== null
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};
