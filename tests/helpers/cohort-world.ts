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
import { boards, type Role, type User } from '../../src/lib/server/db/schema.ts';
import { newOrganisation, newUser } from './factories.ts';

/** A user as the services take them (`Actor`). */
export function actorOf({ id, organisationId, email, name, role }: User): SessionUser {
	return { id, organisationId, email, name, role };
}

/** Who {@link newCohort} makes: the cohort's people, then outsiders who must be refused. */
export interface CohortPeople {
	/** The organisation's admin. */
	admin: User;
	/** The consultant who created and leads the cohort. */
	facilitator: User;
	/** A consultant of the same organisation who has nothing to do with the cohort. */
	consultant: User;
	/** Participants A and B, who accepted the charter. */
	a: User;
	b: User;
	/** A beneficiary of the organisation who joins without accepting the charter (`cJoins`). */
	c: User;
	/** A beneficiary of another organisation. */
	stranger: User;
	/** The admin of another organisation. */
	otherAdmin: User;
}

/** What a cohort test may choose for {@link newCohort}. */
export interface CohortOptions {
	organisation?: string;
	/** People's names: A is Alice and B Bastien, the others the factory's default name. */
	names?: Partial<Record<keyof CohortPeople, string>>;
	startDate?: string;
	capacity?: string;
	/** Whether C joins the cohort (the usual participant who has not accepted the charter). */
	cJoins?: boolean;
	/** What accepting the charter makes (participants' copies); nothing by default. */
	onAccepted?: Parameters<typeof acceptCharter>[3];
}

/**
 * The usual start of a cohort test: a cohort of an organisation (name 'Printemps') created by its
 * facilitator, A and B who joined and accepted the charter, C who only joined (unless
 * `cJoins: false`), and outsiders of the same and of another organisation.
 */
export async function newCohort(db: Db, options: CohortOptions = {}) {
	const { cJoins = true, onAccepted = async () => {} } = options;
	const names: CohortOptions['names'] = { a: 'Alice', b: 'Bastien', ...options.names };
	const org = await newOrganisation(db, options.organisation);
	const elsewhere = await newOrganisation(db);
	const person = (role: Role, key: keyof CohortPeople, orgId = org.id) =>
		newUser(db, role, orgId, names[key] === undefined ? {} : { name: names[key] });
	const people: CohortPeople = {
		admin: await person('admin', 'admin'),
		facilitator: await person('consultant', 'facilitator'),
		consultant: await person('consultant', 'consultant'),
		a: await person('beneficiary', 'a'),
		b: await person('beneficiary', 'b'),
		c: await person('beneficiary', 'c'),
		stranger: await person('beneficiary', 'stranger', elsewhere.id),
		otherAdmin: await person('admin', 'otherAdmin', elsewhere.id)
	};
	const cohort = await createCohort(db, actorOf(people.facilitator), {
		name: 'Printemps',
		startDate: options.startDate ?? '2026-11-02',
		capacity: options.capacity
	});
	const joining = cJoins ? [people.a, people.b, people.c] : [people.a, people.b];
	for (const p of joining) await joinByCode(db, actorOf(p), cohort.joinCode);
	for (const p of [people.a, people.b]) {
		await acceptCharter(db, actorOf(p), cohort.id, onAccepted);
	}
	return { org, elsewhere, u: people, cohort };
}

/**
 * A cohort of an organisation, for séance tests ({@link newCohort} with names): also a participant
 * of another cohort of the same organisation; an exercise handed out (a copy each for A and B), a
 * prepared one (its template), and the group wall.
 */
export async function newCohortWorld(db: Db, kinds: readonly BoardKind[], kind: string) {
	const onAccepted = copiesForNewParticipant(kinds);
	const {
		org,
		u: people,
		cohort
	} = await newCohort(db, {
		names: { facilitator: 'Fanny Animatrice', c: 'Chloé', stranger: 'Sacha' },
		capacity: '8',
		onAccepted
	});
	const u = {
		...people,
		otherCohort: await newUser(db, 'beneficiary', org.id, { name: 'Odile' })
	};
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
