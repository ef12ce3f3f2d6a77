import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { RDV_MODES } from '../bilans/values.ts';
import {
	SCREEN_CONSENT_MS,
	type ScreenAnswer,
	type ScreenRequest,
	type ScreenShow,
	type TimerState
} from '../seance/protocol.ts';
import type { TimerChange } from '../seance/timer.ts';
import { recordAudit } from './audit.ts';
import { Checker, isUuid, ValidationError } from './bilans.validation.ts';
import { cohortFor, CohortError } from './cohorts.service.ts';
import type { Db } from './db/index.ts';
import { boards, cohortSeances, users, type CohortSeance } from './db/schema.ts';
import { canLeadCohortSeance, PermissionError, type Actor } from './permissions.ts';
import { notifySeanceChanged } from './seance-notifier.ts';
import { NO_LIVE_SEANCE, storeTimerChange, UNPLANNED_MINUTES } from './seance.service.ts';

/**
 * A cohort's group séance in progress (issue 15, item 5): « Démarrer la séance de groupe » sets
 * `cohort_seances.started_at` (a planned séance, or an unplanned one made now), « Terminer »
 * sets `ended_at`. In between, the séance layer runs it as it runs a bilan's (roster,
 * suivez-moi, timer, locks, raised hands, reactions), led by the facilitator. What must outlive a
 * reconnect or reach every node is stored here: the timer, and the presentation screen's consent
 * (a participant's copy is shown only while its participant agrees, asked live).
 */

export const COHORT_SEANCE_ALREADY_LIVE = 'Une séance de groupe est déjà en cours.';
const ONLY_FACILITATOR = 'Seule la personne qui anime la cohorte mène la séance de groupe.';
const SEANCE_NOT_FOUND = 'Cette séance de groupe est introuvable.';
const NOT_A_COPY = 'Seule la copie d’un·e participant·e de la cohorte se montre ainsi à l’écran.';

/** The group séance in progress of a cohort, or null. */
export async function liveCohortSeanceOf(db: Db, cohortId: string): Promise<CohortSeance | null> {
	const [item] = await db
		.select()
		.from(cohortSeances)
		.where(
			and(
				eq(cohortSeances.cohortId, cohortId),
				isNotNull(cohortSeances.startedAt),
				isNull(cohortSeances.endedAt)
			)
		)
		.orderBy(desc(cohortSeances.startedAt))
		.limit(1);
	return item ?? null;
}

/** The cohort as its facilitator leads it; refused for anyone else, or once it is over. */
async function ledCohort(db: Db, actor: Actor, cohortId: string) {
	const access = await cohortFor(db, actor, cohortId);
	if (!canLeadCohortSeance(access.role, access.cohort)) {
		throw new CohortError('forbidden', ONLY_FACILITATOR);
	}
	return access.cohort;
}

/** Raw values of « Démarrer la séance de groupe ». */
export interface StartCohortSeanceInput {
	/** The planned séance to start; absent (or empty) for an unplanned one, made now. */
	seanceId?: unknown;
	/** For an unplanned séance: présentiel or distanciel (default présentiel, as planned ones). */
	mode?: unknown;
}

/**
 * « Démarrer la séance de groupe »: the facilitator opens a planned séance of the cohort, or an
 * unplanned one starting now. One at a time per cohort. Every page of the cohort hears of it.
 */
