import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from './audit.ts';
import { Checker } from './bilans.validation.ts';
import {
	cohortByCode,
	cohortFor,
	CohortError,
	countMembers,
	managedCohort
} from './cohorts.service.ts';
import type { Db } from './db/index.ts';
import { isUniqueViolation } from './db/errors.ts';
import { cohortMembers, cohorts, users, type Cohort } from './db/schema.ts';
import type { Actor } from './permissions.ts';
import { inviteMember, type HandedOverInvitation, type HandOverContext } from './team.service.ts';

/**
 * Who takes part in a cohort (issue 15): invited by e-mail, joining by the link's code, and the
 * confidentiality charter each participant accepts before seeing any exercise.
 */

/**
 * Adds `userId` to the cohort, invited or joined, under the capacity: the cohort row is locked, so
 * two people joining at once cannot pass it. Someone already there keeps their row (a join after
 * an invitation marks it joined). Never changes anyone's role: only beneficiaries of the
 * organisation take part.
 */
export async function addMember(
	db: Db,
	cohort: Cohort,
	person: { id: string; role: string; organisationId: string },
	how: 'invited' | 'joined',
	now = new Date()
): Promise<void> {
	if (person.role !== 'beneficiary' || person.organisationId !== cohort.organisationId) {
		throw new CohortError(
			'not_beneficiary',
			'Seuls les bénéficiaires de l’organisme participent à une cohorte.'
		);
	}
	if (cohort.endedAt) throw new CohortError('over', 'Cette cohorte est terminée.');
	await db.transaction(async (tx) => {
		await tx.execute(sql`select 1 from ${cohorts} where ${cohorts.id} = ${cohort.id} for update`);
		const [existing] = await tx
			.select()
			.from(cohortMembers)
			.where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, person.id)));
		if (existing) {
			if (how === 'joined' && !existing.joinedAt) {
				await tx
					.update(cohortMembers)
					.set({ joinedAt: now })
					.where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, person.id)));
			}
			return;
		}
		if ((await countMembers(tx, cohort.id)) >= cohort.capacity) {
			throw new CohortError('full', 'Cette cohorte est complète.');
		}
		try {
			await tx.insert(cohortMembers).values({
				cohortId: cohort.id,
				userId: person.id,
				invitedAt: how === 'invited' ? now : null,
				joinedAt: how === 'joined' ? now : null
			});
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
		}
	});
}

/** What the facilitator is told after inviting someone by e-mail. */
export type CohortInvitation =
	{ account: 'new'; handedOver: HandedOverInvitation } | { account: 'existing'; name: string };

/**
 * Invites a participant by e-mail. Someone without an account gets one as a beneficiary of the
 * organisation, with the team's invitation link (`inviteMember`); an existing beneficiary of the
 * organisation is added as invited and finds the cohort on their home page. An existing account
 * is never changed: an admin, a consultant or someone of another organisation is refused.
 */
export async function inviteToCohort(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: { email?: unknown; name?: unknown },
	context: HandOverContext
): Promise<CohortInvitation> {
	const { cohort, role } = await managedCohort(db, actor, cohortId);
	if (role !== 'facilitator') {
		throw new CohortError('forbidden', 'Les participants sont invités par qui anime la cohorte.');
	}
	const check = new Checker();
	const email = check.email('email', input.email, true);
	const name = check.text('name', input.name, false);
	check.done();
	const [existing] = await db.select().from(users).where(eq(users.email, email!));
	if (existing) {
		await addMember(db, cohort, existing, 'invited');
		return { account: 'existing', name: existing.name };
	}
	if (!name) {
		check.fail('name', 'Indiquez le nom de la personne : elle n’a pas encore de compte.');
		check.done();
	}
	if ((await countMembers(db, cohort.id)) >= cohort.capacity) {
		throw new CohortError('full', 'Cette cohorte est complète.');
	}
	const handedOver = await inviteMember(
		db,
		actor,
		{ email: email!, name: name!, role: 'beneficiary' },
		context
	);
	const [created] = await db.select().from(users).where(eq(users.email, email!));
	await addMember(db, cohort, created!, 'invited');
	return { account: 'new', handedOver };
}

/** A logged-in beneficiary joins by the link's code. */
export async function joinByCode(db: Db, actor: Actor, code: string): Promise<Cohort> {
	const cohort = await cohortByCode(db, code);
	if (!cohort || cohort.organisationId !== actor.organisationId) {
		throw new CohortError('not_found', 'Ce lien de cohorte n’est pas (ou plus) valable.');
	}
	await addMember(db, cohort, actor, 'joined');
	await recordAudit(db, {
		organisationId: cohort.organisationId,
		actorId: actor.id,
		action: 'cohort.join',
		targetType: 'cohort',
		targetId: cohort.id
	});
	return cohort;
}

/**
 * The participant accepts the confidentiality charter (an invited one joins by it). The copies of
 * the exercises already handed out are then made (`onAccepted`, from the exercises service).
 */
export async function acceptCharter(
	db: Db,
	actor: Actor,
	cohortId: string,
	onAccepted: (db: Db, cohort: Cohort, userId: string) => Promise<void>,
	now = new Date()
): Promise<void> {
	const { cohort, role } = await cohortFor(db, actor, cohortId);
	if (role === 'participant') return;
	if (role !== 'joining') {
		throw new CohortError('forbidden', 'La charte est acceptée par chaque participant.');
	}
	await db
		.update(cohortMembers)
		.set({
			charterAcceptedAt: now,
			joinedAt: sql`coalesce(${cohortMembers.joinedAt}, ${now.toISOString()}::timestamptz)`
		})
		.where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, actor.id)));
	await recordAudit(db, {
		organisationId: cohort.organisationId,
		actorId: actor.id,
		action: 'cohort.charter',
		targetType: 'cohort',
		targetId: cohort.id
	});
	await onAccepted(db, cohort, actor.id);
}
