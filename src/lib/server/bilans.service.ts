import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { FORMATS, FUNDINGS, PHASES } from '../bilans/values.ts';
import { recordAudit } from './audit.ts';
import { recheckConnections } from './board-writer.ts';
import type { Db } from './db/index.ts';
import {
	bilans,
	formatEnum,
	fundingEnum,
	organisations,
	phaseEnum,
	rendezVous,
	users,
	type Bilan,
	type BilanFormat,
	type Funding,
	type Phase
} from './db/schema.ts';
import {
	canAssignConsultant,
	canCreateBilan,
	canManageBilan,
	canViewBilan,
	isClosedPhase,
	PermissionError,
	visibleBilans,
	type Actor
} from './permissions.ts';
import { Checker, isUuid, ValidationError } from './bilans.validation.ts';
import { phaseSnapshotLabel, snapshotBilanBoards } from './snapshots.service.ts';

/**
 * The bilan record (dossier) without its boards: who, funding, format, dates, phase and hours.
 * Every function takes the acting user and decides through permissions.ts. A bilan the actor may
 * not see is "not found", exactly like one that does not exist, so ids reveal nothing.
 */

// The browser-safe lists must stay the database's: a drifting enum stops the process at import.
const sameValues = <T extends string>(a: readonly T[], b: readonly T[]) =>
	a.length === b.length && a.every((v, i) => v === b[i]);
if (
	!sameValues<Phase>(PHASES, phaseEnum.enumValues) ||
	!sameValues<Funding>(FUNDINGS, fundingEnum.enumValues) ||
	!sameValues<BilanFormat>(FORMATS, formatEnum.enumValues)
) {
	throw new Error('src/lib/bilans/values.ts no longer matches the database enums');
}

export const BILAN_NOT_FOUND = 'Ce bilan est introuvable, ou vous n’y avez pas accès.';

function notFound(): PermissionError {
	return new PermissionError('not_found', BILAN_NOT_FOUND);
}

function forbidden(message: string): PermissionError {
	return new PermissionError('forbidden', message);
}

/** A bilan as lists and pages show it: metadata and hours, never board content. */
export interface BilanSummary extends Bilan {
	/** For the headers of the record's documents (attendance sheet, synthèse). */
	organisationName: string;
	beneficiaryName: string;
	consultantName: string | null;
	/** Sum of the rendez-vous durations. */
	usedMinutes: number;
	/** The first rendez-vous still to come, if any. */
	nextRendezVousAt: Date | null;
}

const beneficiary = alias(users, 'beneficiary');
const consultant = alias(users, 'consultant');

