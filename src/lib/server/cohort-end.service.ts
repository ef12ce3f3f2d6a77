import { and, asc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { CANVAS_KIND } from '../boards/canvas/model.ts';
import { findBoardKind } from '../boards/registry.ts';
import { formatDate, formatDateTime } from '../format/dates.ts';
import {
	canvasSvg,
	imagesOf,
	jsonFile,
	slug,
	two,
	zipFiles,
	type ArchiveFiles
} from './archive.service.ts';
import { recordAudit } from './audit.ts';
import { recheckConnections } from './board-writer.ts';
import { cohortFor, CohortError } from './cohorts.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import {
	boards,
	cohortExercises,
	cohortMembers,
	cohorts,
	organisations,
	users,
	type Cohort
} from './db/schema.ts';
import type { Mailer } from './mail.ts';
import { boardPdf } from './pdf-snapshot.ts';
import { canDownloadOwnCopies, canEndCohort, type Actor } from './permissions.ts';
import {
	COHORT_NOTICE_DAYS,
	copiesDestroyedAt,
	destroyBoards,
	evictBoards
} from './retention.service.ts';
import { summarizeState } from './snapshots.service.ts';

/**
 * The end of a cohort (issue 15, R6313-7 by analogy with a bilan's close). « Terminer la
 * cohorte » (the facilitator): the cohort is ended, its boards read-only, and each participant is
 * told — by e-mail and on the cohort page — that their private copies not carried into a bilan
 * will be destroyed after `COHORT_NOTICE_DAYS` (`retention.service.ts`, where the reason for the
 * delay is), with the ZIP of their own copies offered until then. After the notice the jobs
 * (`runCohortClosures`) destroy every board still belonging to the cohort — the uncarried
 * copies, the exercises' templates and the group wall — and set
 * `closedAt`. A copy carried into a bilan belongs to the bilan and is not touched. What stays is
 * metadata: the cohort, its séances and attendance, its members and the exercises' titles.
 */

const DAY = 24 * 60 * 60 * 1000;

/** Lock key of `pg_try_advisory_xact_lock`: one closing run at a time across every node. */
export const COHORT_CLOSE_LOCK = 7303;

/** Where notifications are sent from and link to. */
export interface EndNotifier {
	mailer: Mailer | null;
	origin: string;
	log?: (message: string, context?: Record<string, unknown>) => void;
}

/** The participants' copies still in the cohort (not carried into a bilan), per owner. */
async function uncarriedCopies(db: Db, cohortId: string) {
	return db
		.select({ boardId: boards.id, ownerId: boards.ownerId })
		.from(boards)
		.where(and(eq(boards.cohortId, cohortId), isNotNull(boards.ownerId)));
}

function noticeText(cohort: Cohort, copies: number, destroyAt: Date, link: string): string {
	return [
		'Bonjour,',
		'',
		`La cohorte « ${cohort.name} » est terminée. Vos exercices restent lisibles, mais ne se modifient plus.`,
		copies > 0
			? `Vos ${copies} copie(s) d’exercice qui ne sont pas dans votre bilan seront détruites le ${formatDate(destroyAt, 'fr')}.`
			: 'Vous n’avez pas de copie d’exercice à détruire : tout est déjà dans votre bilan.',
		'Avant cette date, vous pouvez télécharger vos copies (fichier ZIP) ou les reprendre dans votre bilan :',
		link,
		'',
		'Ce que vous avez partagé sur le mur du groupe est détruit à la même date.'
	].join('\n');
}

/**
 * « Terminer la cohorte »: the facilitator ends it (once), its open boards turn read-only at once,
 * and every participant is mailed the notice (a failed mail is logged: the page shows it too).
 */
export async function endCohort(
	db: Db,
	actor: Actor,
	cohortId: string,
	notifier: EndNotifier,
	now: Date = new Date()
): Promise<Cohort> {
	const access = await cohortFor(db, actor, cohortId);
	if (!canEndCohort(access.role, access.cohort)) {
		throw new CohortError(
			'forbidden',
			access.cohort.endedAt
				? 'Cette cohorte est déjà terminée.'
				: 'Seule la personne qui anime la cohorte la termine.'
		);
	}
	const ended = await db.transaction(async (tx) => {
		// Locked: two clicks cannot end it twice.
		const [locked] = await tx
			.select()
			.from(cohorts)
			.where(eq(cohorts.id, access.cohort.id))
			.for('update');
		if (locked!.endedAt) throw new CohortError('over', 'Cette cohorte est déjà terminée.');
		const [row] = await tx
			.update(cohorts)
			.set({ endedAt: now })
			.where(eq(cohorts.id, locked!.id))
			.returning();
		const copies = await uncarriedCopies(tx, locked!.id);
		await recordAudit(tx, {
			organisationId: locked!.organisationId,
			actorId: actor.id,
			action: 'cohort.end',
			targetType: 'cohort',
			targetId: locked!.id,
			detail: { copies: copies.length, destroyAt: copiesDestroyedAt(now).toISOString() }
		});
		return row!;
	});
	const cohortBoards = await db
		.select({ id: boards.id })
		.from(boards)
		.where(eq(boards.cohortId, ended.id));
	await recheckConnections({ boardIds: cohortBoards.map((b) => b.id) });
	await mailParticipants(db, ended, notifier);
	return ended;
}

