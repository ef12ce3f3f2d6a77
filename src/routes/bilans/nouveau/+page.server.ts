import { redirect } from '@sveltejs/kit';
import { todayValue } from '$lib/bilans/dates';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { bilanCandidates, createBilan } from '$lib/server/bilans.service';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = [
	'beneficiaryId',
	'consultantId',
	'funding',
	'format',
	'startDate',
	'endDate',
	'plannedHours',
	'workingTime'
] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals.user, url);
	const candidates = await bilanCandidates(getDb(), user).catch(rethrowAsHttp);
	return {
		...candidates,
		choosesConsultant: user.role === 'admin',
		defaults: { startDate: todayValue(), plannedHours: '24', workingTime: 'false' }
	};
};

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), FIELDS);
		let id: string;
		try {
			id = (await createBilan(getDb(), user, values)).id;
		} catch (cause) {
			return actionFailure(cause, 'create', values);
		}
		redirect(303, `/bilans/${id}?cree=1`);
	}
};