export async function startCohortSeance(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: StartCohortSeanceInput = {},
	now = new Date()
): Promise<CohortSeance> {
	const cohort = await ledCohort(db, actor, cohortId);
	const planned = input.seanceId !== undefined && input.seanceId !== '';
	const field = planned ? 'seanceId' : 'mode';
	if (await liveCohortSeanceOf(db, cohort.id)) {
		throw new ValidationError({ [field]: COHORT_SEANCE_ALREADY_LIVE });
	}
	const check = new Checker();
	const mode =
		planned || input.mode === undefined || input.mode === ''
			? 'presentiel'
			: check.oneOf('mode', input.mode, RDV_MODES, 'Choisissez présentiel ou distanciel.');
	const seanceId = planned ? check.uuid('seanceId', input.seanceId, SEANCE_NOT_FOUND) : null;
	check.done();
	const started = await db.transaction(async (tx) => {
		const [row] = seanceId
			? await tx
					.update(cohortSeances)
					.set({ startedAt: now })
					.where(
						and(
							eq(cohortSeances.id, seanceId),
							eq(cohortSeances.cohortId, cohort.id),
							isNull(cohortSeances.startedAt),
							isNull(cohortSeances.endedAt)
						)
					)
					.returning()
			: await tx
					.insert(cohortSeances)
					.values({
						cohortId: cohort.id,
						startsAt: now,
						startedAt: now,
						durationMinutes: UNPLANNED_MINUTES,
						mode: mode!
					})
					.returning();
		if (!row) throw new ValidationError({ seanceId: SEANCE_NOT_FOUND });
		await recordAudit(tx, {
			organisationId: cohort.organisationId,
			actorId: actor.id,
			action: 'cohort.seance.start',
			targetType: 'cohort',
			targetId: cohort.id,
			detail: { seanceId: row.id }
		});
		return row;
	});
	await notifySeanceChanged({ kind: 'cohort', id: cohort.id });
	return started;
}

/**
 * « Terminer la séance de groupe »: its real end. The screen's consent ends with it (nothing of a
 * participant stays on the screen), and so does a question left unanswered.
 */
export async function endCohortSeance(
	db: Db,
	actor: Actor,
	cohortId: string,
	now = new Date()
): Promise<CohortSeance> {
	const cohort = await ledCohort(db, actor, cohortId);
	const [ended] = await db
		.update(cohortSeances)
		.set({ endedAt: now, screenBoardId: null, screenRequest: null, timer: null })
		.where(
			and(
				eq(cohortSeances.cohortId, cohort.id),
				isNotNull(cohortSeances.startedAt),
				isNull(cohortSeances.endedAt)
			)
		)
		.returning();
	if (!ended) throw new ValidationError({ seance: NO_LIVE_SEANCE });
	await recordAudit(db, {
		organisationId: cohort.organisationId,
		actorId: actor.id,
		action: 'cohort.seance.end',
		targetType: 'cohort',
		targetId: cohort.id,
		detail: { seanceId: ended.id }
	});
	await notifySeanceChanged({ kind: 'cohort', id: cohort.id });
	return ended;
}

/** The séance `seanceId` of `cohortId`, in progress, with the actor's role in the cohort. */
async function liveSeance(db: Db, actor: Actor, cohortId: string, seanceId: string) {
	const access = await cohortFor(db, actor, cohortId);
	const live = await liveCohortSeanceOf(db, cohortId);
	if (!live || live.id !== seanceId) throw new ValidationError({ seance: NO_LIVE_SEANCE });
	return { ...access, live };
}

/** The group séance's timer: the facilitator leads it, a participant adds a minute if let. */
export async function changeCohortTimer(
	db: Db,
	actor: Actor,
	cohortId: string,
	seanceId: string,
	change: TimerChange,
	now = Date.now()
): Promise<TimerState | null> {
	const { role, cohort, live } = await liveSeance(db, actor, cohortId, seanceId);
	const who = { leads: canLeadCohortSeance(role, cohort), mayExtend: role === 'participant' };
	return storeTimerChange(db, cohortSeances, live.id, who, change, now, {
		leader: ONLY_FACILITATOR,
		closed: 'La personne qui anime n’a pas ouvert la prolongation.'
	});
}

/** A participant's copy in this cohort, with what the screen shows of it; null otherwise. */
async function copyOf(db: Db, cohortId: string, boardId: string): Promise<ScreenShow | null> {
	if (!isUuid(boardId)) return null;
	const [row] = await db
		.select({
			boardId: boards.id,
			kind: boards.kind,
			title: boards.title,
			ownerId: users.id,
			ownerName: users.name
		})
		.from(boards)
		.innerJoin(users, eq(users.id, boards.ownerId))
		.where(and(eq(boards.id, boardId), eq(boards.cohortId, cohortId), isNull(boards.deletedAt)));
	return row ?? null;
}

