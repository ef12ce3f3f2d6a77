import { asc, eq, inArray } from 'drizzle-orm';
import { HALF_DAYS, halfDaysOf, type HalfDaySlot } from '../bilans/half-days.ts';
import { hoursStatus, LEGAL_MAX_MINUTES, type HoursStatus } from '../bilans/values.ts';
import { recordAudit } from './audit.ts';
import { getBilan, type BilanSummary } from './bilans.service.ts';
import {
	rendezVousEnd,
	rendezVousFor,
	visibleRendezVous,
	type RendezVous
} from './rendezvous.service.ts';
import { Checker, ValidationError } from './bilans.validation.ts';
import { isUniqueViolation } from './db/errors.ts';
import type { Db } from './db/index.ts';
import {
	attendanceSignatures,
	halfDayEnum,
	rendezVous,
	type AttendanceSignature
} from './db/schema.ts';
import { canEndSeance, canSignAttendance, PermissionError, type Actor } from './permissions.ts';

/**
 * Attendance per half-day (CPF "service fait"): for each rendez-vous and each half-day it covers,
 * the times, mode and phase, and the signatures of the consultant and the beneficiary. A
 * signature is a simple electronic signature: an explicit click by the signed-in person, for
 * themself, once the half-day has started; it stores when, the name at that moment, the IP
 * address and the browser. Nothing here is board content, so admins read it too. A cohort's group
 * séances are signed the same way (`cohort-attendance.service.ts`), through `signableHalfDay` and
 * `recordSignature`: one mechanism, one table.
 */

if (HALF_DAYS.join() !== halfDayEnum.enumValues.join()) {
	throw new Error('src/lib/bilans/half-days.ts no longer matches the database enum');
}

/** Who signs: the two roles a feuille de présence asks for. */
export type SignerRole = 'consultant' | 'beneficiary';

/** A signature as the sheet shows it (the IP and browser stay in the database for audits). */
export interface SignatureView {
	name: string;
	signedAt: Date;
}

export interface AttendanceHalfDay extends HalfDaySlot {
	rendezVousId: string;
	mode: RendezVous['mode'];
	phase: RendezVous['phase'];
	consultant: SignatureView | null;
	beneficiary: SignatureView | null;
	/** The half-day has started: it can be signed. */
	open: boolean;
}

export interface AttendanceRendezVous {
	rendezVous: RendezVous;
	/** The real end once the séance was ended, the planned end before. */
	endsAt: Date;
	halfDays: AttendanceHalfDay[];
}

export interface AttendanceSheet {
	bilan: BilanSummary;
	organisationName: string;
	rendezVous: AttendanceRendezVous[];
	hours: {
		usedMinutes: number;
		plannedMinutes: number;
		legalMaxMinutes: number;
		status: HoursStatus;
		/** Minutes of the half-days both people signed. */
		signedMinutes: number;
	};
	/** The role the viewer signs as; null for those who never sign (admins). */
	signAs: SignerRole | null;
	/** The viewer may end the séances ("Terminer la séance"). */
	canEndSeance: boolean;
}

function view(signature: AttendanceSignature | undefined): SignatureView | null {
	return signature ? { name: signature.signerName, signedAt: signature.signedAt } : null;
}

function signerRole(actor: Actor): SignerRole | null {
	return actor.role === 'consultant' || actor.role === 'beneficiary' ? actor.role : null;
}

/** The attendance sheet of a bilan, for those who may see the bilan (admins included). */
export async function attendanceSheet(
	db: Db,
	actor: Actor,
	bilanId: string,
	now = new Date()
): Promise<AttendanceSheet> {
	const bilan = await getBilan(db, actor, bilanId, now);
	const items = await db
		.select()
		.from(rendezVous)
		.where(eq(rendezVous.bilanId, bilan.id))
		.orderBy(asc(rendezVous.startsAt), asc(rendezVous.id));
	const signatures =
		items.length === 0
			? []
			: await db
					.select()
					.from(attendanceSignatures)
					.where(
						inArray(
							attendanceSignatures.rendezVousId,
							items.map((item) => item.id)
						)
					);
	const signed = new Map(
		signatures.map((s) => [`${s.rendezVousId}|${s.day}|${s.halfDay}|${s.signerRole}`, s])
	);
	let signedMinutes = 0;
	const sheet = items.map((item): AttendanceRendezVous => {
		const endsAt = rendezVousEnd(item);
		const halfDays = halfDaysOf(item.startsAt, endsAt).map((slot): AttendanceHalfDay => {
			const key = `${item.id}|${slot.day}|${slot.halfDay}`;
			const consultant = view(signed.get(`${key}|consultant`));
			const beneficiary = view(signed.get(`${key}|beneficiary`));
			if (consultant && beneficiary) signedMinutes += slot.minutes;
			return {
				...slot,
				rendezVousId: item.id,
				mode: item.mode,
				phase: item.phase,
				consultant,
				beneficiary,
				open: slot.start <= now
			};
		});
		return { rendezVous: rendezVousFor(actor, bilan, item), endsAt, halfDays };
	});
	return {
		bilan,
		organisationName: bilan.organisationName,
		rendezVous: sheet,
		hours: {
			usedMinutes: bilan.usedMinutes,
			plannedMinutes: bilan.plannedMinutes,
			legalMaxMinutes: LEGAL_MAX_MINUTES,
			status: hoursStatus(bilan.usedMinutes, bilan.plannedMinutes),
			signedMinutes
		},
		signAs: canSignAttendance(actor, bilan) ? signerRole(actor) : null,
		canEndSeance: canEndSeance(actor, bilan)
	};
}

