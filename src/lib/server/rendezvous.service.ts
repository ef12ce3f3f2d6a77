import { and, asc, eq, isNull } from 'drizzle-orm';
import { formatDateTime } from '../format/dates.ts';
import { halfDaysOf } from '../bilans/half-days.ts';
import { PHASES, RDV_MAX_MINUTES, RDV_MIN_MINUTES, RDV_MODES } from '../bilans/values.ts';
import { AGENDA_LABEL_MAX, AGENDA_MAX_ITEMS, type AgendaItem } from '../seance/protocol.ts';
import { recordAudit } from './audit.ts';
import { getBilan, managedBilan } from './bilans.service.ts';
import { Checker, isUuid, ValidationError } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import { attendanceSignatures, bilans, boards, rendezVous, type Bilan } from './db/schema.ts';
import {
	boardAccess,
	canEndSeance,
	canViewBilan,
	PermissionError,
	type Actor,
	type BilanRef
} from './permissions.ts';
import { notifySeanceChanged } from './seance-notifier.ts';
import { snapshotBilanBoards } from './snapshots.service.ts';

/**
 * Rendez-vous (séances) of a bilan: when, how long, in which mode and phase. Their durations are
 * the hours used that funders pay for: planned when the rendez-vous is set, the real duration
 * once the consultant ends the séance. Attendance signatures are in attendance.service.ts.
 */
export type RendezVous = typeof rendezVous.$inferSelect;

/** Raw values as a form or a JSON body sends them. */
export interface RendezVousInput {
	/** `YYYY-MM-DDTHH:MM` in Paris time, or an ISO string with an offset. */
	startsAt?: unknown;
	durationMinutes?: unknown;
	mode?: unknown;
	/** Defaults to the bilan's current phase. */
	phase?: unknown;
	/** A video-call link (https), shown as "Rejoindre la visio" during the séance. */
	visioUrl?: unknown;
	/** Ids of the bilan's boards planned for the séance (its agenda). */
	agendaBoards?: unknown;
	/** Points to raise, one per line (its agenda). */
	agendaPoints?: unknown;
}

const VISIO_URL_MAX = 500;

/** The visio link: an http(s) address, or undefined when left empty. */
function visioUrlOf(check: Checker, raw: unknown): string | undefined {
	const text = check.text('visioUrl', raw, false, VISIO_URL_MAX);
	if (text === undefined) return undefined;
	const url = URL.canParse(text) ? new URL(text) : null;
	if (url?.protocol === 'https:' || url?.protocol === 'http:') return url.href;
	return check.fail('visioUrl', 'Indiquez l’adresse complète du lien de visio (https://…).');
}

/** The agenda: the planned boards (in the bilan's order), then the points, one per line. */
async function agendaOf(
	db: Db,
	check: Checker,
	bilanId: string,
	input: RendezVousInput
): Promise<AgendaItem[]> {
	const raw = input.agendaBoards ?? [];
	const wanted = new Set((Array.isArray(raw) ? raw : [raw]).map(String));
	const planned = (
		await db
			.select({ id: boards.id, title: boards.title })
			.from(boards)
			.where(and(eq(boards.bilanId, bilanId), isNull(boards.deletedAt)))
			.orderBy(asc(boards.createdAt))
	).filter((board) => wanted.delete(board.id));
	if (wanted.size > 0) check.fail('agendaBoards', 'Ce tableau n’appartient pas à ce bilan.');
	const points =
		typeof input.agendaPoints === 'string'
			? input.agendaPoints
					.split('\n')
					.map((line) => line.trim())
					.filter(Boolean)
			: [];
	if (points.some((point) => point.length > AGENDA_LABEL_MAX)) {
		check.fail(
			'agendaPoints',
			`Un point de l’ordre du jour fait au plus ${AGENDA_LABEL_MAX} caractères.`
		);
	}
	const agenda: AgendaItem[] = [
		...planned.map((board) => ({
			id: newAgendaId(),
			label: board.title,
			boardId: board.id,
			done: false
		})),
		...points.map((label) => ({ id: newAgendaId(), label, boardId: null, done: false }))
	];
	if (agenda.length > AGENDA_MAX_ITEMS) {
		check.fail('agendaPoints', `L’ordre du jour compte au plus ${AGENDA_MAX_ITEMS} points.`);
	}
	return agenda;
}

