import { redirect } from '@sveltejs/kit';
import { actionFailure, formValues, requireUser } from '$lib/server/bilans.http';
import { createCohort, facilitatorChoices, listCohorts } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import { canCreateCohort } from '$lib/server/permissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	return {
		cohorts: await listCohorts(db, user),
		canCreate: canCreateCohort(user),
		facilitators: await facilitatorChoices(db, user)
	};
};

export const actions: Actions = {
	create: async ({ locals, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), [
			'name',
			'startDate',
			'capacity',
			'facilitatorId'
		]);
		let id: string;
		try {
			id = (await createCohort(getDb(), user, values)).id;
		} catch (cause) {
			return actionFailure(cause, 'create', values);
		}
		redirect(303, `/cohortes/${id}`);
	}
};
