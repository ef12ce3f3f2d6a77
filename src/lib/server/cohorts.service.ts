import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { WALL_KIND, wallKind } from '../boards/mur/model.ts';
import { recordAudit } from './audit.ts';
import { Checker, isUuid } from './bilans.validation.ts';
import { initialState } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import {
	cohortMembers,
	cohorts,
	cohortSeances,
	users,
	type Cohort,
	type CohortMember,
	type CohortSeance
} from './db/schema.ts';
import { DomainError } from './errors.ts';
import {
	canCreateCohort,
	canManageCohort,
	cohortRole,
	type Actor,
	type CohortRole
} from './permissions.ts';

/**
 * Group pre-bilan cohorts (issue 15): creation, séance dates, who takes part (invited by e-mail,
 * or joining by the link's code) and the confidentiality charter. A cohort the actor may not see
 * is "not found", like one that does not exist. Who takes part: `cohort-members.service.ts`;
 * exercises and copies: `cohort-exercises.service.ts`.
 */

export const COHORT_CAPACITY_MIN = 8;
export const COHORT_CAPACITY_MAX = 20;
export const COHORT_NAME_MAX = 120;

export class CohortError extends DomainError {
	readonly reason: 'not_found' | 'forbidden' | 'full' | 'not_beneficiary' | 'over';
	constructor(reason: CohortError['reason'], message: string) {
		super(
			{ not_found: 404, forbidden: 403, full: 409, not_beneficiary: 409, over: 409 }[reason],
			message
		);
		this.reason = reason;
	}
}

const notFound = () =>
	new CohortError('not_found', 'Cette cohorte est introuvable, ou vous n’y avez pas accès.');

/** A cohort as its actor may see it, with what the actor is to it. */
export interface CohortAccess {
	cohort: Cohort;
	role: CohortRole;
	membership: CohortMember | null;
}

/** The cohort `id` and the actor's role in it; `not_found` for whoever may not see it. */
export async function cohortFor(db: Db, actor: Actor, id: string): Promise<CohortAccess> {
	if (!isUuid(id)) throw notFound();
	const [row] = await db
		.select({ cohort: cohorts, membership: cohortMembers })
		.from(cohorts)
		.leftJoin(
			cohortMembers,
			and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, actor.id))
		)
		.where(eq(cohorts.id, id));
	if (!row) throw notFound();
	const role = cohortRole(actor, row.cohort, row.membership);
	if (role === 'none') throw notFound();
	return { cohort: row.cohort, role, membership: row.membership };
}

/** Like `cohortFor`, for those who manage it (`forbidden` for a participant). */
export async function managedCohort(db: Db, actor: Actor, id: string): Promise<CohortAccess> {
	const access = await cohortFor(db, actor, id);
	if (!canManageCohort(access.role)) {
		throw new CohortError('forbidden', 'Seule la personne qui anime la cohorte peut faire cela.');
	}
	return access;
}

