import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { halfDaysOf, type HalfDaySlot } from '../bilans/half-days.ts';
import {
	recordSignature,
	signableHalfDay,
	type SignatureView,
	type SignContext,
	type SignerRole
} from './attendance.service.ts';
import { isUuid } from './bilans.validation.ts';
import { cohortFor, CohortError } from './cohorts.service.ts';
import type { Db } from './db/index.ts';
import {
	attendanceSignatures,
	cohortMembers,
	cohortSeances,
	organisations,
	users,
	type AttendanceSignature,
	type Cohort,
	type CohortSeance
} from './db/schema.ts';
import {
	canSignCohortAttendance,
	cohortAttendanceView,
	PermissionError,
	type Actor
} from './permissions.ts';

/**
 * Attendance of a cohort's group séances (issue 15), on the bilan's mechanism
 * (`attendance.service.ts`): per séance and half-day, the facilitator and each participant sign
 * for themselves once the half-day has started. The facilitator and the organisation's admins
 * read the whole sheet (names and times, never content); a participant reads their own
 * signatures only.
 */

/** One person who signs a cohort's sheet. */
export interface CohortSigner {
	id: string;
	name: string;
	role: SignerRole;
}

export interface CohortAttendanceHalfDay extends HalfDaySlot {
	cohortSeanceId: string;
	/** The half-day has started: it can be signed. */
	open: boolean;
	/** Signatures by signer id: everyone's for the facilitator and admins, one's own otherwise. */
	signatures: Record<string, SignatureView>;
}

export interface CohortAttendanceSeance {
	seance: Pick<CohortSeance, 'id' | 'startsAt' | 'durationMinutes' | 'mode'>;
	endsAt: Date;
	halfDays: CohortAttendanceHalfDay[];
}

export interface CohortAttendanceSheet {
	cohort: Pick<Cohort, 'id' | 'name' | 'organisationId' | 'startDate' | 'endedAt'>;
	organisationName: string;
	/** The rows of the sheet: the facilitator, then the participants (one's own row only). */
	signers: CohortSigner[];
	seances: CohortAttendanceSeance[];
	/** The viewer signs their own row. */
	signAs: SignerRole | null;
	/** The viewer reads everyone's signatures (and may export the sheet). */
	seesAll: boolean;
}

/** The real end once the séance was ended, the planned end before (as for a rendez-vous). */
export function cohortSeanceEnd(
	seance: Pick<CohortSeance, 'startsAt' | 'durationMinutes' | 'endedAt'>
) {
	return seance.endedAt ?? new Date(seance.startsAt.getTime() + seance.durationMinutes * 60_000);
}

const view = (s: AttendanceSignature): SignatureView => ({
	name: s.signerName,
	signedAt: s.signedAt
});

/** The people of the sheet: the facilitator and those who accepted the charter, by name. */
async function signersOf(db: Db, cohort: Cohort): Promise<CohortSigner[]> {
	const facilitator = cohort.facilitatorId
		? await db
				.select({ id: users.id, name: users.name })
				.from(users)
				.where(eq(users.id, cohort.facilitatorId))
		: [];
	const participants = await db
		.select({ id: users.id, name: users.name })
		.from(cohortMembers)
		.innerJoin(users, eq(users.id, cohortMembers.userId))
		.where(and(eq(cohortMembers.cohortId, cohort.id), isNotNull(cohortMembers.charterAcceptedAt)))
		.orderBy(asc(users.name));
	return [
		...facilitator.map((p) => ({ ...p, role: 'consultant' as const })),
		...participants.map((p) => ({ ...p, role: 'beneficiary' as const }))
	];
}

/**
 * The attendance sheet of a cohort: for its facilitator and admins every signature, for a
 * participant their own; a 404 for anyone else (a `joining` person has nothing to sign yet).
 */
