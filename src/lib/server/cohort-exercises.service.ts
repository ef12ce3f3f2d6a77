import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { BoardKind } from '../boards/kind.ts';
import { recordAudit } from './audit.ts';
import { recheckConnections } from './board-writer.ts';
import { boardTitle, BoardError, initialState } from './boards.service.ts';
import { isUuid } from './bilans.validation.ts';
import { cohortFor, CohortError, type CohortAccess } from './cohorts.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { isUniqueViolation } from './db/errors.ts';
import type { Db } from './db/index.ts';
import {
	bilans,
	boards,
	cohortExercises,
	cohortMembers,
	cohorts,
	users,
	type Bilan,
	type Board,
	type Cohort,
	type CohortExercise
} from './db/schema.ts';
import {
	accessToBoardOf,
	boardAccess,
	canHandOutExercises,
	type Actor,
	type BoardAccess
} from './permissions.ts';

/**
 * Exercises handed out to a cohort (issue 15): the facilitator prepares one (its template board,
 * edited first) or hands it out at once; each participant who accepted the charter gets a private
 * copy, starting from the template's state — those who accept later get theirs then. A copy is
 * the participant's and the facilitator's only (`permissions.cohortBoardAccess`), and can be
 * carried into the participant's bilan.
 */

/** An exercise as the cohort page shows it: to the facilitator with its copies, to a participant
 * with their own copy. */
export interface ExerciseView {
	id: string;
	kind: string;
	title: string;
	handedOutAt: Date | null;
	/** The facilitator's: the template board (a prepared exercise). */
	templateBoardId: string | null;
	/** The facilitator's: how many copies are in the cohort (not carried into a bilan). */
	copies: number;
	/** The participant's: their copy while in the cohort. */
	myBoardId: string | null;
	/** The participant's: the bilan their copy was carried into. */
	carriedToBilanId: string | null;
}

export async function listExercises(db: Db, access: CohortAccess): Promise<ExerciseView[]> {
	const { role, cohort } = access;
	if (role !== 'facilitator' && role !== 'participant') return [];
	const exercises = await db
		.select()
		.from(cohortExercises)
		.where(
			and(
				eq(cohortExercises.cohortId, cohort.id),
				role === 'participant' ? isNotNull(cohortExercises.handedOutAt) : undefined
			)
		)
		.orderBy(asc(cohortExercises.createdAt));
	if (exercises.length === 0) return [];
	const ids = exercises.map((e) => e.id);
	const rows = await db
		.select({
			id: boards.id,
			exerciseId: boards.exerciseId,
			ownerId: boards.ownerId,
			bilanId: boards.bilanId
		})
		.from(boards)
		.where(
			and(
				inArray(boards.exerciseId, ids),
				isNull(boards.deletedAt),
				role === 'participant' ? eq(boards.ownerId, access.membership!.userId) : undefined
			)
		);
	return exercises.map((exercise) => {
		const own = rows.filter((b) => b.exerciseId === exercise.id);
		const mine = role === 'participant' ? own[0] : undefined;
		return {
			id: exercise.id,
			kind: exercise.kind,
			title: exercise.title,
			handedOutAt: exercise.handedOutAt,
			templateBoardId:
				role === 'facilitator' ? (own.find((b) => !b.ownerId && !b.bilanId)?.id ?? null) : null,
			copies: role === 'facilitator' ? own.filter((b) => b.ownerId && !b.bilanId).length : 0,
			myBoardId: mine && !mine.bilanId ? mine.id : null,
			carriedToBilanId: mine?.bilanId ?? null
		};
	});
}

/**
 * A new exercise of `kind` (any kind the board form offers). `prepare`: a template board is made
 * for the facilitator to fill in, handed out later (`handOut`); otherwise handed out now.
 */
export async function createExercise(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: { kind?: unknown; title?: unknown; prepare?: boolean },
	kinds: readonly BoardKind[]
): Promise<CohortExercise> {
	const { cohort, role } = await cohortFor(db, actor, cohortId);
	if (!canHandOutExercises(role, cohort)) {
		throw new CohortError(
			'forbidden',
			'Seule la personne qui anime la cohorte distribue des exercices.'
		);
	}
	const kind = kinds.find((k) => k.kind === input.kind && !k.managed);
	if (!kind) throw new BoardError('unknown_kind', 'Ce type de tableau n’existe pas.');
	const title = boardTitle(input.title);
	const [exercise] = await db
		.insert(cohortExercises)
		.values({ cohortId: cohort.id, kind: kind.kind, title, createdBy: actor.id })
		.returning();
	if (input.prepare) {
		await createBoardStorage(db).create(
			{
				cohortId: cohort.id,
				exerciseId: exercise!.id,
				kind: kind.kind,
				title,
				createdBy: actor.id
			},
			initialState(kind)
		);
		return exercise!;
	}
	return handOut(db, actor, exercise!.id, kinds);
}

