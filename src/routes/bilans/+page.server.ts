import { PHASES, type PhaseValue } from '$lib/bilans/values';
import { requireUser } from '$lib/server/bilans.http';
import { listBilans } from '$lib/server/bilans.service';
import { getDb } from '$lib/server/db';
import { canCreateBilan } from '$lib/server/permissions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals.user, url);
	const raw = url.searchParams.get('phase');
	// An unknown filter (a hand-edited link) shows everything rather than an error page.
	const phase = PHASES.includes(raw as PhaseValue) ? (raw as PhaseValue) : null;
	return {
		bilans: await listBilans(getDb(), user, { phase }),
		phase,
		canCreate: canCreateBilan(user)
	};
};
