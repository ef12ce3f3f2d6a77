import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { actionFailure, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getBilan } from '$lib/server/bilans.service';
import { closeBilan, getClosure, recordAgreement } from '$lib/server/closure.service';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	try {
		const view = await getClosure(db, user, params.id);
		const { beneficiaryName } = await getBilan(db, user, params.id);
		return {
			...view,
			beneficiaryName,
			isBeneficiary: view.bilan.beneficiaryId === user.id
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};

export const actions: Actions = {
	agree: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const form = await request.formData();
		const synthese = form.get('synthese');
		const boardIds = form.getAll('boardIds');
		const testResults = form.get('testResults') ?? undefined;
		try {
			await recordAgreement(getDb(), user, params.id, { synthese, boardIds, testResults });
		} catch (cause) {
			return actionFailure(cause, 'agree', {});
		}
		return { form: 'agree', success: m.closure_agree_saved() };
	},

	close: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const form = await request.formData();
		if (form.get('confirm') !== 'on') {
			return fail(400, {
				form: 'close',
				values: {},
				errors: { confirm: m.gdpr_confirm_required() } as Record<string, string>
			});
		}
		try {
			await closeBilan(getDb(), user, params.id, {
				withoutSynthese: form.get('withoutSynthese') === 'on'
			});
		} catch (cause) {
			return actionFailure(cause, 'close', {});
		}
		return { form: 'close', success: m.closure_closed_done() };
	}
};
