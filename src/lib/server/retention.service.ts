import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { SYNTHESE_KIND } from '../boards/synthese/model.ts';
import { recordAudit } from './audit.ts';
import { getBoardWriter } from './board-writer.ts';
import type { Db } from './db/index.ts';
import {
	bilanClosures,
	bilans,
	boards,
	boardSnapshots,
	cohortMembers,
	cohorts,
	shareLinks,
	syntheseVersions,
	testResults,
	users,
	type Bilan
} from './db/schema.ts';
import { canManageRetention, PermissionError, type Actor } from './permissions.ts';

/**
 * Destruction of a bilan's content (R6313-7). Rows are deleted, never flagged: a board takes its
 * log, compacted state, images and snapshots along (foreign keys cascade); the synthèse takes its
 * validated versions and share links; the results of tests go with their PDFs. What stays is
 * what funders and Qualiopi need and holds no content: the bilan's metadata (the employer's
 * agreement to a CPF funding included), rendez-vous, attendance signatures, questionnaire answers
 * and the audit trail.
 */

/** Lock key of `pg_try_advisory_xact_lock`: one retention run at a time across every node. */
export const RETENTION_LOCK = 7302;

/**
 * Days between a cohort's end and the destruction of its boards (`cohort-end.service.ts`). A
 * bilan's close destroys at once, because its beneficiary has agreed in writing beforehand what
 * is kept (and downloaded the ZIP); here the facilitator ends for everyone, so each participant
 * gets this time to download their copies or carry them into their bilan.
 */
export const COHORT_NOTICE_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

/** When the uncarried copies of a cohort ended at `endedAt` are destroyed. */
export function copiesDestroyedAt(endedAt: Date): Date {
	return new Date(endedAt.getTime() + COHORT_NOTICE_DAYS * DAY);
}

/** Deletes boards for real (with their updates, states, assets and snapshots); returns how many. */
export async function destroyBoards(tx: Db, boardIds: readonly string[]): Promise<number> {
	if (boardIds.length === 0) return 0;
	const deleted = await tx
		.delete(boards)
		.where(inArray(boards.id, [...boardIds]))
		.returning({ id: boards.id });
	return deleted.length;
}

/** What a destruction removed: ids of the boards (to evict them from the sync server) and counts. */
export interface Destroyed {
	boardIds: string[];
	syntheseVersions: number;
	shareLinks: number;
}

/** Deletes the synthèse of a bilan: its board, its validated versions and its share links. */
export async function destroySynthese(tx: Db, bilanId: string): Promise<Destroyed> {
	const synthese = await tx
		.delete(boards)
		.where(and(eq(boards.bilanId, bilanId), eq(boards.kind, SYNTHESE_KIND)))
		.returning({ id: boards.id });
	const versions = await tx
		.delete(syntheseVersions)
		.where(eq(syntheseVersions.bilanId, bilanId))
		.returning({ id: syntheseVersions.id });
	const shares = await tx
		.delete(shareLinks)
		.where(eq(shareLinks.bilanId, bilanId))
		.returning({ id: shareLinks.id });
	return {
		boardIds: synthese.map((row) => row.id),
		syntheseVersions: versions.length,
		shareLinks: shares.length
	};
}

/** Deletes the results of tests of a bilan (with their PDFs); returns how many. */
export async function destroyTestResults(tx: Db, bilanId: string): Promise<number> {
	const deleted = await tx
		.delete(testResults)
		.where(eq(testResults.bilanId, bilanId))
		.returning({ id: testResults.id });
	return deleted.length;
}

/** Deletes every piece of content of a bilan: all its boards, its synthèse, its test results. */
export async function destroyBilanContent(
	tx: Db,
	bilanId: string
): Promise<Destroyed & { testResults: number }> {
	const synthese = await destroySynthese(tx, bilanId);
	const rest = await tx
		.delete(boards)
		.where(eq(boards.bilanId, bilanId))
		.returning({ id: boards.id });
	return {
		...synthese,
		boardIds: [...synthese.boardIds, ...rest.map((row) => row.id)],
		testResults: await destroyTestResults(tx, bilanId)
	};
}

/** Closes the connections to destroyed boards and unloads them; call after the commit. */
export function evictBoards(boardIds: readonly string[]): void {
	if (boardIds.length > 0) getBoardWriter()?.evict(boardIds);
}

/** One run of the retention job: the bilans whose kept documents were destroyed. */
export interface RetentionRun {
	bilanIds: string[];
	boardIds: string[];
}

/**
 * Destroys what was kept for the follow-up once its year is over: for every closure whose
 * `retain_until` has passed and not yet destroyed, every board, snapshot, synthèse version and
 * share link of the bilan goes, and `destroyed_at` is set. One transaction under an advisory
 * lock: with several nodes, one does the work and the others skip (null).
 */
