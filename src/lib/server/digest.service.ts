import { and, eq, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { todayValue } from '../bilans/dates.ts';
import { formatDateTime } from '../format/dates.ts';
import { listBilans } from './bilans.service.ts';
import type { Db } from './db/index.ts';
import { users } from './db/schema.ts';
import type { Mailer } from './mail.ts';
import { boardsWithNews } from './news.service.ts';
import { isClosedPhase, type Actor } from './permissions.ts';
import { bilanReminders } from './reminders.service.ts';

/**
 * The weekly digest e-mail (with `SMTP_URL`): what awaits a consultant or a beneficiary on Atelier
 * — boards with « nouveautés », comments awaiting their answer, overdue and soon-due actions,
 * the next rendez-vous — as counts
 * and links only, never a board's content, so a mail read on a shared screen or forwarded tells
 * nothing of the bilan. Each person is considered once a week at most (`users.digest_at`, claimed
 * in one statement so two nodes never both send); nothing to say, no mail. Opt-out on « Mon
 * compte ».
 */

export const DIGEST_INTERVAL_MS = 7 * 24 * 3600_000;

/** What a digest counts for one person. */
export interface DigestCounts {
	boardsWithNews: number;
	/** Comment threads waiting for the person's answer. */
	commentsAwaiting: number;
	overdueActions: number;
	soonActions: number;
	nextRendezVousAt: Date | null;
}

async function countsFor(db: Db, user: Actor, now: Date): Promise<DigestCounts> {
	const bilans = (await listBilans(db, user, { now })).filter((b) => !isClosedPhase(b.phase));
	const counts: DigestCounts = {
		boardsWithNews: 0,
		commentsAwaiting: 0,
		overdueActions: 0,
		soonActions: 0,
		nextRendezVousAt: null
	};
	for (const bilan of bilans) {
		const reminders = await bilanReminders(db, user, bilan, now, todayValue(now));
		const news = await boardsWithNews(
			db,
			user,
			reminders.boards.map((board) => board.id)
		);
		counts.boardsWithNews += news.size;
		for (const board of reminders.comments) counts.commentsAwaiting += board.count;
		counts.overdueActions += reminders.actions.filter((a) => a.overdue).length;
		counts.soonActions += reminders.actions.filter((a) => !a.overdue).length;
		const next = bilan.nextRendezVousAt;
		if (next && (!counts.nextRendezVousAt || next < counts.nextRendezVousAt))
			counts.nextRendezVousAt = next;
	}
	return counts;
}

/** The mail, in French; null when there is nothing to tell. */
function digestText(
	user: Pick<Actor, 'name'>,
	counts: DigestCounts,
	origin: string,
	now: Date
): { subject: string; text: string } | null {
	const lines: string[] = [];
	if (counts.boardsWithNews > 0)
		lines.push(
			counts.boardsWithNews === 1
				? '1 tableau a des nouveautés depuis votre dernière visite.'
				: `${counts.boardsWithNews} tableaux ont des nouveautés depuis votre dernière visite.`
		);
	if (counts.commentsAwaiting > 0)
		lines.push(
			counts.commentsAwaiting === 1
				? '1 commentaire attend votre réponse.'
				: `${counts.commentsAwaiting} commentaires attendent votre réponse.`
		);
	if (counts.overdueActions > 0)
		lines.push(
			counts.overdueActions === 1
				? '1 action du plan d’action est en retard.'
				: `${counts.overdueActions} actions du plan d’action sont en retard.`
		);
	if (counts.soonActions > 0)
		lines.push(
			counts.soonActions === 1
				? '1 action est à faire dans les deux semaines.'
				: `${counts.soonActions} actions sont à faire dans les deux semaines.`
		);
	const soon = counts.nextRendezVousAt;
	if (soon && soon.getTime() - now.getTime() <= DIGEST_INTERVAL_MS)
		lines.push(`Prochain rendez-vous : ${formatDateTime(soon, 'fr')}.`);
	if (lines.length === 0) return null;
	const firstName = user.name.split(' ')[0] ?? user.name;
	return {
		subject: 'Votre semaine sur Atelier',
		text: [
			`Bonjour ${firstName},`,
			'',
			...lines.map((line) => `- ${line}`),
			'',
			`Ouvrir Atelier : ${origin}/`,
			'',
			'Ce courriel ne contient rien de vos tableaux : seulement des nombres et un lien.',
			`Pour ne plus le recevoir : ${origin}/compte`
		].join('\n')
	};
}

/**
 * Sends the digests due at `now`: to each active person (an account set up, no erasure asked,
 * not opted out; consultants and beneficiaries) not considered for a week. A send that fails is
 * counted (the job logs it) and that person waits for next week.
 */
export async function sendWeeklyDigests(
	db: Db,
	mailer: Mailer,
	origin: string,
	now: Date
): Promise<{ sent: number; failed: number }> {
	const due = new Date(now.getTime() - DIGEST_INTERVAL_MS);
	// Claimed in one statement: a node that claims a person is the one that writes to them.
	const claimed = await db
		.update(users)
		.set({ digestAt: now })
		.where(
			and(
				inArray(users.role, ['consultant', 'beneficiary']),
				eq(users.digestOptOut, false),
				isNotNull(users.passwordHash),
				isNull(users.erasureRequestedAt),
				or(isNull(users.digestAt), lte(users.digestAt, due))
			)
		)
		.returning({
			id: users.id,
			organisationId: users.organisationId,
			email: users.email,
			name: users.name,
			role: users.role
		});
	const result = { sent: 0, failed: 0 };
	for (const user of claimed) {
		const mail = digestText(user, await countsFor(db, user, now), origin, now);
		if (!mail) continue;
		try {
			await mailer.send({ to: user.email, ...mail });
			result.sent++;
		} catch {
			result.failed++;
		}
	}
	return result;
}

/** « Mon compte »: the weekly digest on or off. */
export async function setDigestOptOut(db: Db, userId: string, optOut: boolean): Promise<void> {
	await db.update(users).set({ digestOptOut: optOut }).where(eq(users.id, userId));
}

/** Whether the person turned the digest off. */
export async function digestOptedOut(db: Db, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ optOut: users.digestOptOut })
		.from(users)
		.where(eq(users.id, userId));
	return row?.optOut ?? false;
}