/** Raw values as the sign button or a JSON body sends them. */
export interface SignInput {
	rendezVousId?: unknown;
	/** `YYYY-MM-DD`, Paris calendar day. */
	day?: unknown;
	halfDay?: unknown;
}

/** Where a signature comes from, kept as evidence. */
export interface SignContext {
	ip?: string | null;
	userAgent?: string | null;
	now?: Date;
}

/** Browsers send long user agents; this keeps the evidence without letting a client flood it. */
const USER_AGENT_MAX = 500;

export const ALREADY_SIGNED = 'Vous avez déjà signé cette demi-journée : c’est bien enregistré.';
export const NOT_STARTED = 'Vous pourrez signer quand cette demi-journée aura commencé.';

/**
 * The half-day `input` names among a séance's `slots` (a rendez-vous's or a group séance's),
 * checked: the séance covers it and it has started.
 */
export function signableHalfDay(input: SignInput, slots: HalfDaySlot[], now: Date): HalfDaySlot {
	const check = new Checker();
	const day = check.date('day', input.day, true);
	const halfDay = check.oneOf('halfDay', input.halfDay, HALF_DAYS, 'Choisissez une demi-journée.');
	check.done();
	const slot = slots.find((s) => s.day === day && s.halfDay === halfDay);
	if (!slot) throw new ValidationError({ halfDay: 'La séance n’a pas lieu à ce moment-là.' });
	if (slot.start > now) throw new ValidationError({ halfDay: NOT_STARTED });
	return slot;
}

/** What one signature records: which séance (a rendez-vous or a group séance), who, as what. */
export interface SignatureRecord {
	seance: { rendezVousId: string } | { cohortSeanceId: string };
	slot: HalfDaySlot;
	signerRole: SignerRole;
	/** The record the audit event is about: the bilan, or the cohort. */
	audit: { organisationId: string; targetType: 'bilan' | 'cohort'; targetId: string };
}

/**
 * Stores the actor's own signature of a half-day and its audit event, in one transaction. The
 * unique keys (one per role for a rendez-vous, one per person for a group séance) refuse a second
 * signature, even from two clicks at the same moment.
 */
export async function recordSignature(
	db: Db,
	actor: Actor,
	record: SignatureRecord,
	context: SignContext,
	now: Date
): Promise<AttendanceSignature> {
	const { slot, signerRole: role } = record;
	try {
		return await db.transaction(async (tx) => {
			const [signature] = await tx
				.insert(attendanceSignatures)
				.values({
					...record.seance,
					day: slot.day,
					halfDay: slot.halfDay,
					signerId: actor.id,
					signerRole: role,
					signerName: actor.name,
					signedAt: now,
					ip: context.ip ?? null,
					userAgent: context.userAgent?.slice(0, USER_AGENT_MAX) ?? null
				})
				.returning();
			await recordAudit(tx, {
				...record.audit,
				actorId: actor.id,
				action: 'attendance.sign',
				ip: context.ip ?? undefined,
				detail: { ...record.seance, day: slot.day, halfDay: slot.halfDay, role }
			});
			return signature!;
		});
	} catch (cause) {
		if (isUniqueViolation(cause)) throw new ValidationError({ halfDay: ALREADY_SIGNED });
		throw cause;
	}
}

/**
 * The signed-in person signs one half-day of a rendez-vous for themself (their role decides the
 * column). Admins never sign; another consultant or beneficiary cannot even see the bilan.
 */
export async function signAttendance(
	db: Db,
	actor: Actor,
	input: SignInput,
	context: SignContext = {}
): Promise<AttendanceSignature> {
	const now = context.now ?? new Date();
	const { item, bilan } = await visibleRendezVous(db, actor, input.rendezVousId);
	const role = signerRole(actor);
	if (!role || !canSignAttendance(actor, bilan)) {
		throw new PermissionError(
			'forbidden',
			'Seules la personne accompagnée et sa ou son consultant·e signent, chacune pour elle-même.'
		);
	}
	const slot = signableHalfDay(input, halfDaysOf(item.startsAt, rendezVousEnd(item)), now);
	return recordSignature(
		db,
		actor,
		{
			seance: { rendezVousId: item.id },
			slot,
			signerRole: role,
			audit: { organisationId: bilan.organisationId, targetType: 'bilan', targetId: bilan.id }
		},
		context,
		now
	);
}
