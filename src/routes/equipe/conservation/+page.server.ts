import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { carryOutErasure } from '$lib/server/gdpr.service';
import { COHORT_NOTICE_DAYS, retentionOverview } from '$lib/server/retention.service';
import type { Actions, PageServerLoad } from './$types';

/**
 * Retention states of the organisation's bilans and cohorts, and erasure requests: dates and
 * counts, no content.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals.user, url);
	try {
		return { ...(await retentionOverview(getDb(), user)), cohortNoticeDays: COHORT_NOTICE_DAYS };
	} catch (cause) {
		rethrowAsHttp(cause);
	}
};

export const actions: Actions = {
	erase: async ({ locals, request, url }) => {
		const user = requireUser(locals.user, url);
		const form = await request.formData();
		const userId = String(form.get('userId') ?? '');
		if (form.get('confirm') !== 'on') {
			return fail(400, { userId, error: m.gdpr_confirm_required() });
		}
		try {
			await carryOutErasure(getDb(), user, userId);
		} catch (cause) {
			rethrowAsHttp(cause);
		}
		return { success: m.retention_erase_done() };
	}
};
