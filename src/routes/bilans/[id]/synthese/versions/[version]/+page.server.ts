import { m } from '$lib/paraglide/messages';
import type { SyntheseContent } from '$lib/boards/synthese/content';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { getSyntheseVersion } from '$lib/server/synthese.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const version = await getSyntheseVersion(getDb(), user, params.id, Number(params.version));
		return {
			bilanId: version.bilanId,
			version: version.version,
			validatedAt: version.validatedAt,
			content: version.content as SyntheseContent
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.synthese_not_found());
	}
};