function summaryQuery(db: Db, now: Date) {
	const usedMinutes = sql<number>`(select coalesce(sum(${rendezVous.durationMinutes}), 0)::int from ${rendezVous} where ${rendezVous.bilanId} = ${bilans.id})`;
	const nextRendezVousAt = sql<Date | null>`(select min(${rendezVous.startsAt}) from ${rendezVous} where ${rendezVous.bilanId} = ${bilans.id} and ${rendezVous.startsAt} > ${now.toISOString()}::timestamptz)`;
	return db
		.select({
			bilan: bilans,
			organisationName: organisations.name,
			beneficiaryName: beneficiary.name,
			consultantName: consultant.name,
			usedMinutes: usedMinutes.mapWith(Number),
			nextRendezVousAt: nextRendezVousAt.mapWith(rendezVous.startsAt)
		})
		.from(bilans)
		.innerJoin(organisations, eq(organisations.id, bilans.organisationId))
		.innerJoin(beneficiary, eq(beneficiary.id, bilans.beneficiaryId))
		.leftJoin(consultant, eq(consultant.id, bilans.consultantId))
		.$dynamic();
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function toSummary(row: SummaryRow): BilanSummary {
	return {
		...row.bilan,
		organisationName: row.organisationName,
		beneficiaryName: row.beneficiaryName,
		consultantName: row.consultantName,
		usedMinutes: row.usedMinutes,
		nextRendezVousAt: row.nextRendezVousAt
	};
}

export interface ListBilansOptions {
	/** Only bilans in this phase; an unknown value is a validation error. */
	phase?: string | null;
	now?: Date;
}

/** The bilans the actor may see, most recent start first. */
export async function listBilans(
	db: Db,
	actor: Actor,
	options: ListBilansOptions = {}
): Promise<BilanSummary[]> {
	const conditions: (SQL | undefined)[] = [visibleBilans(actor)];
	if (options.phase) {
		const check = new Checker();
		const phase = check.oneOf('phase', options.phase, PHASES, 'Cette phase n’existe pas.');
		check.done();
		conditions.push(eq(bilans.phase, phase!));
	}
	const rows = await summaryQuery(db, options.now ?? new Date())
		.where(and(...conditions))
		.orderBy(desc(bilans.startDate), desc(bilans.createdAt));
	return rows.map(toSummary);
}

/** One bilan; PermissionError `not_found` when it does not exist or is not the actor's to see. */
export async function getBilan(
	db: Db,
	actor: Actor,
	id: string,
	now = new Date()
): Promise<BilanSummary> {
	if (!isUuid(id)) throw notFound();
	const [row] = await summaryQuery(db, now).where(eq(bilans.id, id.toLowerCase()));
	if (!row || !canViewBilan(actor, row.bilan)) throw notFound();
	return toSummary(row);
}

/**
 * Loads a bilan the actor must be able to manage: not found when they cannot even see it,
 * forbidden when they can (a beneficiary knows their own bilan exists).
 */
export async function managedBilan(db: Db, actor: Actor, id: string): Promise<Bilan> {
	if (!isUuid(id)) throw notFound();
	const [bilan] = await db.select().from(bilans).where(eq(bilans.id, id.toLowerCase()));
	if (!bilan || !canViewBilan(actor, bilan)) throw notFound();
	if (!canManageBilan(actor, bilan)) {
		throw forbidden('Seule la personne qui accompagne ce bilan peut le modifier.');
	}
	return bilan;
}

export interface Person {
	id: string;
	name: string;
	email: string;
	/** Invited but has not chosen a password yet. */
	pending: boolean;
}

async function peopleOf(db: Db, organisationId: string, role: 'beneficiary' | 'consultant') {
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			pending: sql<boolean>`${users.passwordHash} is null`
		})
		.from(users)
		.where(and(eq(users.organisationId, organisationId), eq(users.role, role)))
		.orderBy(asc(users.name));
	return rows.map((row): Person => ({ ...row, pending: Boolean(row.pending) }));
}

/** Who a new bilan can be opened for, and who can be put in charge: the actor's organisation. */
export async function bilanCandidates(
	db: Db,
	actor: Actor
): Promise<{ beneficiaries: Person[]; consultants: Person[] }> {
	if (!canCreateBilan(actor)) throw forbidden('Vous ne pouvez pas ouvrir de bilan.');
	return {
		beneficiaries: await peopleOf(db, actor.organisationId, 'beneficiary'),
		consultants: await peopleOf(db, actor.organisationId, 'consultant')
	};
}

/** The user `userId` when they have that role in that organisation. */
async function personIn(
	db: Db,
	userId: string,
	organisationId: string,
	role: 'beneficiary' | 'consultant'
): Promise<{ name: string } | undefined> {
	const [row] = await db
		.select({ name: users.name })
		.from(users)
		.where(
			and(eq(users.id, userId), eq(users.organisationId, organisationId), eq(users.role, role))
		);
	return row;
}

/** Raw values as a form or a JSON body sends them; everything is checked. */
export interface BilanFields {
	funding?: unknown;
	format?: unknown;
	startDate?: unknown;
	endDate?: unknown;
	/** Hours, as a number or a string ("24", "12,5"). */
	plannedHours?: unknown;
	/** Held (partly) during working time: `true`/`false` or the form's "true"/"false". */
	workingTime?: unknown;
}

export interface CreateBilanInput extends BilanFields {
	beneficiaryId?: unknown;
	/** Admins choose; a consultant is always the one in charge of what they open. */
	consultantId?: unknown;
}

const FUNDING_MESSAGE = 'Choisissez un financement dans la liste.';
const FORMAT_MESSAGE = 'Choisissez un format dans la liste.';
const END_BEFORE_START = 'La date de fin doit être le même jour que le début ou après.';

