import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { ValidationError } from '$lib/server/bilans.validation';
import { getDb } from '$lib/server/db';
import { listShares } from '$lib/server/shares.service';
import { openSynthese, validateSynthese } from '$lib/server/synthese.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const opened = await openSynthese(getDb(), user, params.id);
		return {
			bilan: {
				id: opened.bilan.id,
				beneficiaryName: opened.bilan.beneficiaryName,
				phase: opened.bilan.phase
			},
			access: opened.access,
			board: opened.board,
			canValidate: opened.canValidate,
			isBeneficiary: user.id === opened.bilan.beneficiaryId,
			versions: opened.versions,
			proposals: opened.proposals,
			viewer: { id: user.id, name: user.name, role: user.role }
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.synthese_not_found());
	}
};

export const actions: Actions = {
	validate: async ({ locals, params, url }) => {
		const user = requireUser(locals.user, url);
		try {
			const db = getDb();
			const version = await validateSynthese(db, user, params.id);
			// Her links keep showing what she agreed to: she is offered to share this one on them.
			const shares = await listShares(db, user, params.id);
			const outdated = shares.some((s) => s.status === 'active' && s.version !== version.version);
			return { validated: version.version, sharesOutdated: outdated };
		} catch (cause) {
			if (cause instanceof ValidationError) return fail(400, { problem: cause.message });
			rethrowAsHttp(cause, m.synthese_not_found());
		}
	}
};