/**
 * Who may open a board during a cohort's séance, as suivez-moi needs it: `all` (the group wall,
 * and the cohort's page: null), `staff` (an exercise's template: the facilitator, and the
 * screen), or one participant (their private copy: them and the facilitator — never the screen
 * without consent, never another participant). Null: not a board of this cohort.
 */
export type PlaceAudience = 'all' | 'staff' | { ownerId: string };

export async function placeAudience(
	db: Db,
	cohortId: string,
	boardId: string
): Promise<PlaceAudience | null> {
	const [row] = await db
		.select({ ownerId: boards.ownerId, exerciseId: boards.exerciseId })
		.from(boards)
		.where(and(eq(boards.id, boardId), eq(boards.cohortId, cohortId), isNull(boards.deletedAt)));
	return row ? audienceOf(row) : null;
}

/** The audience of a board of the cohort, from whose copy it is and of which exercise. */
export function audienceOf(board: {
	ownerId: string | null;
	exerciseId: string | null;
}): PlaceAudience {
	if (board.ownerId) return { ownerId: board.ownerId };
	return board.exerciseId ? 'staff' : 'all';
}

/**
 * « Montrer à l'écran »: the facilitator asks the participant whose copy `boardId` is. The
 * question is stored (any node may hear the answer) until `SCREEN_CONSENT_MS` from now; a new
 * question replaces one still pending. The séance layer asks the participant, and says whether
 * they are in the séance at all (if not, nothing is stored: `absent`).
 */
export async function askScreen(
	db: Db,
	actor: Actor,
	cohortId: string,
	seanceId: string,
	boardId: string,
	now = Date.now()
): Promise<{ request: ScreenRequest; copy: ScreenShow }> {
	const { role, cohort, live } = await liveSeance(db, actor, cohortId, seanceId);
	if (!canLeadCohortSeance(role, cohort)) throw new PermissionError('forbidden', ONLY_FACILITATOR);
	const copy = await copyOf(db, cohort.id, boardId);
	if (!copy) throw new ValidationError({ boardId: NOT_A_COPY });
	const request = { boardId: copy.boardId, ownerId: copy.ownerId, until: now + SCREEN_CONSENT_MS };
	await db
		.update(cohortSeances)
		.set({ screenRequest: request })
		.where(eq(cohortSeances.id, live.id));
	return { request, copy };
}

/** A question that ended: who asked it must hear how (`ScreenAnswer`), and the screen maybe. */
export interface ConsentOutcome {
	answer: ScreenAnswer;
	/** The copy now on the screen (accepted), or null. */
	shown: ScreenShow | null;
	/** Whose copy it replaced on the screen (they are told it left), or null. */
	replacedOwnerId: string | null;
	/** The facilitator, who asked. */
	leaderId: string | null;
}

/**
 * The participant answers « Montrer à l'écran » for their copy `boardId`. Only the question
 * pending for that copy and that person counts, before its `until`; the row lock makes the
 * answer and the expiry (`expireScreenRequest`) exclusive. Accepted: the copy is on the screen
 * until withdrawn, taken off by the facilitator, or the séance ends.
 */
