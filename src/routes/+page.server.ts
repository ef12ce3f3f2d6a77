import { redirect } from '@sveltejs/kit';
import { listBilans } from '$lib/server/bilans.service';
import { listCohorts } from '$lib/server/cohorts.service';
import { getDb } from '$lib/server/db';
import { recentConsultantChanges } from '$lib/server/journal.service';
import { describeMe } from '$lib/server/me.service';
import { boardsWithNews } from '$lib/server/news.service';
import { bilanReminders, type BilanReminders } from '$lib/server/reminders.service';
import { liveSeanceOf } from '$lib/server/seance.service';
import { todayValue } from '$lib/bilans/dates';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	const db = getDb();
	const me = await describeMe(db, locals.user);
	const bilans = await listBilans(db, locals.user);
	// A beneficiary's home shows their séance in progress (a socket keeps it live afterwards),
	// their boards one click away and what to do before the next rendez-vous.
	const liveSeances: Record<string, string | null> = {};
	const reminders: Record<string, BilanReminders> = {};
	if (locals.user.role === 'beneficiary') {
		const now = new Date();
		for (const bilan of bilans) {
			liveSeances[bilan.id] = (await liveSeanceOf(db, bilan.id))?.id ?? null;
			reminders[bilan.id] = await bilanReminders(db, locals.user, bilan, now, todayValue(now));
		}
	}
	const boardIds = Object.values(reminders).flatMap((r) => r.boards.map((board) => board.id));
	return {
		me,
		bilans,
		liveSeances,
		reminders,
		boardsWithNews: [...(await boardsWithNews(db, locals.user, boardIds))],
		// A beneficiary is told when someone else put a new consultant in charge of their bilan.
		consultantChanges: await recentConsultantChanges(db, locals.user),
		// A participant's group pre-bilan cohorts (issue 15), whether or not they have a bilan.
		cohorts: locals.user.role === 'beneficiary' ? await listCohorts(db, locals.user) : []
	};
};
