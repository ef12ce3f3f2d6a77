import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getBilan } from '$lib/server/bilans.service';
import { getDb } from '$lib/server/db';
import { DomainError } from '$lib/server/errors';
import {
	addMetierAsPiste,
	explorationContext,
	ficheMetier,
	romeSource
} from '$lib/server/metiers.service';
import type { Actions, PageServerLoad } from './$types';

/**
 * La fiche d'un métier within a bilan, with « Ajouter comme piste » to one of its action plans
 * for whoever edits its boards.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	try {
		const bilan = await getBilan(db, user, params.id);
		return {
			bilanId: bilan.id,
			fiche: ficheMetier(params.code),
			plans: (await explorationContext(db, user, bilan.id))?.plans ?? null,
			source: romeSource()
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.metier_not_found());
	}
};

export const actions: Actions = {
	piste: async ({ locals, url, params, request }) => {
		const user = requireUser(locals.user, url);
		const board = (await request.formData()).get('board');
		if (typeof board !== 'string' || board === '') {
			return fail(400, { error: m.metier_piste_choose_plan() });
		}
		const db = getDb();
		const context = await explorationContext(db, user, params.id);
		// Only a plan of this bilan: the page's bilan is the one the link says.
		if (!context?.plans.some((plan) => plan.id === board)) error(404, m.metier_not_found());
		try {
			await addMetierAsPiste(db, user, board, params.code);
		} catch (cause) {
			if (cause instanceof DomainError) return fail(cause.status, { error: cause.message });
			throw cause;
		}
		return { added: board };
	}
};
