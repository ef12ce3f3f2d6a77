import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { RDV_MODES } from '../bilans/values.ts';
import type { AgendaItem, TimerState } from '../seance/protocol.ts';
import { applyTimerChange, validMinutes, type TimerChange } from '../seance/timer.ts';
import { recordAudit } from './audit.ts';
import { getBilan } from './bilans.service.ts';
import { Checker, ValidationError } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import { bilans, cohortSeances, rendezVous, type Bilan } from './db/schema.ts';
import { canEndSeance, PermissionError, type Actor } from './permissions.ts';
import {
	ALREADY_ENDED,
	RENDEZ_VOUS_NOT_FOUND,
	visibleRendezVous,
	type RendezVous
} from './rendezvous.service.ts';
import { notifySeanceChanged } from './seance-notifier.ts';

/**
 * A séance is a rendez-vous in progress: "Démarrer la séance" sets `started_at`, "Terminer la
 * séance" (`rendezvous.service.endSeance`) sets `ended_at`. In between, the séance layer
 * (socket.io, `server/seance/`) runs its roster, suivez-moi, timer, agenda and locks; what must
 * outlive a reconnect (timer, agenda ticks) is stored here.
 */

/** How long an unplanned séance is planned for (its real duration is recorded at its end). */
export const UNPLANNED_MINUTES = 60;

export const SEANCE_ALREADY_LIVE = 'Une séance est déjà en cours pour ce bilan.';
export const NO_LIVE_SEANCE = 'Aucune séance n’est en cours : démarrez-la d’abord.';
const ONLY_CONSULTANT = 'Seul·e la ou le consultant·e qui accompagne ce bilan mène la séance.';

/** The séance in progress of a bilan, or null. */
export async function liveSeanceOf(db: Db, bilanId: string): Promise<RendezVous | null> {
	const [item] = await db
		.select()
		.from(rendezVous)
		.where(
			and(
				eq(rendezVous.bilanId, bilanId),
				isNotNull(rendezVous.startedAt),
				isNull(rendezVous.endedAt)
			)
		)
		.orderBy(desc(rendezVous.startedAt))
		.limit(1);
	return item ?? null;
}

/** Raw values of "Démarrer la séance". */
export interface StartSeanceInput {
	/** The rendez-vous to start; absent for an unplanned séance, created now. */
	rendezVousId?: unknown;
	/** For an unplanned séance: présentiel or distanciel (default distanciel). */
	mode?: unknown;
}

/**
 * "Démarrer la séance": the consultant in charge opens a planned rendez-vous (its start becomes
 * the real one, as "Terminer la séance" makes its end the real one) or an unplanned one starting
 * now. One séance at a time per bilan. Every page of the bilan hears of it at once.
 */
export async function startSeance(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: StartSeanceInput = {},
	now = new Date()
): Promise<RendezVous> {
	const bilan = await getBilan(db, actor, bilanId);
	if (!canEndSeance(actor, bilan)) throw new PermissionError('forbidden', ONLY_CONSULTANT);
	const field = input.rendezVousId === undefined ? 'mode' : 'rendezVousId';
	if (await liveSeanceOf(db, bilan.id)) throw new ValidationError({ [field]: SEANCE_ALREADY_LIVE });
	const started = await (input.rendezVousId === undefined
		? startUnplanned(db, actor, bilan, input.mode, now)
		: startPlanned(db, actor, bilan, input.rendezVousId, now));
	await notifySeanceChanged({ kind: 'bilan', id: bilan.id });
	return started;
}

async function startPlanned(
	db: Db,
	actor: Actor,
	bilan: Bilan,
	rendezVousId: unknown,
	now: Date
): Promise<RendezVous> {
	const { item } = await visibleRendezVous(db, actor, rendezVousId);
	if (item.bilanId !== bilan.id) throw new PermissionError('not_found', RENDEZ_VOUS_NOT_FOUND);
	if (item.endedAt) throw new ValidationError({ rendezVousId: ALREADY_ENDED });
	return db.transaction(async (tx) => {
		const [started] = await tx
			.update(rendezVous)
			.set({ startedAt: now, startsAt: now })
			.where(and(eq(rendezVous.id, item.id), isNull(rendezVous.startedAt)))
			.returning();
		if (!started) throw new ValidationError({ rendezVousId: SEANCE_ALREADY_LIVE });
		await auditStart(tx, actor, bilan, started, now);
		return started;
	});
}