/** A join code: 10 letters and digits people can read aloud (no 0/O, 1/I/L). */
export function newJoinCode(): string {
	const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
	const bytes = crypto.getRandomValues(new Uint8Array(10));
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export interface CohortInput {
	name?: unknown;
	facilitatorId?: unknown;
	startDate?: unknown;
	capacity?: unknown;
}

/**
 * Creates a cohort of the actor's organisation. Its facilitator is a consultant of the
 * organisation: the consultant creating it by default; an admin names one.
 */
export async function createCohort(db: Db, actor: Actor, input: CohortInput): Promise<Cohort> {
	if (!canCreateCohort(actor)) {
		throw new CohortError('forbidden', 'Seuls les consultants et les admins créent des cohortes.');
	}
	const check = new Checker();
	const name = check.text('name', input.name, true, COHORT_NAME_MAX);
	const startDate = check.date('startDate', input.startDate, true);
	const capacity =
		input.capacity === undefined || input.capacity === ''
			? COHORT_CAPACITY_MAX
			: check.integer(
					'capacity',
					input.capacity,
					COHORT_CAPACITY_MIN,
					COHORT_CAPACITY_MAX,
					`Indiquez une capacité entre ${COHORT_CAPACITY_MIN} et ${COHORT_CAPACITY_MAX} participants.`
				);
	const wanted =
		input.facilitatorId === undefined || input.facilitatorId === ''
			? actor.role === 'consultant'
				? actor.id
				: check.fail('facilitatorId', 'Choisissez qui anime la cohorte.')
			: check.uuid('facilitatorId', input.facilitatorId, 'Choisissez qui anime la cohorte.');
	check.done();
	const [facilitator] = await db
		.select({ id: users.id })
		.from(users)
		.where(
			and(
				eq(users.id, wanted!),
				eq(users.organisationId, actor.organisationId),
				eq(users.role, 'consultant')
			)
		);
	if (!facilitator) {
		check.fail('facilitatorId', 'La cohorte est animée par un consultant de l’organisme.');
		check.done();
	}
	return db.transaction(async (tx) => {
		const [cohort] = await tx
			.insert(cohorts)
			.values({
				organisationId: actor.organisationId,
				name: name!,
				facilitatorId: facilitator!.id,
				capacity: capacity!,
				startDate: startDate!,
				joinCode: newJoinCode(),
				createdBy: actor.id
			})
			.returning();
		await createCohortWall(tx, cohort!);
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'cohort.create',
			targetType: 'cohort',
			targetId: cohort!.id
		});
		return cohort!;
	});
}

const WALL_TITLE = 'Mur du groupe';

/**
 * The cohort's group wall, « Mur du groupe » (`cohort-wall.service.ts`): made in the cohort's
 * creation transaction.
 */
export async function createCohortWall(db: Db, cohort: Pick<Cohort, 'id' | 'createdBy'>) {
	return createBoardStorage(db).create(
		{ cohortId: cohort.id, kind: WALL_KIND, title: WALL_TITLE, createdBy: cohort.createdBy },
		initialState(wallKind)
	);
}

/** One line of the cohorts list: metadata only (dates, counts). */
export interface CohortListItem {
	id: string;
	name: string;
	startDate: string;
	capacity: number;
	endedAt: Date | null;
	facilitatorName: string | null;
	participants: number;
	role: CohortRole;
}

/**
 * The cohorts an actor sees: an admin every cohort of the organisation, a consultant those they
 * facilitate, a beneficiary those they were invited to or joined.
 */
export async function listCohorts(db: Db, actor: Actor): Promise<CohortListItem[]> {
	const mine = db
		.select({ cohortId: cohortMembers.cohortId })
		.from(cohortMembers)
		.where(eq(cohortMembers.userId, actor.id));
	const where =
		actor.role === 'admin'
			? eq(cohorts.organisationId, actor.organisationId)
			: actor.role === 'consultant'
				? eq(cohorts.facilitatorId, actor.id)
				: inArray(cohorts.id, mine);
	const rows = await db
		.select({
			cohort: cohorts,
			facilitatorName: users.name,
			participants: sql<number>`(select count(*)::int from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohorts.id} and ${cohortMembers.charterAcceptedAt} is not null)`
		})
		.from(cohorts)
		.leftJoin(users, eq(users.id, cohorts.facilitatorId))
		.where(and(where, eq(cohorts.organisationId, actor.organisationId)))
		.orderBy(asc(cohorts.startDate), asc(cohorts.name));
	const memberships = new Map(
		(await db.select().from(cohortMembers).where(eq(cohortMembers.userId, actor.id))).map((m) => [
			m.cohortId,
			m
		])
	);
	return rows
		.map((row) => ({
			id: row.cohort.id,
			name: row.cohort.name,
			startDate: row.cohort.startDate,
			capacity: row.cohort.capacity,
			endedAt: row.cohort.endedAt,
			facilitatorName: row.facilitatorName,
			participants: row.participants,
			role: cohortRole(actor, row.cohort, memberships.get(row.cohort.id) ?? null)
		}))
		.filter((item) => item.role !== 'none');
}

/** A participant as the facilitator sees them; participants see only those who joined. */
export interface CohortPerson {
	id: string;
	name: string;
	status: 'invited' | 'joined' | 'charter';
}