/** Working time as sent; undefined when left out (or blank: forms and scripts from before it). */
function workingTimeOf(check: Checker, raw: unknown): boolean | undefined {
	if (raw === undefined || raw === '') return undefined;
	if (raw === true || raw === 'true') return true;
	if (raw === false || raw === 'false') return false;
	return check.fail('workingTime', 'Indiquez si le bilan a lieu sur le temps de travail.');
}

/** Opens a bilan, in phase préliminaire. */
export async function createBilan(db: Db, actor: Actor, input: CreateBilanInput): Promise<Bilan> {
	if (!canCreateBilan(actor)) throw forbidden('Vous ne pouvez pas ouvrir de bilan.');
	const check = new Checker();
	const beneficiaryId = check.uuid(
		'beneficiaryId',
		input.beneficiaryId,
		'Choisissez la personne bénéficiaire dans la liste.'
	);
	let consultantId: string | null = actor.role === 'consultant' ? actor.id : null;
	if (actor.role === 'admin' && input.consultantId !== undefined && input.consultantId !== '') {
		consultantId =
			check.uuid(
				'consultantId',
				input.consultantId,
				'Choisissez un·e consultant·e dans la liste.'
			) ?? null;
	}
	const funding = check.oneOf('funding', input.funding, FUNDINGS, FUNDING_MESSAGE);
	const format = check.oneOf('format', input.format, FORMATS, FORMAT_MESSAGE);
	const startDate = check.date('startDate', input.startDate, true);
	const endDate = check.date('endDate', input.endDate, false);
	const plannedMinutes = check.plannedMinutes('plannedHours', input.plannedHours);
	const workingTime = workingTimeOf(check, input.workingTime) ?? false;
	if (startDate && endDate && endDate < startDate) check.fail('endDate', END_BEFORE_START);
	if (beneficiaryId && !(await personIn(db, beneficiaryId, actor.organisationId, 'beneficiary'))) {
		check.fail('beneficiaryId', 'Choisissez la personne bénéficiaire dans la liste.');
	}
	if (
		actor.role === 'admin' &&
		consultantId &&
		!(await personIn(db, consultantId, actor.organisationId, 'consultant'))
	) {
		check.fail('consultantId', 'Choisissez un·e consultant·e dans la liste.');
	}
	check.done();
	return db.transaction(async (tx) => {
		const [bilan] = await tx
			.insert(bilans)
			.values({
				organisationId: actor.organisationId,
				beneficiaryId: beneficiaryId!,
				consultantId,
				funding: funding!,
				format: format!,
				startDate: startDate!,
				endDate: endDate ?? null,
				plannedMinutes: plannedMinutes!,
				workingTime
			})
			.returning();
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'bilan.create',
			targetType: 'bilan',
			targetId: bilan!.id,
			detail: { beneficiaryId, consultantId }
		});
		return bilan!;
	});
}

/** Changes funding, format, dates, planned hours or working time; fields left undefined stay as they are. */
export async function updateBilan(
	db: Db,
	actor: Actor,
	id: string,
	input: BilanFields
): Promise<Bilan> {
	const current = await managedBilan(db, actor, id);
	const check = new Checker();
	const changes: Partial<Bilan> = {};
	if (input.funding !== undefined)
		changes.funding = check.oneOf('funding', input.funding, FUNDINGS, FUNDING_MESSAGE);
	if (input.format !== undefined)
		changes.format = check.oneOf('format', input.format, FORMATS, FORMAT_MESSAGE);
	if (input.startDate !== undefined)
		changes.startDate = check.date('startDate', input.startDate, true) ?? undefined;
	if (input.endDate !== undefined) changes.endDate = check.date('endDate', input.endDate, false);
	if (input.plannedHours !== undefined)
		changes.plannedMinutes = check.plannedMinutes('plannedHours', input.plannedHours);
	const workingTime = workingTimeOf(check, input.workingTime);
	if (workingTime !== undefined) changes.workingTime = workingTime;
	const start = changes.startDate ?? current.startDate;
	const end = changes.endDate === undefined ? current.endDate : changes.endDate;
	if (!check.errors.startDate && !check.errors.endDate && end && end < start) {
		check.fail('endDate', END_BEFORE_START);
	}
	check.done();
	const changed = Object.keys(changes).filter(
		(key) => changes[key as keyof Bilan] !== current[key as keyof Bilan]
	);
	return db.transaction(async (tx) => {
		const [bilan] = await tx
			.update(bilans)
			.set({ ...changes, updatedAt: new Date() })
			.where(eq(bilans.id, current.id))
			.returning();
		await recordAudit(tx, {
			organisationId: current.organisationId,
			actorId: actor.id,
			action: 'bilan.update',
			targetType: 'bilan',
			targetId: current.id,
			detail: { fields: changed }
		});
		return bilan!;
	});
}

