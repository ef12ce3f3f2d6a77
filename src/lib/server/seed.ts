import { count } from 'drizzle-orm';
import { hashPassword } from './auth/password.ts';
import type { Db } from './db/index.ts';
import { boardKinds } from '../boards/registry.ts';
import { copiesForNewParticipant, createExercise } from './cohort-exercises.service.ts';
import { acceptCharter, joinByCode } from './cohort-members.service.ts';
import { createCohort } from './cohorts.service.ts';
import { bilans, cohortSeances, organisations, rendezVous, users, type User } from './db/schema.ts';

export const DEMO_PASSWORD = 'atelier-demo';

/** True when the instance has no organisation yet. */
async function isEmpty(db: Db): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(organisations);
	return (row?.n ?? 0) === 0;
}

/**
 * Seeds the demo organisation (see README) in one transaction, only into an empty database, and
 * its demo cohort through the cohort services.
 * Returns false and changes nothing when any organisation exists.
 */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
	if (!(await isEmpty(db))) return false;
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const people = await db.transaction(async (tx) => {
		const [org] = await tx
			.insert(organisations)
			.values({ name: 'Cabinet Horizons (démo)' })
			.returning();
		const person = (email: string, name: string, role: 'admin' | 'consultant' | 'beneficiary') => ({
			organisationId: org!.id,
			email,
			name,
			role,
			passwordHash
		});
		const [, consultante, beneficiaire, beneficiaire2] = await tx
			.insert(users)
			.values([
				person('admin@demo.atelier.fr', 'Alice Administratrice', 'admin'),
				person('consultante@demo.atelier.fr', 'Claire Consultante', 'consultant'),
				person('beneficiaire@demo.atelier.fr', 'Bruno Bénéficiaire', 'beneficiary'),
				person('beneficiaire2@demo.atelier.fr', 'Nadia Bénéficiaire', 'beneficiary')
			])
			.returning();
		const [investigation, conclusion] = await tx
			.insert(bilans)
			.values([
				{
					organisationId: org!.id,
					beneficiaryId: beneficiaire!.id,
					consultantId: consultante!.id,
					funding: 'cpf',
					format: 'hybride',
					phase: 'investigation',
					startDate: '2026-10-05',
					plannedMinutes: 24 * 60
				},
				{
					organisationId: org!.id,
					beneficiaryId: beneficiaire2!.id,
					consultantId: consultante!.id,
					funding: 'opco',
					format: 'distanciel',
					phase: 'conclusion',
					startDate: '2026-09-07',
					plannedMinutes: 20 * 60
				}
			])
			.returning();
		await tx.insert(rendezVous).values([
			{
				bilanId: investigation!.id,
				startsAt: new Date('2026-10-05T09:00:00+02:00'),
				durationMinutes: 120,
				mode: 'presentiel',
				phase: 'preliminaire',
				createdBy: consultante!.id
			},
			{
				bilanId: investigation!.id,
				startsAt: new Date('2026-10-19T14:00:00+02:00'),
				durationMinutes: 180,
				mode: 'distanciel',
				phase: 'investigation',
				createdBy: consultante!.id
			},
			{
				bilanId: conclusion!.id,
				startsAt: new Date('2026-09-07T10:00:00+02:00'),
				durationMinutes: 120,
				mode: 'distanciel',
				phase: 'preliminaire',
				createdBy: consultante!.id
			},
			{
				bilanId: conclusion!.id,
				startsAt: new Date('2026-10-12T10:00:00+02:00'),
				durationMinutes: 180,
				mode: 'distanciel',
				phase: 'investigation',
				createdBy: consultante!.id
			}
		]);
		return { consultante: consultante!, participants: [beneficiaire!, beneficiaire2!] };
	});
	await seedDemoCohort(db, people.consultante, people.participants);
	return true;
}

/**
 * A group pre-bilan cohort led by Claire, which Bruno and Nadia joined (charter accepted), with an
 * exercise handed out: each has a private copy, Claire the gallery (issue 15).
 */
async function seedDemoCohort(db: Db, facilitator: User, participants: User[]): Promise<void> {
	const cohort = await createCohort(db, facilitator, {
		name: 'Cohorte de printemps',
		startDate: '2026-11-02'
	});
	await db.insert(cohortSeances).values(
		[2, 9, 16, 23].map((day) => ({
			cohortId: cohort.id,
			startsAt: new Date(`2026-11-${String(day).padStart(2, '0')}T09:30:00+01:00`),
			durationMinutes: 180
		}))
	);
	const onAccepted = copiesForNewParticipant(boardKinds);
	for (const participant of participants) {
		await joinByCode(db, participant, cohort.joinCode);
		await acceptCharter(db, participant, cohort.id, onAccepted);
	}
	await createExercise(
		db,
		facilitator,
		cohort.id,
		{ kind: 'values', title: 'Mes valeurs (cohorte)' },
		boardKinds
	);
}
