import { redirect } from '@sveltejs/kit';
import { listBilans } from '$lib/server/bilans.service';
import { getDb } from '$lib/server/db';
import { recentConsultantChanges } from '$lib/server/journal.service';
import { describeMe } from '$lib/server/me.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	const db = getDb();
	const me = await describeMe(db, locals.user);
	return {
		me,
		bilans: await listBilans(db, locals.user),
		// A beneficiary is told when someone else put a new consultant in charge of their bilan.
		consultantChanges: await recentConsultantChanges(db, locals.user)
	};
};