export async function listPeople(db: Db, access: CohortAccess): Promise<CohortPerson[]> {
	if (access.role === 'admin' || access.role === 'none') return [];
	const rows = await db
		.select({ id: users.id, name: users.name, member: cohortMembers })
		.from(cohortMembers)
		.innerJoin(users, eq(users.id, cohortMembers.userId))
		.where(
			and(
				eq(cohortMembers.cohortId, access.cohort.id),
				access.role === 'facilitator' ? undefined : isNotNull(cohortMembers.charterAcceptedAt)
			)
		)
		.orderBy(asc(users.name));
	return rows.map(({ id, name, member }) => ({
		id,
		name,
		status: member.charterAcceptedAt ? 'charter' : member.joinedAt ? 'joined' : 'invited'
	}));
}

/** How many take part (invited or joined): what the capacity counts; an admin sees it. */
export async function countMembers(db: Db, cohortId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(cohortMembers)
		.where(eq(cohortMembers.cohortId, cohortId));
	return row?.n ?? 0;
}

/** A group séance as the cohort's pages and API list it: its dates, never its live state. */
export type CohortSeanceItem = Pick<
	CohortSeance,
	| 'id'
	| 'cohortId'
	| 'startsAt'
	| 'durationMinutes'
	| 'mode'
	| 'startedAt'
	| 'endedAt'
	| 'createdAt'
>;

/**
 * The cohort's group séances. Not the live séance's timer nor the screen's consent
 * (`cohort-seance.service.ts`): a question about a participant's copy names it, and goes only to
 * that participant.
 */
export function listSeances(db: Db, cohortId: string): Promise<CohortSeanceItem[]> {
	return db
		.select({
			id: cohortSeances.id,
			cohortId: cohortSeances.cohortId,
			startsAt: cohortSeances.startsAt,
			durationMinutes: cohortSeances.durationMinutes,
			mode: cohortSeances.mode,
			startedAt: cohortSeances.startedAt,
			endedAt: cohortSeances.endedAt,
			createdAt: cohortSeances.createdAt
		})
		.from(cohortSeances)
		.where(eq(cohortSeances.cohortId, cohortId))
		.orderBy(asc(cohortSeances.startsAt));
}

/** Plans a group séance (the facilitator, or the admin: dates are metadata). */
export async function addSeance(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: { startsAt?: unknown; durationMinutes?: unknown }
): Promise<CohortSeance> {
	const { cohort } = await managedCohort(db, actor, cohortId);
	const check = new Checker();
	const startsAt = check.dateTime('startsAt', input.startsAt);
	const durationMinutes = check.integer(
		'durationMinutes',
		input.durationMinutes,
		15,
		480,
		'Indiquez une durée en minutes, entre 15 et 480 (8 heures).'
	);
	check.done();
	const [seance] = await db
		.insert(cohortSeances)
		.values({ cohortId: cohort.id, startsAt: startsAt!, durationMinutes: durationMinutes! })
		.returning();
	return seance!;
}

/** A new join code: the old link stops working (a link passed too far). */
export async function regenerateJoinCode(db: Db, actor: Actor, cohortId: string): Promise<string> {
	const { cohort } = await managedCohort(db, actor, cohortId);
	const joinCode = newJoinCode();
	await db.update(cohorts).set({ joinCode }).where(eq(cohorts.id, cohort.id));
	return joinCode;
}

/** The cohort a join code opens, for the join page (its name only), or null. */
export async function cohortByCode(db: Db, code: string): Promise<Cohort | null> {
	const normalized = code.trim().toUpperCase();
	if (!/^[A-Z0-9]{10}$/.test(normalized)) return null;
	const [cohort] = await db.select().from(cohorts).where(eq(cohorts.joinCode, normalized));
	return cohort ?? null;
}

/** The consultants an admin may name as facilitator (a consultant facilitates their own). */
export async function facilitatorChoices(
	db: Db,
	actor: Actor
): Promise<{ id: string; name: string }[]> {
	if (actor.role !== 'admin') return [];
	return db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(and(eq(users.organisationId, actor.organisationId), eq(users.role, 'consultant')))
		.orderBy(asc(users.name));
}