export async function answerScreen(
	db: Db,
	actor: Actor,
	cohortId: string,
	seanceId: string,
	boardId: string,
	accepted: boolean,
	now = Date.now()
): Promise<ConsentOutcome> {
	const { live, cohort } = await liveSeance(db, actor, cohortId, seanceId);
	const copy = await copyOf(db, cohortId, boardId);
	if (!copy || copy.ownerId !== actor.id) {
		throw new PermissionError('forbidden', 'Ce n’est pas votre exercice.');
	}
	const replaced = await db.transaction(async (tx) => {
		const [row] = await tx
			.select({ request: cohortSeances.screenRequest, shown: cohortSeances.screenBoardId })
			.from(cohortSeances)
			.where(eq(cohortSeances.id, live.id))
			.for('update');
		const request = row?.request;
		if (!request || request.boardId !== copy.boardId || request.ownerId !== actor.id) {
			throw new ValidationError({ boardId: 'Cette demande n’est plus en cours.' });
		}
		if (request.until < now) {
			throw new ValidationError({ boardId: 'Cette demande a expiré.' });
		}
		await tx
			.update(cohortSeances)
			.set(
				accepted ? { screenRequest: null, screenBoardId: copy.boardId } : { screenRequest: null }
			)
			.where(eq(cohortSeances.id, live.id));
		return accepted && row.shown && row.shown !== copy.boardId ? row.shown : null;
	});
	const replacedCopy = replaced ? await copyOf(db, cohortId, replaced) : null;
	return {
		answer: {
			boardId: copy.boardId,
			ownerName: copy.ownerName,
			outcome: accepted ? 'accepted' : 'refused'
		},
		shown: accepted ? copy : null,
		replacedOwnerId: replacedCopy?.ownerId ?? null,
		leaderId: cohort.facilitatorId
	};
}

/**
 * The question on `boardId` got no answer in time: cleared, if it is still that one (an answer,
 * or a newer question, wins). Null when there was nothing left to expire.
 */
export async function expireScreenRequest(
	db: Db,
	seanceId: string,
	request: ScreenRequest
): Promise<boolean> {
	const cleared = await db
		.update(cohortSeances)
		.set({ screenRequest: null })
		.where(
			and(
				eq(cohortSeances.id, seanceId),
				sql`${cohortSeances.screenRequest} @> ${JSON.stringify(request)}::jsonb`
			)
		)
		.returning({ id: cohortSeances.id });
	return cleared.length > 0;
}

/**
 * Takes the participant's copy off the screen: « Retirer de l'écran » by its participant (their
 * own copy only), or the facilitator. Returns whose copy it was (null: nothing was shown).
 */
export async function clearScreen(
	db: Db,
	actor: Actor,
	cohortId: string,
	seanceId: string
): Promise<{ ownerId: string; leaderId: string | null } | null> {
	const { role, cohort, live } = await liveSeance(db, actor, cohortId, seanceId);
	const shown = live.screenBoardId ? await copyOf(db, cohortId, live.screenBoardId) : null;
	if (!shown) return null;
	const mine = shown.ownerId === actor.id;
	if (!mine && !canLeadCohortSeance(role, cohort)) {
		throw new PermissionError('forbidden', 'Ce n’est pas votre exercice.');
	}
	const cleared = await db
		.update(cohortSeances)
		.set({ screenBoardId: null })
		.where(and(eq(cohortSeances.id, live.id), eq(cohortSeances.screenBoardId, shown.boardId)))
		.returning({ id: cohortSeances.id });
	return cleared.length > 0 ? { ownerId: shown.ownerId, leaderId: cohort.facilitatorId } : null;
}

/** What the screen shows of a participant's copy in the séance `seance` (with consent), or null. */
export async function screenShowOf(
	db: Db,
	seance: Pick<CohortSeance, 'cohortId' | 'screenBoardId'>
): Promise<ScreenShow | null> {
	return seance.screenBoardId ? copyOf(db, seance.cohortId, seance.screenBoardId) : null;
}

/** Who a séance socket is, as `mayOpen` needs it. */
export interface SeanceViewer {
	userId: string;
	leads: boolean;
	screen: boolean;
}

/**
 * True when `viewer` may learn of a board with this audience (be brought there, see its id in
 * the roster or its locks): the server never reveals a board a socket may not open.
 */
export function mayOpen(audience: PlaceAudience, viewer: SeanceViewer): boolean {
	if (audience === 'all') return true;
	if (audience === 'staff') return viewer.leads || viewer.screen;
	return viewer.leads || (!viewer.screen && viewer.userId === audience.ownerId);
}