async function mailParticipants(db: Db, cohort: Cohort, notifier: EndNotifier): Promise<void> {
	if (!notifier.mailer || !cohort.endedAt) return;
	const people = await db
		.select({ id: users.id, email: users.email })
		.from(cohortMembers)
		.innerJoin(users, eq(users.id, cohortMembers.userId))
		.where(and(eq(cohortMembers.cohortId, cohort.id), isNotNull(cohortMembers.charterAcceptedAt)));
	const copies = await uncarriedCopies(db, cohort.id);
	const destroyAt = copiesDestroyedAt(cohort.endedAt);
	const link = `${notifier.origin}/cohortes/${cohort.id}`;
	for (const person of people) {
		const own = copies.filter((c) => c.ownerId === person.id).length;
		try {
			await notifier.mailer.send({
				to: person.email,
				subject: `Fin de la cohorte « ${cohort.name} » : vos exercices`,
				text: noticeText(cohort, own, destroyAt, link)
			});
		} catch (error) {
			notifier.log?.('cohort end mail failed', { cohortId: cohort.id, error: String(error) });
		}
	}
}

/** What the cohort page says about its end, to whoever sees the cohort (dates and counts). */
export interface CohortEndView {
	endedAt: Date | null;
	destroyAt: Date | null;
	closedAt: Date | null;
	/** The viewer's own copies still in the cohort (a participant's). */
	myCopies: number;
	canEnd: boolean;
	canDownload: boolean;
}

export async function cohortEndView(
	db: Db,
	actor: Actor,
	access: Awaited<ReturnType<typeof cohortFor>>
): Promise<CohortEndView> {
	const { cohort, role } = access;
	const mine =
		role === 'participant'
			? (await uncarriedCopies(db, cohort.id)).filter((c) => c.ownerId === actor.id).length
			: 0;
	return {
		endedAt: cohort.endedAt,
		destroyAt: cohort.endedAt && !cohort.closedAt ? copiesDestroyedAt(cohort.endedAt) : null,
		closedAt: cohort.closedAt,
		myCopies: mine,
		canEnd: canEndCohort(role, cohort),
		canDownload: canDownloadOwnCopies(role, cohort) && mine > 0
	};
}

/** A cohort's counts, the metadata an admin sees: never a title, a name or content. */
export async function cohortCounts(db: Db, cohortId: string) {
	const [row] = await db
		.select({
			exercises: sql<number>`(select count(*)::int from ${cohortExercises} where ${cohortExercises.cohortId} = ${cohortId} and ${cohortExercises.handedOutAt} is not null)`,
			copies: sql<number>`(select count(*)::int from ${boards} where ${boards.cohortId} = ${cohortId} and ${boards.ownerId} is not null)`,
			// Qualified by hand: drizzle writes bare column names in a template, ambiguous in a join.
			carried: sql<number>`(select count(*)::int from boards b inner join cohort_exercises e on e.id = b.exercise_id where e.cohort_id = ${cohortId} and b.bilan_id is not null)`
		})
		.from(sql`(select 1) as one`);
	return { exercises: row?.exercises ?? 0, copies: row?.copies ?? 0, carried: row?.carried ?? 0 };
}

function readme(cohort: Cohort, ownerName: string, files: ArchiveFiles, now: Date): string {
	return [
		`Mes exercices de la cohorte « ${cohort.name} » — ${ownerName}`,
		`Préparé le ${formatDateTime(now, 'fr', 'long')} (heure de Paris).`,
		'',
		'Ces copies sont à vous : personne d’autre ne les reçoit. Chaque exercice est donné en PDF',
		'(à lire ou imprimer), en JSON (données brutes) et, pour le tableau libre, en SVG (image).',
		cohort.endedAt
			? `Celles qui ne sont pas reprises dans votre bilan seront détruites le ${formatDate(copiesDestroyedAt(cohort.endedAt), 'fr')}.`
			: 'À la fin de la cohorte, celles qui ne sont pas reprises dans votre bilan seront détruites.',
		'',
		'Fichiers :',
		...Object.keys(files)
			.sort()
			.map((path) => `- ${path}`),
		''
	].join('\r\n');
}

/**
 * The files of a participant's own copies still in the cohort, each as it is now, with a README.
 * No permission check: callers have checked (the ZIP of one's copies, the GDPR export).
 */