export async function cohortAttendanceSheet(
	db: Db,
	actor: Actor,
	cohortId: string,
	now = new Date()
): Promise<CohortAttendanceSheet> {
	const { cohort, role } = await cohortFor(db, actor, cohortId);
	const reads = cohortAttendanceView(role);
	if (reads === 'none') {
		throw new CohortError(
			'not_found',
			'Cette cohorte est introuvable, ou vous n’y avez pas accès.'
		);
	}
	const [organisation] = await db
		.select({ name: organisations.name })
		.from(organisations)
		.where(eq(organisations.id, cohort.organisationId));
	const seances = await db
		.select()
		.from(cohortSeances)
		.where(eq(cohortSeances.cohortId, cohort.id))
		.orderBy(asc(cohortSeances.startsAt), asc(cohortSeances.id));
	const signatures =
		seances.length === 0
			? []
			: await db
					.select()
					.from(attendanceSignatures)
					.where(
						and(
							inArray(
								attendanceSignatures.cohortSeanceId,
								seances.map((s) => s.id)
							),
							reads === 'own' ? eq(attendanceSignatures.signerId, actor.id) : undefined
						)
					);
	const everyone = await signersOf(db, cohort);
	const signers = reads === 'all' ? everyone : everyone.filter((p) => p.id === actor.id);
	// Someone who signed and left the cohort (or was renamed) still shows, as they signed.
	for (const s of signatures) {
		if (s.signerId && !signers.some((p) => p.id === s.signerId)) {
			signers.push({ id: s.signerId, name: s.signerName, role: s.signerRole as SignerRole });
		}
	}
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			organisationId: cohort.organisationId,
			startDate: cohort.startDate,
			endedAt: cohort.endedAt
		},
		organisationName: organisation?.name ?? '',
		signers,
		seances: seances.map((seance) => {
			const endsAt = cohortSeanceEnd(seance);
			return {
				seance,
				endsAt,
				halfDays: halfDaysOf(seance.startsAt, endsAt).map((slot) => ({
					...slot,
					cohortSeanceId: seance.id,
					open: slot.start <= now,
					signatures: Object.fromEntries(
						signatures
							.filter(
								(s) =>
									s.cohortSeanceId === seance.id &&
									s.day === slot.day &&
									s.halfDay === slot.halfDay &&
									s.signerId
							)
							.map((s) => [s.signerId!, view(s)])
					)
				}))
			};
		}),
		signAs: canSignCohortAttendance(role)
			? role === 'facilitator'
				? 'consultant'
				: 'beneficiary'
			: null,
		seesAll: reads === 'all'
	};
}

/** Raw values of the sign button of a group séance's half-day. */
export interface CohortSignInput {
	cohortSeanceId?: unknown;
	day?: unknown;
	halfDay?: unknown;
}

const SEANCE_NOT_FOUND = 'Cette séance de groupe est introuvable.';

/**
 * The signed-in facilitator or participant signs one half-day of a group séance for themself.
 * There is no way to name another signer: the signature is always the actor's.
 */
export async function signCohortAttendance(
	db: Db,
	actor: Actor,
	input: CohortSignInput,
	context: SignContext = {}
): Promise<AttendanceSignature> {
	const now = context.now ?? new Date();
	const id = input.cohortSeanceId;
	const [seance] =
		typeof id === 'string' && isUuid(id)
			? await db.select().from(cohortSeances).where(eq(cohortSeances.id, id.toLowerCase()))
			: [];
	if (!seance) throw new PermissionError('not_found', SEANCE_NOT_FOUND);
	const { cohort, role } = await cohortFor(db, actor, seance.cohortId).catch(() => {
		throw new PermissionError('not_found', SEANCE_NOT_FOUND);
	});
	if (!canSignCohortAttendance(role)) {
		throw new PermissionError(
			'forbidden',
			'Seuls les participants et la personne qui anime signent, chacun pour soi.'
		);
	}
	const slot = signableHalfDay(input, halfDaysOf(seance.startsAt, cohortSeanceEnd(seance)), now);
	return recordSignature(
		db,
		actor,
		{
			seance: { cohortSeanceId: seance.id },
			slot,
			signerRole: role === 'facilitator' ? 'consultant' : 'beneficiary',
			audit: { organisationId: cohort.organisationId, targetType: 'cohort', targetId: cohort.id }
		},
		context,
		now
	);
}
