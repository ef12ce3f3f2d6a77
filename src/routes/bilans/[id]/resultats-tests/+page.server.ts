import { m } from '$lib/paraglide/messages';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getBilan } from '$lib/server/bilans.service';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { formFile, pdfMaxMegabytes } from '$lib/server/pdf-attachment';
import { addTestResult, deleteTestResult, testResultsOf } from '$lib/server/test-results.service';
import type { Actions, PageServerLoad } from './$types';

/**
 * « Résultats de tests »: the tests taken elsewhere, as the consultant records them. The
 * beneficiary and their consultant read them; an admin learns how many there are, nothing more.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	try {
		const bilan = await getBilan(db, user, params.id);
		return {
			beneficiaryName: bilan.beneficiaryName,
			tests: await testResultsOf(db, user, bilan),
			pdfMaxMegabytes: pdfMaxMegabytes(getConfig().assets.maxBytes)
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};

const FIELDS = ['name', 'takenOn', 'result'] as const;

export const actions: Actions = {
	add: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const data = await request.formData();
		const values = formValues(data, FIELDS);
		try {
			const attachment = await formFile(data.get('attachment'));
			const maxBytes = getConfig().assets.maxBytes;
			await addTestResult(getDb(), user, params.id, values, attachment, maxBytes);
		} catch (cause) {
			return actionFailure(cause, 'add', values);
		}
		return { form: 'add', success: m.tests_added() };
	},

	delete: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['resultId']);
		try {
			await deleteTestResult(getDb(), user, params.id, values.resultId ?? '');
		} catch (cause) {
			return actionFailure(cause, 'delete', values);
		}
		return { form: 'delete', success: m.tests_deleted() };
	}
};