function newAgendaId(): string {
	return crypto.randomUUID();
}

/** The rendez-vous of a bilan the actor may see, in time order (`rendezVousFor` each). */
export async function listRendezVous(db: Db, actor: Actor, bilanId: string): Promise<RendezVous[]> {
	const bilan = await getBilan(db, actor, bilanId);
	const items = await db
		.select()
		.from(rendezVous)
		.where(eq(rendezVous.bilanId, bilan.id))
		.orderBy(asc(rendezVous.startsAt));
	return items.map((item) => rendezVousFor(actor, bilan, item));
}

/**
 * A rendez-vous as `actor` may read it. Its agenda names the boards and the points to raise:
 * content, which an admin never sees (L6313-4), not even as a board's title; nor the séance's
 * timer. Dates, durations, mode and the visio link are the logistics an admin manages.
 */
export function rendezVousFor(actor: Actor, bilan: BilanRef, item: RendezVous): RendezVous {
	return boardAccess(actor, bilan) === 'none' ? { ...item, agenda: [], timer: null } : item;
}

/** Records a rendez-vous (those who manage the bilan only). */
export async function addRendezVous(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: RendezVousInput
): Promise<RendezVous> {
	const bilan = await managedBilan(db, actor, bilanId);
	const check = new Checker();
	const startsAt = check.dateTime('startsAt', input.startsAt);
	const durationMinutes = check.integer(
		'durationMinutes',
		input.durationMinutes,
		RDV_MIN_MINUTES,
		RDV_MAX_MINUTES,
		'Indiquez une durée en minutes, entre 15 et 480 (8 heures).'
	);
	const mode = check.oneOf('mode', input.mode, RDV_MODES, 'Choisissez présentiel ou distanciel.');
	const phase =
		input.phase === undefined || input.phase === ''
			? bilan.phase
			: check.oneOf('phase', input.phase, PHASES, 'Cette phase n’existe pas.');
	const visioUrl = visioUrlOf(check, input.visioUrl);
	const agenda = await agendaOf(db, check, bilan.id, input);
	check.done();
	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(rendezVous)
			.values({
				bilanId: bilan.id,
				startsAt: startsAt!,
				durationMinutes: durationMinutes!,
				mode: mode!,
				phase: phase!,
				visioUrl,
				agenda,
				createdBy: actor.id
			})
			.returning();
		await tx.update(bilans).set({ updatedAt: new Date() }).where(eq(bilans.id, bilan.id));
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'rendezvous.create',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: { rendezVousId: created!.id, durationMinutes, phase }
		});
		return created!;
	});
}

export const RENDEZ_VOUS_NOT_FOUND = 'Ce rendez-vous est introuvable, ou vous n’y avez pas accès.';
export const ALREADY_ENDED = 'Cette séance est déjà terminée.';

/**
 * Where a rendez-vous ends: its real end once "Terminer la séance" recorded it, else the planned
 * one. Ending a séance also sets its duration to the real one, so hours used agree everywhere.
 */
export function rendezVousEnd(item: RendezVous): Date {
	return item.endedAt ?? new Date(item.startsAt.getTime() + item.durationMinutes * 60_000);
}

/**
 * A rendez-vous and its bilan, for an actor who may see the bilan; `not_found` otherwise (an id
 * from another organisation reveals nothing).
 */
export async function visibleRendezVous(
	db: Db,
	actor: Actor,
	rendezVousId: unknown
): Promise<{ item: RendezVous; bilan: Bilan }> {
	const notFound = new PermissionError('not_found', RENDEZ_VOUS_NOT_FOUND);
	if (!isUuid(rendezVousId)) throw notFound;
	const [row] = await db
		.select({ item: rendezVous, bilan: bilans })
		.from(rendezVous)
		.innerJoin(bilans, eq(bilans.id, rendezVous.bilanId))
		.where(eq(rendezVous.id, rendezVousId.toLowerCase()));
	if (!row || !canViewBilan(actor, row.bilan)) throw notFound;
	return row;
}

/** How long after its planned end "now" still is a likely real end for a séance. */
const END_NOW_GRACE_MINUTES = 60;

/**
 * The end to suggest when ending a séance: now, the usual case (ended on time, early, or a little
 * late); the planned end when that is long past (the consultant ends it afterwards).
 */
