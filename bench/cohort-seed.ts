/**
 * The cohort of `bench/cohort.ts`, made through the domain services as the pages make it: an
 * organisation, a facilitator (consultant) who creates the cohort, participants invited who accept
 * the charter, and one exercise of cartes de valeurs handed out (a private copy each). Each person
 * gets a session; the facilitator two (the gallery's browser, and the reference's board
 * connections), since sockets are counted per session.
 */
import { serverBoardKinds } from '../src/lib/boards/registry.server.ts';
import { VALUES_KIND } from '../src/lib/boards/values/model.ts';
import { createSession } from '../src/lib/server/auth/session.ts';
import {
	copiesForNewParticipant,
	createExercise,
	listExercises
} from '../src/lib/server/cohort-exercises.service.ts';
import { acceptCharter, addMember } from '../src/lib/server/cohort-members.service.ts';
import { cohortFor, createCohort } from '../src/lib/server/cohorts.service.ts';
import type { Db } from '../src/lib/server/db/index.ts';
import type { User } from '../src/lib/server/db/schema.ts';
import type { Actor } from '../src/lib/server/permissions.ts';
import { newOrganisation, newUser } from '../tests/helpers/factories.ts';

/** One participant: their copy of the exercise and their session cookie. */
export interface SeededParticipant {
	name: string;
	boardId: string;
	cookie: string;
}

export interface SeededCohort {
	cohortId: string;
	exerciseId: string;
	/** The facilitator's cookies: for the gallery page, and for the reference connections. */
	galleryCookie: string;
	referenceCookie: string;
	participants: SeededParticipant[];
}

const actor = ({ id, organisationId, email, name, role }: User): Actor => ({
	id,
	organisationId,
	email,
	name,
	role
});

const cookieOf = async (db: Db, userId: string) =>
	`atelier_session=${(await createSession(db, userId)).token}`;

export async function seedCohort(db: Db, participantCount: number): Promise<SeededCohort> {
	const org = await newOrganisation(db, 'Cabinet du banc d’essai');
	const facilitator = actor(await newUser(db, 'consultant', org.id, { name: 'Claire Animatrice' }));
	const cohort = await createCohort(db, facilitator, {
		name: 'Cohorte du banc d’essai',
		startDate: new Date().toISOString().slice(0, 10),
		capacity: String(participantCount)
	});
	const onAccepted = copiesForNewParticipant(serverBoardKinds);
	const people: { user: User; cookie: string }[] = [];
	for (let i = 1; i <= participantCount; i++) {
		const name = `Participant ${String(i).padStart(2, '0')}`;
		const user = await newUser(db, 'beneficiary', org.id, { name });
		await addMember(db, cohort, user, 'invited');
		await acceptCharter(db, actor(user), cohort.id, onAccepted);
		people.push({ user, cookie: await cookieOf(db, user.id) });
	}
	const exercise = await createExercise(
		db,
		facilitator,
		cohort.id,
		{ kind: VALUES_KIND, title: 'Mes valeurs' },
		serverBoardKinds
	);
	const participants: SeededParticipant[] = [];
	for (const { user, cookie } of people) {
		const views = await listExercises(db, await cohortFor(db, actor(user), cohort.id));
		const boardId = views.find((view) => view.id === exercise.id)?.myBoardId;
		if (!boardId) throw new Error(`${user.name}: no copy of the exercise`);
		participants.push({ name: user.name, boardId, cookie });
	}
	return {
		cohortId: cohort.id,
		exerciseId: exercise.id,
		galleryCookie: await cookieOf(db, facilitator.id),
		referenceCookie: await cookieOf(db, facilitator.id),
		participants
	};
}