/** Hands a prepared exercise out: every participant who accepted the charter gets a copy. */
export async function handOut(
	db: Db,
	actor: Actor,
	exerciseId: string,
	kinds: readonly BoardKind[],
	now = new Date()
): Promise<CohortExercise> {
	const exercise = await findExercise(db, exerciseId);
	const { cohort, role } = await cohortFor(db, actor, exercise.cohortId);
	if (!canHandOutExercises(role, cohort)) {
		throw new CohortError(
			'forbidden',
			'Seule la personne qui anime la cohorte distribue des exercices.'
		);
	}
	const [handed] = await db
		.update(cohortExercises)
		.set({
			handedOutAt: sql`coalesce(${cohortExercises.handedOutAt}, ${now.toISOString()}::timestamptz)`
		})
		.where(eq(cohortExercises.id, exercise.id))
		.returning();
	const participants = await db
		.select({ userId: cohortMembers.userId })
		.from(cohortMembers)
		.where(and(eq(cohortMembers.cohortId, cohort.id), isNotNull(cohortMembers.charterAcceptedAt)));
	const start = await startingState(db, handed!, kinds);
	for (const { userId } of participants) await makeCopy(db, handed!, userId, start);
	await recordAudit(db, {
		organisationId: cohort.organisationId,
		actorId: actor.id,
		action: 'cohort.exercise',
		targetType: 'cohort',
		targetId: cohort.id,
		detail: { exerciseId: exercise.id, kind: exercise.kind }
	});
	return handed!;
}

/**
 * The copies a participant is owed once they accept the charter: one of each exercise already
 * handed out (`acceptCharter`'s `onAccepted`).
 */
export function copiesForNewParticipant(kinds: readonly BoardKind[]) {
	return async (db: Db, cohort: Cohort, userId: string): Promise<void> => {
		const handed = await db
			.select()
			.from(cohortExercises)
			.where(and(eq(cohortExercises.cohortId, cohort.id), isNotNull(cohortExercises.handedOutAt)));
		for (const exercise of handed) {
			await makeCopy(db, exercise, userId, await startingState(db, exercise, kinds));
		}
	};
}

async function findExercise(db: Db, exerciseId: string): Promise<CohortExercise> {
	const [exercise] = isUuid(exerciseId)
		? await db.select().from(cohortExercises).where(eq(cohortExercises.id, exerciseId))
		: [];
	if (!exercise) throw new CohortError('not_found', 'Cet exercice est introuvable.');
	return exercise;
}

/** The template's state as it is now, or the kind's initial content without a template. */
async function startingState(
	db: Db,
	exercise: CohortExercise,
	kinds: readonly BoardKind[]
): Promise<Uint8Array> {
	const [template] = await db
		.select({ id: boards.id })
		.from(boards)
		.where(
			and(eq(boards.exerciseId, exercise.id), isNull(boards.ownerId), isNotNull(boards.cohortId))
		);
	if (template) return (await createBoardStorage(db).readState(template.id)).state;
	const kind = kinds.find((k) => k.kind === exercise.kind);
	if (!kind) throw new BoardError('unknown_kind', 'Ce type de tableau n’existe pas.');
	return initialState(kind);
}

/** One participant's copy; none twice (the unique index decides between two at once). */
async function makeCopy(
	db: Db,
	exercise: CohortExercise,
	userId: string,
	state: Uint8Array
): Promise<void> {
	try {
		await createBoardStorage(db).create(
			{
				cohortId: exercise.cohortId,
				exerciseId: exercise.id,
				ownerId: userId,
				kind: exercise.kind,
				title: exercise.title,
				createdBy: userId
			},
			state
		);
	} catch (error) {
		if (!isUniqueViolation(error)) throw error;
	}
}

/** A cohort's board with the actor's access to it, for its page; null when not theirs to see. */
export interface CohortBoard {
	board: Board;
	cohort: Cohort;
	access: BoardAccess;
	ownerName: string | null;
}

export async function findCohortBoard(
	db: Db,
	actor: Actor,
	boardId: string
): Promise<CohortBoard | null> {
	if (!isUuid(boardId)) return null;
	const [row] = await db
		.select({ board: boards, cohort: cohorts, membership: cohortMembers, ownerName: users.name })
		.from(boards)
		.innerJoin(cohorts, eq(cohorts.id, boards.cohortId))
		.leftJoin(
			cohortMembers,
			and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, actor.id))
		)
		.leftJoin(users, eq(users.id, boards.ownerId))
		.where(and(eq(boards.id, boardId), isNull(boards.deletedAt)));
	if (!row) return null;
	const access = accessToBoardOf(actor, {
		cohort: row.cohort,
		membership: row.membership,
		board: row.board
	});
	return access === 'none' ? null : { ...row, access };
}

