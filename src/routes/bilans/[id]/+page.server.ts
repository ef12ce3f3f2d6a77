import { m } from '$lib/paraglide/messages';
import { phaseLabel } from '$lib/bilans/labels';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import {
	assignConsultant,
	bilanCandidates,
	getBilan,
	movePhase,
	updateBilan
} from '$lib/server/bilans.service';
import { getDb } from '$lib/server/db';
import { canAssignConsultant, canManageBilan } from '$lib/server/permissions';
import { addRendezVous, listRendezVous } from '$lib/server/rendezvous.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	try {
		const bilan = await getBilan(db, user, params.id);
		const canAssign = canAssignConsultant(user, bilan);
		return {
			bilan,
			rendezVous: await listRendezVous(db, user, bilan.id),
			canManage: canManageBilan(user, bilan),
			canAssign,
			consultants: canAssign ? (await bilanCandidates(db, user)).consultants : [],
			created: url.searchParams.has('cree')
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};

const EDIT_FIELDS = ['funding', 'format', 'startDate', 'endDate', 'plannedHours'] as const;
const RDV_FIELDS = ['startsAt', 'durationMinutes', 'mode', 'phase'] as const;

export const actions: Actions = {
	update: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), EDIT_FIELDS);
		try {
			await updateBilan(getDb(), user, params.id, values);
		} catch (cause) {
			return actionFailure(cause, 'update', values);
		}
		return { form: 'update', success: m.bilan_edit_saved() };
	},

	phase: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['phase']);
		try {
			const bilan = await movePhase(getDb(), user, params.id, values.phase);
			return { form: 'phase', success: m.bilan_phase_moved({ phase: phaseLabel(bilan.phase) }) };
		} catch (cause) {
			return actionFailure(cause, 'phase', values);
		}
	},

	assign: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['consultantId']);
		const db = getDb();
		try {
			const bilan = await assignConsultant(db, user, params.id, values.consultantId);
			const { consultantName } = await getBilan(db, user, bilan.id);
			return { form: 'assign', success: m.bilan_assign_done({ name: consultantName ?? '' }) };
		} catch (cause) {
			return actionFailure(cause, 'assign', values);
		}
	},

	rendezvous: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), RDV_FIELDS);
		try {
			await addRendezVous(getDb(), user, params.id, values);
		} catch (cause) {
			return actionFailure(cause, 'rendezvous', values);
		}
		return { form: 'rendezvous', success: m.bilan_rdv_added() };
	}
};