export async function ownCopiesFiles(
	db: Db,
	owner: Pick<Actor, 'id' | 'name'>,
	cohort: Cohort,
	now: Date = new Date()
): Promise<{ files: ArchiveFiles; copies: number }> {
	const [organisation] = await db
		.select({ name: organisations.name })
		.from(organisations)
		.where(eq(organisations.id, cohort.organisationId));
	const copies = await db
		.select()
		.from(boards)
		.where(and(eq(boards.cohortId, cohort.id), eq(boards.ownerId, owner.id)))
		.orderBy(asc(boards.createdAt), asc(boards.id));
	const files: ArchiveFiles = {};
	for (const [index, board] of copies.entries()) {
		const base = `exercices/${two(index + 1)}-${slug(board.title)}/etat-actuel`;
		const { state } = await createBoardStorage(db).readState(board.id);
		const summary = summarizeState(findBoardKind(board.kind), board.kind, state);
		files[`${base}.json`] = jsonFile({
			tableau: { titre: board.title, type: board.kind },
			date: now.toISOString(),
			resume: summary
		});
		files[`${base}.pdf`] = await boardPdf(
			{
				organisationName: organisation?.name ?? '',
				ownerName: owner.name,
				boardTitle: board.title
			},
			{ kind: board.kind, label: 'État actuel', createdAt: now, summary },
			now
		);
		if (board.kind === CANVAS_KIND) {
			const svg = canvasSvg(state, board.title, await imagesOf(db, board));
			files[`${base}.svg`] = new TextEncoder().encode(svg);
		}
	}
	files['README.txt'] = new TextEncoder().encode(readme(cohort, owner.name, files, now));
	return { files, copies: copies.length };
}

/**
 * The ZIP of the participant's own copies still in the cohort (each as it is now), offered until
 * they are destroyed. Only the participant: the facilitator and the admin get a 404.
 */
export async function ownCopiesArchive(
	db: Db,
	actor: Actor,
	cohortId: string,
	now: Date = new Date()
): Promise<Uint8Array<ArrayBuffer>> {
	const { cohort, role } = await cohortFor(db, actor, cohortId);
	if (!canDownloadOwnCopies(role, cohort)) {
		throw new CohortError('not_found', 'Il n’y a pas de copies à télécharger ici.');
	}
	const { files, copies } = await ownCopiesFiles(db, actor, cohort, now);
	await recordAudit(db, {
		organisationId: cohort.organisationId,
		actorId: actor.id,
		action: 'archive.download',
		targetType: 'cohort',
		targetId: cohort.id,
		detail: { files: Object.keys(files).length, copies }
	});
	return zipFiles(files, now);
}

/** One closing run: the cohorts closed and the boards destroyed. */
export interface CohortCloseRun {
	cohortIds: string[];
	boardIds: string[];
}

/**
 * Closes the cohorts whose notice is over: every board still of the cohort (uncarried copies,
 * templates, the group wall) is deleted with its log, state and assets, and `closedAt` is set.
 * The wall goes too: what a participant posted there came from their private work (named or
 * not), and it was shared with the group for the cohort's time, not beyond. One transaction under
 * an advisory lock: with several nodes one does the work, the others skip (null).
 */
export async function runCohortClosures(
	db: Db,
	now: Date = new Date()
): Promise<CohortCloseRun | null> {
	const run = await db.transaction(async (tx) => {
		const [lock] = await tx
			.select({ taken: sql<boolean>`pg_try_advisory_xact_lock(${COHORT_CLOSE_LOCK})` })
			.from(sql`(select 1) as one`);
		if (!lock?.taken) return null;
		const due = await tx
			.select()
			.from(cohorts)
			.where(
				and(
					isNull(cohorts.closedAt),
					lte(cohorts.endedAt, new Date(now.getTime() - COHORT_NOTICE_DAYS * DAY))
				)
			);
		const result: CohortCloseRun = { cohortIds: [], boardIds: [] };
		for (const cohort of due) {
			const doomed = await tx
				.select({ id: boards.id, ownerId: boards.ownerId })
				.from(boards)
				.where(eq(boards.cohortId, cohort.id));
			await destroyBoards(
				tx,
				doomed.map((b) => b.id)
			);
			await tx.update(cohorts).set({ closedAt: now }).where(eq(cohorts.id, cohort.id));
			await recordAudit(tx, {
				organisationId: cohort.organisationId,
				actorId: null,
				action: 'cohort.close',
				targetType: 'cohort',
				targetId: cohort.id,
				detail: {
					copies: doomed.filter((b) => b.ownerId).length,
					boards: doomed.length
				}
			});
			result.cohortIds.push(cohort.id);
			result.boardIds.push(...doomed.map((b) => b.id));
		}
		return result;
	});
	if (run) evictBoards(run.boardIds);
	return run;
}
