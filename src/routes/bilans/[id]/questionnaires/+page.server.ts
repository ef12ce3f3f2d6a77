import { m } from '$lib/paraglide/messages';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { listQuestionnaires, submitQuestionnaire } from '$lib/server/questionnaires.service';
import type { Actions, PageServerLoad } from './$types';

/** The bilan's two satisfaction questionnaires: answered by the beneficiary, once each. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const view = await listQuestionnaires(getDb(), user, params.id);
		return { canAnswer: view.canAnswer, items: view.items };
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};

const ANSWER_FIELDS = [
	'questionnaire',
	'satisfaction',
	'objectives',
	'recommend',
	'comment',
	'situation',
	'actionsTaken'
] as const;

export const actions: Actions = {
	default: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ANSWER_FIELDS);
		try {
			await submitQuestionnaire(getDb(), user, params.id, values.questionnaire!, values);
		} catch (cause) {
			return actionFailure(cause, values.questionnaire!, values);
		}
		return { form: values.questionnaire, success: m.questionnaire_sent() };
	}
};