export async function runRetention(db: Db, now: Date = new Date()): Promise<RetentionRun | null> {
	const run = await db.transaction(async (tx) => {
		const [lock] = await tx
			.select({ taken: sql<boolean>`pg_try_advisory_xact_lock(${RETENTION_LOCK})` })
			.from(sql`(select 1) as one`);
		if (!lock?.taken) return null;
		const due = await tx
			.select({ bilanId: bilanClosures.bilanId, organisationId: bilans.organisationId })
			.from(bilanClosures)
			.innerJoin(bilans, eq(bilans.id, bilanClosures.bilanId))
			.where(and(lte(bilanClosures.retainUntil, now), isNull(bilanClosures.destroyedAt)));
		const result: RetentionRun = { bilanIds: [], boardIds: [] };
		for (const { bilanId, organisationId } of due) {
			const destroyed = await destroyBilanContent(tx, bilanId);
			await tx
				.update(bilanClosures)
				.set({ destroyedAt: now })
				.where(eq(bilanClosures.bilanId, bilanId));
			await recordAudit(tx, {
				organisationId,
				actorId: null,
				action: 'retention.destroy',
				targetType: 'bilan',
				targetId: bilanId,
				detail: {
					boards: destroyed.boardIds.length,
					syntheseVersions: destroyed.syntheseVersions,
					shareLinks: destroyed.shareLinks,
					testResults: destroyed.testResults
				}
			});
			result.bilanIds.push(bilanId);
			result.boardIds.push(...destroyed.boardIds);
		}
		return result;
	});
	if (run) evictBoards(run.boardIds);
	return run;
}

/** A bilan's retention state as an admin sees it: dates and counts, never content. */
export interface RetentionRow {
	bilanId: string;
	beneficiaryName: string;
	consultantName: string | null;
	phase: Bilan['phase'];
	startDate: string;
	closedAt: Date | null;
	retainUntil: Date | null;
	destroyedAt: Date | null;
	boards: number;
	snapshots: number;
	syntheseVersions: number;
	synthese: boolean;
}

/** A cohort's retention state as an admin sees it: its name, who leads it and dates, no content. */
export interface CohortRetentionRow {
	cohortId: string;
	name: string;
	facilitatorName: string | null;
	startDate: string;
	endedAt: Date | null;
	/** When its boards are (or were) destroyed: null while it runs. */
	destroyAt: Date | null;
	/** Set once they were. */
	closedAt: Date | null;
}

/** A beneficiary's pending erasure request, with what it will erase. */
export interface ErasureRequest {
	userId: string;
	name: string;
	requestedAt: Date;
	bilans: number;
	/** Cohorts they belong to: their copies, wall posts and membership there go. */
	cohorts: number;
}

const beneficiary = alias(users, 'beneficiary');
const consultant = alias(users, 'consultant');
const facilitator = alias(users, 'facilitator');

/**
 * The retention state of every bilan and cohort of the admin's organisation, and pending erasure
 * requests.
 */
export async function retentionOverview(
	db: Db,
	actor: Actor
): Promise<{
	bilans: RetentionRow[];
	cohorts: CohortRetentionRow[];
	requests: ErasureRequest[];
}> {
	if (!canManageRetention(actor, actor.organisationId)) {
		throw new PermissionError('forbidden', 'Cette page est réservée à l’administration.');
	}
	const count = (query: SQL) => sql<number>`(${query})`.mapWith(Number);
	const rows = await db
		.select({
			bilanId: bilans.id,
			beneficiaryName: beneficiary.name,
			consultantName: consultant.name,
			phase: bilans.phase,
			startDate: bilans.startDate,
			closedAt: bilanClosures.closedAt,
			retainUntil: bilanClosures.retainUntil,
			destroyedAt: bilanClosures.destroyedAt,
			boards: count(
				sql`select count(*) from ${boards} where ${boards.bilanId} = ${bilans.id} and ${boards.kind} <> ${SYNTHESE_KIND}`
			),
			snapshots: count(
				sql`select count(*) from ${boardSnapshots} where ${boardSnapshots.bilanId} = ${bilans.id}`
			),
			syntheseVersions: count(
				sql`select count(*) from ${syntheseVersions} where ${syntheseVersions.bilanId} = ${bilans.id}`
			),
			synthese: count(
				sql`select count(*) from ${boards} where ${boards.bilanId} = ${bilans.id} and ${boards.kind} = ${SYNTHESE_KIND}`
			)
		})
		.from(bilans)
		.innerJoin(beneficiary, eq(beneficiary.id, bilans.beneficiaryId))
		.leftJoin(consultant, eq(consultant.id, bilans.consultantId))
		.leftJoin(bilanClosures, eq(bilanClosures.bilanId, bilans.id))
		.where(eq(bilans.organisationId, actor.organisationId))
		.orderBy(desc(bilans.startDate), asc(beneficiary.name));
	const cohortRows = await db
		.select({
			cohortId: cohorts.id,
			name: cohorts.name,
			facilitatorName: facilitator.name,
			startDate: cohorts.startDate,
			endedAt: cohorts.endedAt,
			closedAt: cohorts.closedAt
		})
		.from(cohorts)
		.leftJoin(facilitator, eq(facilitator.id, cohorts.facilitatorId))
		.where(eq(cohorts.organisationId, actor.organisationId))
		.orderBy(desc(cohorts.startDate), asc(cohorts.name));
	const requests = await db
		.select({
			userId: users.id,
			name: users.name,
			requestedAt: users.erasureRequestedAt,
			bilans: count(
				sql`select count(*) from ${bilans} where ${bilans.beneficiaryId} = ${users.id}`
			),
			cohorts: count(
				sql`select count(*) from ${cohortMembers} where ${cohortMembers.userId} = ${users.id}`
			)
		})
		.from(users)
		.where(and(eq(users.organisationId, actor.organisationId), isNotNull(users.erasureRequestedAt)))
		.orderBy(asc(users.erasureRequestedAt));
	return {
		bilans: rows.map((row) => ({ ...row, synthese: row.synthese > 0 })),
		cohorts: cohortRows.map((row) => ({
			...row,
			destroyAt: row.closedAt ?? (row.endedAt && copiesDestroyedAt(row.endedAt))
		})),
		requests: requests.map((row) => ({ ...row, requestedAt: row.requestedAt! }))
	};
}
