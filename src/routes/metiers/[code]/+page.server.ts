import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { ficheMetier, romeSource } from '$lib/server/metiers.service';
import type { PageServerLoad } from './$types';

/** La fiche d'un métier, for any signed-in person (a piste's link to its métier). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireUser(locals.user, url);
	try {
		return { fiche: ficheMetier(params.code), source: romeSource() };
	} catch (cause) {
		rethrowAsHttp(cause, m.metier_not_found());
	}
};