export function suggestedEnd(item: RendezVous, now: Date): Date {
	const planned = rendezVousEnd(item);
	const latest = planned.getTime() + END_NOW_GRACE_MINUTES * 60_000;
	return now.getTime() <= latest ? now : planned;
}

/** Raw values of "Terminer la séance". */
export interface EndSeanceInput {
	/** The real end (`YYYY-MM-DDTHH:MM` in Paris time, or ISO); now when left empty. */
	endedAt?: unknown;
}

/** Why a real end is refused, or null when it is acceptable. */
function endProblem(item: RendezVous, endedAt: Date, now: Date): string | null {
	const minutes = (endedAt.getTime() - item.startsAt.getTime()) / 60_000;
	if (endedAt > now) return 'L’heure de fin ne peut pas être dans le futur.';
	if (minutes < 1) return 'La fin doit venir après le début de la séance.';
	if (minutes > RDV_MAX_MINUTES) {
		return 'Une séance dure au plus 8 heures : indiquez l’heure à laquelle elle s’est vraiment terminée.';
	}
	return null;
}

/**
 * "Terminer la séance": records the real end (now, or the time the consultant gives when they
 * end it later), sets the duration to the real one (the hours used, the attendance sheet and the
 * exports all read it) and snapshots every board of the bilan into the record, in one
 * transaction. Only the consultant in charge ends a séance, once, after it started.
 */
export async function endSeance(
	db: Db,
	actor: Actor,
	rendezVousId: unknown,
	input: EndSeanceInput = {},
	now = new Date()
): Promise<RendezVous> {
	const { item, bilan } = await visibleRendezVous(db, actor, rendezVousId);
	if (!canEndSeance(actor, bilan)) {
		throw new PermissionError(
			'forbidden',
			'Seul·e la ou le consultant·e qui accompagne ce bilan termine ses séances.'
		);
	}
	if (item.endedAt) throw new ValidationError({ endedAt: ALREADY_ENDED });
	if (item.startsAt > now) {
		throw new ValidationError({ endedAt: 'Cette séance n’a pas encore commencé.' });
	}
	const check = new Checker();
	const endedAt =
		input.endedAt === undefined || input.endedAt === ''
			? now
			: check.dateTime('endedAt', input.endedAt);
	check.done();
	const problem = endProblem(item, endedAt!, now);
	if (problem) throw new ValidationError({ endedAt: problem });
	// A signed half-day is a proof: the real end may not leave it outside the séance.
	const covered = new Set(halfDaysOf(item.startsAt, endedAt!).map((s) => `${s.day}|${s.halfDay}`));
	const signed = await db
		.select({ day: attendanceSignatures.day, halfDay: attendanceSignatures.halfDay })
		.from(attendanceSignatures)
		.where(eq(attendanceSignatures.rendezVousId, item.id));
	if (signed.some((s) => !covered.has(`${s.day}|${s.halfDay}`))) {
		throw new ValidationError({
			endedAt:
				'Une demi-journée déjà signée serait en dehors de la séance : indiquez une heure de fin plus tardive.'
		});
	}
	const durationMinutes = Math.round((endedAt!.getTime() - item.startsAt.getTime()) / 60_000);
	const ended = await db.transaction(async (tx) => {
		const [row] = await tx
			.update(rendezVous)
			.set({ endedAt, durationMinutes })
			.where(and(eq(rendezVous.id, item.id), isNull(rendezVous.endedAt)))
			.returning();
		// Ended by another click in the meantime: nothing to do twice.
		if (!row) throw new ValidationError({ endedAt: ALREADY_ENDED });
		await tx.update(bilans).set({ updatedAt: now }).where(eq(bilans.id, bilan.id));
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'rendezvous.end',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: { rendezVousId: item.id, plannedMinutes: item.durationMinutes, durationMinutes }
		});
		await snapshotBilanBoards(tx, {
			bilanId: bilan.id,
			trigger: 'seance',
			label: `Fin de la séance du ${formatDateTime(item.startsAt, 'fr')}`,
			actorId: actor.id
		});
		return row;
	});
	// The live séance ends for everyone on its pages.
	if (item.startedAt) await notifySeanceChanged({ kind: 'bilan', id: bilan.id });
	return ended;
}