/** One copy of the facilitator's gallery. */
export interface GalleryCopy {
	boardId: string;
	ownerName: string;
}

/** Every copy of an exercise still in the cohort, for its facilitator only. */
export async function galleryOf(
	db: Db,
	actor: Actor,
	exerciseId: string
): Promise<{ exercise: CohortExercise; cohort: Cohort; copies: GalleryCopy[] }> {
	const exercise = await findExercise(db, exerciseId);
	const { cohort, role } = await cohortFor(db, actor, exercise.cohortId);
	if (role !== 'facilitator') throw new CohortError('not_found', 'Cet exercice est introuvable.');
	const copies = await db
		.select({ boardId: boards.id, ownerName: users.name })
		.from(boards)
		.innerJoin(users, eq(users.id, boards.ownerId))
		.where(
			and(
				eq(boards.exerciseId, exercise.id),
				eq(boards.cohortId, cohort.id),
				isNull(boards.deletedAt)
			)
		)
		.orderBy(asc(users.name));
	return { exercise, cohort, copies };
}

/**
 * The participant carries their copy into their own bilan (their consent, one click): the board
 * MOVES (its log, its history, its « nouveautés » go with it; nothing is redone and no second
 * copy of private work stays in the cohort, where it would be destroyed at the end). From then
 * on it is a board of the bilan: the bilan's consultant works on it, the facilitator no longer
 * sees it (open connections are re-checked at once).
 */
export async function carryIntoBilan(
	db: Db,
	actor: Actor,
	boardId: string,
	bilanId: string
): Promise<void> {
	const found = await findCohortBoard(db, actor, boardId);
	if (!found || found.board.ownerId !== actor.id) {
		throw new CohortError('not_found', 'Ce tableau est introuvable.');
	}
	const [bilan] = isUuid(bilanId)
		? await db.select().from(bilans).where(eq(bilans.id, bilanId))
		: [];
	if (!bilan || bilan.beneficiaryId !== actor.id || boardAccess(actor, bilan) !== 'edit') {
		throw new CohortError('not_found', 'Ce bilan est introuvable, ou il est clos.');
	}
	await db.transaction(async (tx) => {
		await tx
			.update(boards)
			.set({ bilanId: bilan.id, cohortId: null })
			.where(and(eq(boards.id, found.board.id), eq(boards.cohortId, found.cohort.id)));
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'cohort.carry',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: { boardId: found.board.id, cohortId: found.cohort.id }
		});
	});
	await recheckConnections({ boardIds: [found.board.id] });
}

/** The open bilans a participant may carry their copies into (their own, not closed). */
export async function carryTargets(
	db: Db,
	actor: Actor
): Promise<{ id: string; startDate: string }[]> {
	if (actor.role !== 'beneficiary') return [];
	const rows = await db
		.select()
		.from(bilans)
		.where(eq(bilans.beneficiaryId, actor.id))
		.orderBy(asc(bilans.startDate));
	return rows
		.filter((bilan) => boardAccess(actor, bilan) === 'edit')
		.map(({ id, startDate }) => ({ id, startDate }));
}

/** A participant's copy still in a cohort, offered on their bilan page. */
export interface CarryableCopy {
	boardId: string;
	title: string;
	kind: string;
	cohortName: string;
}

/**
 * The copies the bilan's beneficiary may carry into it (« Reprendre mes exercices de la
 * cohorte »): their own, still in a cohort not yet closed; nothing for anyone else, nor for a
 * bilan they can no longer edit.
 */
export async function carryableCopies(
	db: Db,
	actor: Actor,
	bilan: Pick<Bilan, 'organisationId' | 'beneficiaryId' | 'consultantId' | 'phase'>
): Promise<CarryableCopy[]> {
	if (bilan.beneficiaryId !== actor.id || boardAccess(actor, bilan) !== 'edit') return [];
	return db
		.select({
			boardId: boards.id,
			title: boards.title,
			kind: boards.kind,
			cohortName: cohorts.name
		})
		.from(boards)
		.innerJoin(cohorts, eq(cohorts.id, boards.cohortId))
		.where(and(eq(boards.ownerId, actor.id), isNull(boards.deletedAt), isNull(cohorts.closedAt)))
		.orderBy(asc(cohorts.startDate), asc(boards.createdAt));
}
