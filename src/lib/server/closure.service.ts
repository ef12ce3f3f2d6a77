import { and, asc, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import { parisWallClockToDate, toDateTimeLocalValue } from '../bilans/dates.ts';
import { SYNTHESE_KIND } from '../boards/synthese/model.ts';
import { recordAudit } from './audit.ts';
import { recheckConnections } from './board-writer.ts';
import { BILAN_NOT_FOUND } from './bilans.service.ts';
import { Checker, isUuid } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import {
	bilanClosures,
	bilans,
	boards,
	rendezVous,
	syntheseVersions,
	testResults,
	type Bilan,
	type BilanClosure
} from './db/schema.ts';
import {
	canAgreeToClosure,
	canCloseBilan,
	canDownloadArchive,
	PermissionError,
	type Actor
} from './permissions.ts';
import {
	destroyBoards,
	destroySynthese,
	destroyTestResults,
	evictBoards
} from './retention.service.ts';
import { snapshotBilanBoards } from './snapshots.service.ts';

/**
 * "Clôturer le bilan" (R6313-7). The beneficiary first records in writing what they keep for the
 * follow-up (the synthèse, which boards), and may change it until the close. The consultant in
 * charge then closes, in one transaction: every board is snapshotted, what is not kept is
 * destroyed, the bilan moves to `suivi`, the retention clock starts (one year) and the follow-up
 * interview is booked six months later. This is the only way into `suivi`.
 */

export const FOLLOW_UP_MONTHS = 6;
export const RETENTION_YEARS = 1;
/** The follow-up interview booked at close: an hour at 10:00, Paris time. */
const FOLLOW_UP = { minutes: 60, hour: 10 };

/** What the beneficiary agreed to keep, as stored in `bilan_closures.kept`. */
export type Kept = BilanClosure['kept'];

export interface ClosureBoard {
	id: string;
	kind: string;
	title: string;
}

/** Everything the closure page shows: no board content, titles only. */
export interface ClosureView {
	bilan: Bilan;
	closure: BilanClosure | null;
	/** The exercise boards that still exist (all of them before the close, the kept ones after). */
	boards: ClosureBoard[];
	/** A synthèse exists (its board or a validated version). */
	hasSynthese: boolean;
	validatedVersions: number;
	/** How many results of tests are recorded (kept or destroyed at close as agreed). */
	testResults: number;
	/** The follow-up interview booked at close. */
	followUp: { id: string; startsAt: Date } | null;
	canAgree: boolean;
	canClose: boolean;
}

function notFound(): PermissionError {
	return new PermissionError('not_found', BILAN_NOT_FOUND);
}

/** A bilan whose content the actor may see (the beneficiary, the consultant in charge). */
async function contentBilan(db: Db, actor: Actor, bilanId: string): Promise<Bilan> {
	if (!isUuid(bilanId)) throw notFound();
	const [bilan] = await db.select().from(bilans).where(eq(bilans.id, bilanId.toLowerCase()));
	if (!bilan || !canDownloadArchive(actor, bilan)) throw notFound();
	return bilan;
}

async function closureOf(db: Db, bilanId: string): Promise<BilanClosure | null> {
	const [row] = await db.select().from(bilanClosures).where(eq(bilanClosures.bilanId, bilanId));
	return row ?? null;
}

/** The exercise boards of a bilan (not the deleted ones). */
async function exerciseBoards(db: Db, bilanId: string): Promise<ClosureBoard[]> {
	return db
		.select({ id: boards.id, kind: boards.kind, title: boards.title })
		.from(boards)
		.where(
			and(eq(boards.bilanId, bilanId), ne(boards.kind, SYNTHESE_KIND), isNull(boards.deletedAt))
		)
		.orderBy(asc(boards.createdAt), asc(boards.id));
}

/** The closure page's state for the beneficiary or the consultant in charge. */
export async function getClosure(db: Db, actor: Actor, bilanId: string): Promise<ClosureView> {
	const bilan = await contentBilan(db, actor, bilanId);
	const closure = await closureOf(db, bilan.id);
	const [synthese] = await db
		.select({ id: boards.id })
		.from(boards)
		.where(and(eq(boards.bilanId, bilan.id), eq(boards.kind, SYNTHESE_KIND)));
	const versions = await db
		.select({ id: syntheseVersions.id })
		.from(syntheseVersions)
		.where(eq(syntheseVersions.bilanId, bilan.id));
	const tests = await db
		.select({ id: testResults.id })
		.from(testResults)
		.where(eq(testResults.bilanId, bilan.id));
	const [followUp] = closure?.closedAt
		? await db
				.select({ id: rendezVous.id, startsAt: rendezVous.startsAt })
				.from(rendezVous)
				.where(and(eq(rendezVous.bilanId, bilan.id), eq(rendezVous.phase, 'suivi')))
				.orderBy(asc(rendezVous.startsAt))
				.limit(1)
		: [];
	const open = !closure?.closedAt && bilan.phase === 'conclusion';
	return {
		bilan,
		closure,
		boards: await exerciseBoards(db, bilan.id),
		hasSynthese: Boolean(synthese) || versions.length > 0,
		validatedVersions: versions.length,
		testResults: tests.length,
		followUp: followUp ?? null,
		canAgree: open && canAgreeToClosure(actor, bilan),
		canClose: open && Boolean(closure) && canCloseBilan(actor, bilan)
	};
}

/** Raw values of the agreement form (or a JSON body). */
export interface AgreementInput {
	/** Keep the synthèse: `true`/`false` or the form's "true"/"false". */
	synthese?: unknown;
	/** Ids of the exercise boards to keep. */
	boardIds?: unknown;
	/** Keep the results of tests: `true` or the form's checkbox ("on"); absent: not kept. */
	testResults?: unknown;
}

const NOT_CONCLUSION = 'La clôture se prépare en phase de conclusion.';
const ALREADY_CLOSED = 'Ce bilan est déjà clôturé.';

function refuse(field: string, message: string): never {
	const check = new Checker();
	check.fail(field, message);
	check.done();
	throw new Error('unreachable');
}

function parseKept(input: AgreementInput, boardList: readonly ClosureBoard[]): Kept {
	const check = new Checker();
	const synthese = input.synthese === true || input.synthese === 'true';
	if (!synthese && input.synthese !== false && input.synthese !== 'false') {
		check.fail('synthese', 'Indiquez si vous souhaitez garder le document de synthèse.');
	}
	const raw = input.boardIds ?? [];
	const ids = Array.isArray(raw) ? raw : [raw];
	const known = new Set(boardList.map((board) => board.id));
	const boardIds = [...new Set(ids.map((id) => (typeof id === 'string' ? id.toLowerCase() : '')))];
	if (boardIds.some((id) => !known.has(id))) {
		check.fail('boardIds', 'Choisissez les tableaux à garder dans la liste.');
	}
	check.done();
	const testResults = input.testResults === true || input.testResults === 'on';
	return { synthese, boardIds, testResults };
}

/**
 * The beneficiary's written agreement on what is kept for the follow-up: an explicit choice by
 * the signed-in beneficiary, timestamped; recorded again (replacing the choice) until the close.
 */
export async function recordAgreement(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: AgreementInput,
	now: Date = new Date()
): Promise<BilanClosure> {
	const bilan = await contentBilan(db, actor, bilanId);
	if (!canAgreeToClosure(actor, bilan)) {
		throw new PermissionError('forbidden', 'Seule la personne bénéficiaire donne son accord.');
	}
	if ((await closureOf(db, bilan.id))?.closedAt) refuse('closure', ALREADY_CLOSED);
	if (bilan.phase !== 'conclusion') refuse('closure', NOT_CONCLUSION);
	const kept = parseKept(input, await exerciseBoards(db, bilan.id));
	return db.transaction(async (tx) => {
		const agreement = { kept, agreedBy: actor.id, agreedAt: now };
		const [row] = await tx
			.insert(bilanClosures)
			.values({ bilanId: bilan.id, ...agreement })
			.onConflictDoUpdate({ target: bilanClosures.bilanId, set: agreement })
			.returning();
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'closure.agree',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: {
				synthese: kept.synthese,
				keptBoards: kept.boardIds.length,
				testResults: kept.testResults
			}
		});
		return row!;
	});
}