/**
 * Puts a consultant of the organisation in charge (admins only). The journal names both, so an
 * admin cannot slip an account of their own in and out unnoticed: the beneficiary reads it there
 * and on their home page. Choosing the consultant already in charge changes nothing.
 */
export async function assignConsultant(
	db: Db,
	actor: Actor,
	id: string,
	consultantId: unknown
): Promise<Bilan> {
	const current = await getBilan(db, actor, id);
	if (!canAssignConsultant(actor, current)) {
		throw forbidden('Seule l’administration de l’organisme peut changer de consultant·e.');
	}
	const check = new Checker();
	const message = 'Choisissez un·e consultant·e dans la liste.';
	const target = check.uuid('consultantId', consultantId, message);
	const chosen = target ? await personIn(db, target, current.organisationId, 'consultant') : null;
	if (target && !chosen) check.fail('consultantId', message);
	check.done();
	if (target === current.consultantId) return current;
	const assigned = await db.transaction(async (tx) => {
		const [bilan] = await tx
			.update(bilans)
			.set({ consultantId: target!, updatedAt: new Date() })
			.where(eq(bilans.id, current.id))
			.returning();
		await recordAudit(tx, {
			organisationId: current.organisationId,
			actorId: actor.id,
			action: 'bilan.assign',
			targetType: 'bilan',
			targetId: current.id,
			detail: {
				from: current.consultantId,
				to: target,
				fromName: current.consultantName,
				toName: chosen!.name
			}
		});
		return bilan!;
	});
	// The previous consultant's open boards of this bilan close now, not at the next re-check.
	if (current.consultantId) await recheckConnections({ userIds: [current.consultantId] });
	return assigned;
}

/**
 * Moves the bilan to any phase before the close (forward is the usual path, but a mistake must
 * be fixable), or between `suivi` and `clos` once closed (closure.service.ts is the only way into
 * `suivi`); every move is recorded. Moving to the current phase changes nothing.
 */
export async function movePhase(db: Db, actor: Actor, id: string, phase: unknown): Promise<Bilan> {
	const current = await managedBilan(db, actor, id);
	const check = new Checker();
	const target = check.oneOf('phase', phase, PHASES, 'Cette phase n’existe pas.');
	check.done();
	if (target === current.phase) return current;
	// Destruction cannot be undone: suivi is reached by closing the bilan, and never left backwards.
	if (isClosedPhase(target!) !== isClosedPhase(current.phase)) {
		check.fail(
			'phase',
			isClosedPhase(current.phase)
				? 'Ce bilan est clôturé : il ne peut pas revenir à une phase précédente.'
				: 'Pour passer au suivi, clôturez le bilan depuis la page « Clôturer le bilan ».'
		);
		check.done();
	}
	return db.transaction(async (tx) => {
		// The boards as they were at the end of the phase being left, with the move or not at all.
		await snapshotBilanBoards(tx, {
			bilanId: current.id,
			trigger: 'phase',
			label: phaseSnapshotLabel(target!),
			actorId: actor.id
		});
		const [bilan] = await tx
			.update(bilans)
			.set({ phase: target!, updatedAt: new Date() })
			.where(eq(bilans.id, current.id))
			.returning();
		await recordAudit(tx, {
			organisationId: current.organisationId,
			actorId: actor.id,
			action: 'bilan.phase',
			targetType: 'bilan',
			targetId: current.id,
			detail: { from: current.phase, to: target }
		});
		return bilan!;
	});
}

export { ValidationError };