async function startUnplanned(
	db: Db,
	actor: Actor,
	bilan: Bilan,
	rawMode: unknown,
	now: Date
): Promise<RendezVous> {
	const check = new Checker();
	const mode =
		rawMode === undefined || rawMode === ''
			? 'distanciel'
			: check.oneOf('mode', rawMode, RDV_MODES, 'Choisissez présentiel ou distanciel.');
	check.done();
	return db.transaction(async (tx) => {
		const [started] = await tx
			.insert(rendezVous)
			.values({
				bilanId: bilan.id,
				startsAt: now,
				startedAt: now,
				durationMinutes: UNPLANNED_MINUTES,
				mode: mode!,
				phase: bilan.phase,
				createdBy: actor.id
			})
			.returning();
		await auditStart(tx, actor, bilan, started!, now);
		return started!;
	});
}

async function auditStart(
	tx: Db,
	actor: Actor,
	bilan: Bilan,
	item: RendezVous,
	now: Date
): Promise<void> {
	await tx.update(bilans).set({ updatedAt: now }).where(eq(bilans.id, bilan.id));
	await recordAudit(tx, {
		organisationId: bilan.organisationId,
		actorId: actor.id,
		action: 'rendezvous.start',
		targetType: 'bilan',
		targetId: bilan.id,
		detail: { rendezVousId: item.id }
	});
}

/** The séance in progress `rendezVousId`, for an actor who may see its bilan. */
async function liveSeance(
	db: Db,
	actor: Actor,
	rendezVousId: string
): Promise<{ item: RendezVous; bilan: Bilan }> {
	const found = await visibleRendezVous(db, actor, rendezVousId);
	if (!found.item.startedAt || found.item.endedAt) {
		throw new ValidationError({ seance: NO_LIVE_SEANCE });
	}
	return found;
}

/**
 * Changes the séance timer. The consultant leads it; the beneficiary may only add a minute, and
 * only while the consultant lets them (`extendable`). Concurrent changes from several nodes are
 * serialised by the row lock.
 */
export async function changeTimer(
	db: Db,
	actor: Actor,
	rendezVousId: string,
	change: TimerChange,
	now = Date.now()
): Promise<TimerState | null> {
	const { item, bilan } = await liveSeance(db, actor, rendezVousId);
	const leads = canEndSeance(actor, bilan);
	const mayExtend = actor.id === bilan.beneficiaryId;
	return storeTimerChange(db, rendezVous, item.id, { leads, mayExtend }, change, now, {
		leader: ONLY_CONSULTANT,
		closed: 'La ou le consultant·e n’a pas ouvert la prolongation.'
	});
}

/** A table whose rows are séances with a timer: a bilan's rendez-vous, a cohort's séances. */
export type SeanceTable = typeof rendezVous | typeof cohortSeances;

/**
 * The timer rule of every séance, on its row: who leads changes it; who may extend (the
 * beneficiary, a participant) adds a minute while the leader lets them (`extendable`).
 * Concurrent changes from several nodes are serialised by the row lock.
 */
export async function storeTimerChange(
	db: Db,
	table: SeanceTable,
	seanceId: string,
	who: { leads: boolean; mayExtend: boolean },
	change: TimerChange,
	now: number,
	refusals: { leader: string; closed: string }
): Promise<TimerState | null> {
	if (change.type === 'start' && !validMinutes(change.minutes)) {
		throw new ValidationError({ minutes: 'Indiquez une durée entre 1 et 480 minutes.' });
	}
	const { leads } = who;
	if (!leads && !(who.mayExtend && change.type === 'extend')) {
		throw new PermissionError('forbidden', refusals.leader);
	}
	// The two tables share the columns read here (`id`, `timer`).
	const rows = table as typeof rendezVous;
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ timer: rows.timer })
			.from(rows)
			.where(eq(rows.id, seanceId))
			.for('update');
		const timer = row?.timer ?? null;
		if (!leads && !timer?.extendable) {
			throw new PermissionError('forbidden', refusals.closed);
		}
		const next = applyTimerChange(timer, change, now);
		await tx.update(rows).set({ timer: next }).where(eq(rows.id, seanceId));
		return next;
	});
}

/** The consultant ticks an agenda item of the séance off (or not). */
export async function tickAgendaItem(
	db: Db,
	actor: Actor,
	rendezVousId: string,
	itemId: string,
	done: boolean
): Promise<AgendaItem[]> {
	const { item, bilan } = await liveSeance(db, actor, rendezVousId);
	if (!canEndSeance(actor, bilan)) throw new PermissionError('forbidden', ONLY_CONSULTANT);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ agenda: rendezVous.agenda })
			.from(rendezVous)
			.where(eq(rendezVous.id, item.id))
			.for('update');
		const agenda = row?.agenda ?? [];
		if (!agenda.some((point) => point.id === itemId)) {
			throw new ValidationError({ agenda: 'Ce point n’est pas à l’ordre du jour de la séance.' });
		}
		const next = agenda.map((point) => (point.id === itemId ? { ...point, done } : point));
		await tx.update(rendezVous).set({ agenda: next }).where(eq(rendezVous.id, item.id));
		return next;
	});
}