/** Same Paris wall-clock day `months` later (clamped to the month's end), on a weekday, at 10:00. */
export function followUpDate(closedAt: Date, months = FOLLOW_UP_MONTHS): Date {
	const [y, m, d] = toDateTimeLocalValue(closedAt).slice(0, 10).split('-').map(Number) as [
		number,
		number,
		number
	];
	const target = new Date(Date.UTC(y, m - 1 + months, 1));
	const lastDay = new Date(
		Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)
	).getUTCDate();
	target.setUTCDate(Math.min(d, lastDay));
	const weekday = target.getUTCDay();
	if (weekday === 6) target.setUTCDate(target.getUTCDate() + 2);
	if (weekday === 0) target.setUTCDate(target.getUTCDate() + 1);
	return parisWallClockToDate(
		target.getUTCFullYear(),
		target.getUTCMonth() + 1,
		target.getUTCDate(),
		FOLLOW_UP.hour,
		0
	);
}

/** The end of the retention of what was kept: the same instant, a year later. */
export function retentionEnd(closedAt: Date): Date {
	const end = new Date(closedAt);
	end.setUTCFullYear(end.getUTCFullYear() + RETENTION_YEARS);
	return end;
}

export interface ClosedBilan {
	closure: BilanClosure;
	followUpId: string;
	destroyedBoardIds: string[];
	/** The boards kept (the synthèse's too when kept): read-only until the retention job. */
	keptBoardIds: string[];
}

