import { fail, redirect } from '@sveltejs/kit';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { joinByCode } from '$lib/server/cohort-members.service';
import { CohortError, cohortByCode } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** The join link: a signed-in beneficiary of the cohort's organisation joins, then reads the charter. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const cohort = await cohortByCode(getDb(), params.code);
	// Another organisation's code says no more than an unknown one.
	const valid = cohort && cohort.organisationId === user.organisationId;
	return { cohort: valid ? { name: cohort.name } : null };
};

export const actions: Actions = {
	join: async ({ locals, params, url }) => {
		const user = requireUser(locals.user, url);
		let id: string;
		try {
			id = (await joinByCode(getDb(), user, params.code)).id;
		} catch (cause) {
			if (cause instanceof CohortError) return fail(cause.status, { error: cause.message });
			rethrowAsHttp(cause);
		}
		redirect(303, `/cohortes/${id}/charte`);
	}
};
