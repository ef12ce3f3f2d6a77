import { getBilan } from '$lib/server/bilans.service';
import { listBoards } from '$lib/server/boards.service';
import { openQuestions } from '$lib/server/comments.service';
import { getDb } from '$lib/server/db';
import { boardAccess, canEndSeance, PermissionError } from '$lib/server/permissions';
import { liveSeanceOf } from '$lib/server/seance.service';
import type { LayoutServerLoad } from './$types';

/**
 * What every page of a bilan needs to show its séance: whether the viewer takes part in them
 * (the beneficiary and their consultant; an admin never sees a séance, it is content), whether
 * they lead, the séance in progress when the page is rendered, the boards' titles for the
 * roster, and the open questions left on the boards (the agenda of the next rendez-vous, on the
 * bilan page and in the séance's agenda). A bilan the viewer may not see is left to each page's own load (its 404 and words).
 */
export const load: LayoutServerLoad = async ({ locals, params }) => {
	const user = locals.user;
	if (!user) return { seance: null };
	const db = getDb();
	const bilan = await getBilan(db, user, params.id).catch((cause: unknown) => {
		if (cause instanceof PermissionError) return null;
		throw cause;
	});
	if (!bilan || boardAccess(user, bilan) === 'none') return { seance: null };
	const live = await liveSeanceOf(db, bilan.id);
	return {
		seance: {
			bilanId: bilan.id,
			viewerId: user.id,
			leads: canEndSeance(user, bilan),
			consultantName: bilan.consultantName,
			boards: (await listBoards(db, user, bilan)).map(({ id, title }) => ({ id, title })),
			live: live && { rendezVousId: live.id },
			questions: await openQuestions(db, user, bilan)
		}
	};
};
