import { eq } from 'drizzle-orm';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import {
	copiesForNewParticipant,
	createExercise
} from '../../src/lib/server/cohort-exercises.service.ts';
import { acceptCharter, joinByCode } from '../../src/lib/server/cohort-members.service.ts';
import { cohortWall } from '../../src/lib/server/cohort-wall.service.ts';
import { createCohort } from '../../src/lib/server/cohorts.service.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { boards, type User } from '../../src/lib/server/db/schema.ts';
import { newOrganisation, newUser } from './factories.ts';

/** A user as the services take them (`Actor`). */
export function actorOf({ id, organisationId, email, name, role }: User): SessionUser {
	return { id, organisationId, email, name, role };
}

/**
 * A cohort of an organisation, for séance tests: its facilitator, participants A and B (charter
 * accepted), C who joined without accepting it, the organisation's admin, a participant of
 * another cohort of the same organisation and a beneficiary of another organisation; an exercise
 * handed out (a copy each for A and B), a prepared one (its template), and the group wall.
 */
export async function newCohortWorld(db: Db, kinds: readonly BoardKind[], kind: string) {
	const org = await newOrganisation(db);
	const elsewhere = await newOrganisation(db);
	const u = {
		admin: await newUser(db, 'admin', org.id),
		facilitator: await newUser(db, 'consultant', org.id, { name: 'Fanny Animatrice' }),
		a: await newUser(db, 'beneficiary', org.id, { name: 'Alice' }),
		b: await newUser(db, 'beneficiary', org.id, { name: 'Bastien' }),
		c: await newUser(db, 'beneficiary', org.id, { name: 'Chloé' }),
		otherCohort: await newUser(db, 'beneficiary', org.id, { name: 'Odile' }),
		stranger: await newUser(db, 'beneficiary', elsewhere.id, { name: 'Sacha' })
	};
	const onAccepted = copiesForNewParticipant(kinds);
	const cohort = await createCohort(db, actorOf(u.facilitator), {
		name: 'Printemps',
		startDate: '2026-11-02',
		capacity: '8'
	});
	for (const p of [u.a, u.b, u.c]) await joinByCode(db, actorOf(p), cohort.joinCode);
	for (const p of [u.a, u.b]) await acceptCharter(db, actorOf(p), cohort.id, onAccepted);
	const other = await createCohort(db, actorOf(u.facilitator), {
		name: 'Automne',
		startDate: '2026-11-02',
		capacity: '8'
	});
	await joinByCode(db, actorOf(u.otherCohort), other.joinCode);
	await acceptCharter(db, actorOf(u.otherCohort), other.id, onAccepted);
	const exercise = await createExercise(
		db,
		actorOf(u.facilitator),
		cohort.id,
		{ kind, title: 'Mes valeurs' },
		kinds
	);
	const prepared = await createExercise(
		db,
		actorOf(u.facilitator),
		cohort.id,
		{ kind, title: 'À préparer', prepare: true },
		kinds
	);
	const copies = await db.select().from(boards).where(eq(boards.exerciseId, exercise.id));
	const copyOf = (user: User) => copies.find((copy) => copy.ownerId === user.id)!.id;
	const [template] = await db.select().from(boards).where(eq(boards.exerciseId, prepared.id));
	const wall = await cohortWall(db, cohort);
	return { org, u, cohort, other, copyOf, templateId: template!.id, wallId: wall.id };
}
