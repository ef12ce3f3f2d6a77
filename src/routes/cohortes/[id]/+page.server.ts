import { fail, redirect } from '@sveltejs/kit';
import { boardKinds, exerciseKinds } from '$lib/boards/registry';
import { m } from '$lib/paraglide/messages';
import { signAttendanceAction } from '$lib/server/attendance.http';
import { InvitationError } from '$lib/server/auth/invitations';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import {
	carryIntoBilan,
	carryTargets,
	createExercise,
	handOut,
	listExercises
} from '$lib/server/cohort-exercises.service';
import {
	cohortFor,
	countMembers,
	listPeople,
	listSeances,
	addSeance,
	regenerateJoinCode
} from '$lib/server/cohorts.service';
import { inviteToCohort } from '$lib/server/cohort-members.service';
import { cohortAttendanceSheet, signCohortAttendance } from '$lib/server/cohort-attendance.service';
import { cohortCounts, cohortEndView, endCohort } from '$lib/server/cohort-end.service';
import {
	endCohortSeance,
	liveCohortSeanceOf,
	startCohortSeance
} from '$lib/server/cohort-seance.service';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { logError } from '$lib/server/log';
import { createMailer } from '$lib/server/mail';
import { canHandOutExercises, canLeadCohortSeance, canManageCohort } from '$lib/server/permissions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	const access = await cohortFor(db, user, params.id).catch((cause) =>
		rethrowAsHttp(cause, m.cohort_not_found())
	);
	const { cohort, role } = access;
	const manages = canManageCohort(role);
	const people = await listPeople(db, access);
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			startDate: cohort.startDate,
			capacity: cohort.capacity,
			endedAt: cohort.endedAt
		},
		role,
		charterAcceptedAt: access.membership?.charterAcceptedAt ?? null,
		// The admin sees counts (metadata); the facilitator and participants the people.
		members: await countMembers(db, cohort.id),
		participants: people.filter((p) => p.status === 'charter').length,
		people,
		seances: await listSeances(db, cohort.id),
		// The facilitator starts and ends the group séances (the séance layer runs them).
		leadsSeances: canLeadCohortSeance(role, cohort),
		liveSeanceId: (await liveCohortSeanceOf(db, cohort.id))?.id ?? null,
		exercises: await listExercises(db, access),
		joinLink: manages
			? `${getConfig().origin ?? url.origin}/cohortes/rejoindre/${cohort.joinCode}`
			: null,
		joinCode: manages ? cohort.joinCode : null,
		manages,
		handsOut: canHandOutExercises(role, cohort),
		kinds: canHandOutExercises(role, cohort) ? exerciseKinds.map((k) => k.kind) : [],
		carryTargets: role === 'participant' ? await carryTargets(db, user) : [],
		// Names and times of the group séances' signatures: everyone's for the facilitator and
		// admins, one's own for a participant; nothing before the charter.
		attendance: role === 'joining' ? null : await cohortAttendanceSheet(db, user, cohort.id),
		end: await cohortEndView(db, user, access),
		// Metadata an admin (and the facilitator) reads: counts, never titles nor content.
		counts: role === 'admin' || role === 'facilitator' ? await cohortCounts(db, cohort.id) : null,
		now: new Date()
	};
};

function handOverContext(event: RequestEvent) {
	const config = getConfig();
	return {
		origin: config.origin ?? event.url.origin,
		ip: event.getClientAddress(),
		mailer: createMailer(config)
	};
}

export const actions: Actions = {
	seance: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['startsAt', 'durationMinutes']);
		try {
			await addSeance(getDb(), user, params.id, values);
			return { form: 'seance' };
		} catch (cause) {
			return actionFailure(cause, 'seance', values);
		}
	},

	startSeance: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['seanceId']);
		try {
			const started = await startCohortSeance(getDb(), user, params.id, values);
			return { form: 'startSeance', started: started.id };
		} catch (cause) {
			return actionFailure(cause, 'startSeance', values);
		}
	},

	endSeance: async ({ locals, params, url }) => {
		const user = requireUser(locals.user, url);
		try {
			await endCohortSeance(getDb(), user, params.id);
			return { form: 'endSeance' };
		} catch (cause) {
			return actionFailure(cause, 'endSeance', {});
		}
	},

	invite: async (event) => {
		const user = requireUser(event.locals.user, event.url);
		const values = formValues(await event.request.formData(), ['email', 'name']);
		try {
			const invited = await inviteToCohort(
				getDb(),
				user,
				event.params.id,
				values,
				handOverContext(event)
			);
			return { form: 'invite', invited };
		} catch (cause) {
			if (cause instanceof InvitationError) {
				return fail(409, { form: 'invite', values, errors: { email: m.auth_team_email_taken() } });
			}
			return actionFailure(cause, 'invite', values);
		}
	},

	regenerate: async ({ locals, params, url }) => {
		const user = requireUser(locals.user, url);
		await regenerateJoinCode(getDb(), user, params.id).catch((cause) => rethrowAsHttp(cause));
		return { form: 'regenerate' };
	},

	exercise: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const data = await request.formData();
		const values = formValues(data, ['kind', 'title']);
		try {
			await createExercise(
				getDb(),
				user,
				params.id,
				{ ...values, prepare: data.get('prepare') === 'on' },
				boardKinds
			);
			return { form: 'exercise' };
		} catch (cause) {
			return actionFailure(cause, 'exercise', values);
		}
	},

	handOut: async ({ locals, request, url }) => {
		const user = requireUser(locals.user, url);
		const { exerciseId } = formValues(await request.formData(), ['exerciseId']);
		await handOut(getDb(), user, exerciseId!, boardKinds).catch((cause) => rethrowAsHttp(cause));
		return { form: 'handOut' };
	},

	sign: (event) => signAttendanceAction(event, 'cohortSeanceId', signCohortAttendance),

	end: async (event) => {
		const user = requireUser(event.locals.user, event.url);
		const config = getConfig();
		await endCohort(getDb(), user, event.params.id, {
			mailer: createMailer(config),
			origin: config.origin ?? event.url.origin,
			log: logError
		}).catch((cause) => rethrowAsHttp(cause));
		return { form: 'end', success: m.cohort_end_done() };
	},

	carry: async ({ locals, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['boardId', 'bilanId']);
		await carryIntoBilan(getDb(), user, values.boardId!, values.bilanId!).catch((cause) =>
			rethrowAsHttp(cause)
		);
		redirect(303, `/bilans/${values.bilanId}/tableaux/${values.boardId}`);
	}
};
