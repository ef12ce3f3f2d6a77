import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { galleryOf } from '$lib/server/cohort-exercises.service';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/** The facilitator's gallery of an exercise: every copy, live. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const gallery = await galleryOf(getDb(), user, params.exerciseId).catch((cause) =>
		rethrowAsHttp(cause, m.cohort_not_found())
	);
	if (gallery.cohort.id !== params.id.toLowerCase()) error(404, m.cohort_not_found());
	return {
		cohortId: gallery.cohort.id,
		exercise: { title: gallery.exercise.title, kind: gallery.exercise.kind },
		copies: gallery.copies
	};
};