/** What the consultant confirms on closing. */
export interface CloseInput {
	/**
	 * Closing although no synthèse version was validated: the law expects the bilan to end with a
	 * document de synthèse (R6313-4), so this takes an explicit, separate confirmation.
	 */
	withoutSynthese?: boolean;
}

const NO_SYNTHESE =
	'Aucun document de synthèse n’est validé : cochez la case pour clôturer quand même.';

/**
 * Closes the bilan (the consultant in charge, in phase conclusion, after the beneficiary's
 * agreement; without a validated synthèse, only when `withoutSynthese` is confirmed): snapshots,
 * destruction of what is not kept, phase `suivi`, retention clock and the follow-up interview, in
 * one transaction; then the destroyed boards leave the sync server, and the open sockets of the
 * kept ones, read-only from now on, are closed so that their clients know at once.
 */
export async function closeBilan(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: CloseInput = {},
	now: Date = new Date()
): Promise<ClosedBilan> {
	const found = await contentBilan(db, actor, bilanId);
	if (!canCloseBilan(actor, found)) {
		throw new PermissionError('forbidden', 'Seul·e le ou la consultant·e du bilan le clôture.');
	}
	const result = await db.transaction(async (tx) => {
		// Locked: two clicks, or an agreement changing meanwhile, cannot race the close.
		const [bilan] = await tx.select().from(bilans).where(eq(bilans.id, found.id)).for('update');
		const [closure] = await tx
			.select()
			.from(bilanClosures)
			.where(eq(bilanClosures.bilanId, found.id))
			.for('update');
		if (closure?.closedAt || closure?.destroyedAt) refuse('closure', ALREADY_CLOSED);
		if (bilan!.phase !== 'conclusion') refuse('closure', NOT_CONCLUSION);
		if (!closure) {
			refuse('closure', 'La personne bénéficiaire n’a pas encore indiqué ce qu’elle garde.');
		}
		const [validated] = await tx
			.select({ id: syntheseVersions.id })
			.from(syntheseVersions)
			.where(eq(syntheseVersions.bilanId, found.id))
			.limit(1);
		if (!validated && input.withoutSynthese !== true) refuse('withoutSynthese', NO_SYNTHESE);
		await snapshotBilanBoards(tx, {
			bilanId: found.id,
			trigger: 'close',
			label: 'Clôture du bilan',
			actorId: actor.id
		});
		const kept = new Set(closure.kept.boardIds);
		const doomed = (await exerciseBoards(tx, found.id)).filter((board) => !kept.has(board.id));
		// Deleted boards cannot be kept, even if chosen before they were deleted: they go now,
		// with their snapshots.
		const deleted = await tx
			.select({ id: boards.id })
			.from(boards)
			.where(and(eq(boards.bilanId, found.id), isNotNull(boards.deletedAt)));
		const destroyedBoardIds = [...doomed, ...deleted].map((board) => board.id);
		await destroyBoards(tx, destroyedBoardIds);
		if (!closure.kept.synthese) {
			destroyedBoardIds.push(...(await destroySynthese(tx, found.id)).boardIds);
		}
		const destroyedTests = closure.kept.testResults ? 0 : await destroyTestResults(tx, found.id);
		const keptBoards = await tx
			.select({ id: boards.id })
			.from(boards)
			.where(eq(boards.bilanId, found.id));
		await tx.update(bilans).set({ phase: 'suivi', updatedAt: now }).where(eq(bilans.id, found.id));
		const [closed] = await tx
			.update(bilanClosures)
			.set({ closedAt: now, closedBy: actor.id, retainUntil: retentionEnd(now) })
			.where(eq(bilanClosures.bilanId, found.id))
			.returning();
		const [followUp] = await tx
			.insert(rendezVous)
			.values({
				bilanId: found.id,
				startsAt: followUpDate(now),
				durationMinutes: FOLLOW_UP.minutes,
				mode: found.format === 'presentiel' ? 'presentiel' : 'distanciel',
				phase: 'suivi',
				createdBy: actor.id
			})
			.returning();
		await recordAudit(tx, {
			organisationId: found.organisationId,
			actorId: actor.id,
			action: 'bilan.close',
			targetType: 'bilan',
			targetId: found.id,
			detail: {
				from: bilan!.phase,
				to: 'suivi',
				destroyedBoards: destroyedBoardIds.length,
				keptBoards: closure.kept.boardIds.length,
				syntheseKept: closure.kept.synthese,
				syntheseValidated: Boolean(validated),
				destroyedTestResults: destroyedTests,
				followUpRendezVousId: followUp!.id
			}
		});
		return {
			closure: closed!,
			followUpId: followUp!.id,
			destroyedBoardIds,
			keptBoardIds: keptBoards.map((board) => board.id)
		};
	});
	evictBoards(result.destroyedBoardIds);
	await recheckConnections({ boardIds: result.keptBoardIds });
	return result;
}
