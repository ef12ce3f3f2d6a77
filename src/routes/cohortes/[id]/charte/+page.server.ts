import { redirect } from '@sveltejs/kit';
import { boardKinds } from '$lib/boards/registry';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { copiesForNewParticipant } from '$lib/server/cohort-exercises.service';
import { acceptCharter } from '$lib/server/cohort-members.service';
import { cohortFor } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const access = await cohortFor(getDb(), user, params.id).catch((cause) =>
		rethrowAsHttp(cause, m.cohort_not_found())
	);
	return {
		cohort: { id: access.cohort.id, name: access.cohort.name },
		canAccept: access.role === 'joining',
		acceptedAt: access.membership?.charterAcceptedAt ?? null
	};
};

export const actions: Actions = {
	accept: async ({ locals, params, url }) => {
		const user = requireUser(locals.user, url);
		await acceptCharter(getDb(), user, params.id, copiesForNewParticipant(boardKinds)).catch(
			(cause) => rethrowAsHttp(cause, m.cohort_not_found())
		);
		redirect(303, `/cohortes/${params.id}`);
	}
};
