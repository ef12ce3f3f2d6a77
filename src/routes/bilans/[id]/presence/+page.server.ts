import { toDateTimeLocalValue } from '$lib/bilans/dates';
import { m } from '$lib/paraglide/messages';
import { signAttendanceAction } from '$lib/server/attendance.http';
import { attendanceSheet, signAttendance } from '$lib/server/attendance.service';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { endSeance, suggestedEnd } from '$lib/server/rendezvous.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const now = new Date();
	try {
		const sheet = await attendanceSheet(getDb(), user, params.id, now);
		// What the "real end" field of each séance not yet ended starts with (Paris wall clock).
		const endValues = Object.fromEntries(
			sheet.rendezVous.map((item) => [
				item.rendezVous.id,
				toDateTimeLocalValue(suggestedEnd(item.rendezVous, now))
			])
		);
		return { sheet, now, endValues };
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};

const END_FIELDS = ['rendezVousId', 'endedAt'] as const;

export const actions: Actions = {
	sign: (event) => signAttendanceAction(event, 'rendezVousId', signAttendance),

	end: async ({ locals, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), END_FIELDS);
		try {
			await endSeance(getDb(), user, values.rendezVousId, { endedAt: values.endedAt });
		} catch (cause) {
			return actionFailure(cause, 'end', values);
		}
		return { form: 'end', values, success: m.attendance_end_done() };
	}
};
