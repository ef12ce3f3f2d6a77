import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { authorizeBoards } from '../../../server/sync/authorize.ts';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { actorOf as actor, newCohort } from '../../../tests/helpers/cohort-world.ts';
import { newBilan, newUser } from '../../../tests/helpers/factories.ts';
import { testKind } from '../../../tests/helpers/sync-client.ts';
import { createSession } from './auth/session.ts';
import {
	carryIntoBilan,
	copiesForNewParticipant,
	createExercise,
	findCohortBoard,
	galleryOf,
	handOut,
	listExercises
} from './cohort-exercises.service.ts';
import { acceptCharter, addMember, inviteToCohort, joinByCode } from './cohort-members.service.ts';
import { cohortFor, listCohorts, regenerateJoinCode } from './cohorts.service.ts';
import { boards, cohorts, users, type User } from './db/schema.ts';

const kinds = [testKind];

describe.each(testDrivers())('cohorts on %s', (driver) => {
	const database = useTestDatabase(driver);

	/** A cohort of org A: its facilitator, A and B who accepted the charter, C who only joined. */
	async function world() {
		const db = database.db;
		const onAccepted = copiesForNewParticipant(kinds);
		const { u, cohort } = await newCohort(db, { capacity: '8', onAccepted });
		const exercise = await createExercise(
			db,
			actor(u.facilitator),
			cohort.id,
			{ kind: 'test', title: 'Mes valeurs' },
			kinds
		);
		const copies = await db.select().from(boards).where(eq(boards.exerciseId, exercise.id));
		const copyOf = (user: User) => copies.find((c) => c.ownerId === user.id)!;
		return { db, u, cohort, exercise, copyOf, onAccepted };
	}

	it('gives each participant who accepted the charter a private copy, and late ones theirs', async () => {
		const { db, u, cohort, exercise, copyOf, onAccepted } = await world();
		expect(copyOf(u.a)).toBeDefined();
		expect(copyOf(u.b)).toBeDefined();
		expect(copyOf(u.c)).toBeUndefined();
		await acceptCharter(db, actor(u.c), cohort.id, onAccepted);
		const { copies } = await galleryOf(db, actor(u.facilitator), exercise.id);
		expect(copies.map((c) => c.ownerName).slice(0, 2)).toEqual(['Alice', 'Bastien']);
		expect(copies).toHaveLength(3);
		const mine = await listExercises(db, await cohortFor(db, actor(u.a), cohort.id));
		expect(mine).toEqual([expect.objectContaining({ myBoardId: copyOf(u.a).id, copies: 0 })]);
		await expect(galleryOf(db, actor(u.a), exercise.id)).rejects.toMatchObject({ status: 404 });
		await expect(galleryOf(db, actor(u.admin), exercise.id)).rejects.toMatchObject({
			status: 404
		});
	});

	it('answers the board rule for a copy the same on the page path and the WebSocket upgrade', async () => {
		const { db, u, copyOf } = await world();
		const board = copyOf(u.a);
		const who = [u.a, u.facilitator, u.b, u.c, u.admin, u.consultant, u.stranger];
		const tokens = await Promise.all(who.map(async (p) => (await createSession(db, p.id)).token));
		const answers = await authorizeBoards(db, [
			...tokens.map((token) => ({ token, boardId: board.id })),
			{ token: undefined, boardId: board.id }
		]);
		expect(
			answers.map((a) => (a.status === 200 ? (a.readOnly ? 'read' : 'edit') : a.status))
		).toEqual(['edit', 'edit', 403, 403, 403, 403, 403, 401]);
		const pages = await Promise.all(who.map((p) => findCohortBoard(db, actor(p), board.id)));
		expect(pages.map((found) => found?.access ?? 'none')).toEqual([
			'edit',
			'edit',
			'none',
			'none',
			'none',
			'none',
			'none'
		]);
	});

	it('makes the copies read-only once the cohort has ended', async () => {
		const { db, u, cohort, copyOf } = await world();
		await db.update(cohorts).set({ endedAt: new Date() }).where(eq(cohorts.id, cohort.id));
		const token = (await createSession(db, u.a.id)).token;
		const [answer] = await authorizeBoards(db, [{ token, boardId: copyOf(u.a).id }]);
		expect(answer).toMatchObject({ status: 200, readOnly: true });
	});

	it('hands a prepared exercise out from its template, which the participants never open', async () => {
		const { db, u, cohort } = await world();
		const prepared = await createExercise(
			db,
			actor(u.facilitator),
			cohort.id,
			{ kind: 'test', title: 'Ikigai', prepare: true },
			kinds
		);
		const [template] = await db.select().from(boards).where(eq(boards.exerciseId, prepared.id));
		expect(template!.ownerId).toBeNull();
		expect(await findCohortBoard(db, actor(u.a), template!.id)).toBeNull();
		expect((await findCohortBoard(db, actor(u.facilitator), template!.id))?.access).toBe('edit');
		const before = await listExercises(db, await cohortFor(db, actor(u.a), cohort.id));
		expect(before.map((e) => e.title)).toEqual(['Mes valeurs']);
		await handOut(db, actor(u.facilitator), prepared.id, kinds);
		const after = await listExercises(db, await cohortFor(db, actor(u.a), cohort.id));
		expect(after.map((e) => e.title)).toEqual(['Mes valeurs', 'Ikigai']);
		expect(after[1]!.myBoardId).not.toBeNull();
	});

	it('lets only beneficiaries of the organisation join, under the capacity, and never changes a role', async () => {
		const { db, u, cohort } = await world();
		await expect(joinByCode(db, actor(u.consultant), cohort.joinCode)).rejects.toMatchObject({
			status: 409
		});
		await expect(joinByCode(db, actor(u.stranger), cohort.joinCode)).rejects.toMatchObject({
			status: 404
		});
		await expect(addMember(db, cohort, u.admin, 'invited')).rejects.toMatchObject({ status: 409 });
		const [admin] = await db.select().from(users).where(eq(users.id, u.admin.id));
		expect(admin!.role).toBe('admin');
		for (let i = 0; i < 5; i++) {
			await addMember(
				db,
				cohort,
				await newUser(db, 'beneficiary', cohort.organisationId),
				'joined'
			);
		}
		const late = await newUser(db, 'beneficiary', cohort.organisationId);
		await expect(joinByCode(db, actor(late), cohort.joinCode)).rejects.toMatchObject({
			status: 409
		});
		const code = await regenerateJoinCode(db, actor(u.facilitator), cohort.id);
		expect(code).not.toBe(cohort.joinCode);
		await expect(joinByCode(db, actor(late), cohort.joinCode)).rejects.toMatchObject({
			status: 404
		});
	});

	it('invites by e-mail a new person as a beneficiary, and never turns an admin into one', async () => {
		const { db, u, cohort } = await world();
		const context = { origin: 'https://atelier.test', ip: '127.0.0.1', mailer: null };
		const invited = await inviteToCohort(
			db,
			actor(u.facilitator),
			cohort.id,
			{ email: 'Nouvelle@Exemple.fr', name: 'Nina Nouvelle' },
			context
		);
		expect(invited).toMatchObject({ account: 'new', handedOver: { mail: 'off' } });
		const [nina] = await db.select().from(users).where(eq(users.email, 'nouvelle@exemple.fr'));
		expect(nina!.role).toBe('beneficiary');
		expect((await cohortFor(db, actor(nina!), cohort.id)).role).toBe('joining');
		await expect(
			inviteToCohort(db, actor(u.facilitator), cohort.id, { email: u.admin.email }, context)
		).rejects.toMatchObject({ status: 409 });
		const [admin] = await db.select().from(users).where(eq(users.id, u.admin.id));
		expect(admin!.role).toBe('admin');
		await expect(
			inviteToCohort(db, actor(u.admin), cohort.id, { email: 'x@exemple.fr', name: 'X' }, context)
		).rejects.toMatchObject({ status: 403 });
	});

	it('shows the admin metadata, and other people nothing', async () => {
		const { db, u, cohort } = await world();
		expect((await cohortFor(db, actor(u.admin), cohort.id)).role).toBe('admin');
		expect(await listExercises(db, await cohortFor(db, actor(u.admin), cohort.id))).toEqual([]);
		await expect(cohortFor(db, actor(u.consultant), cohort.id)).rejects.toMatchObject({
			status: 404
		});
		await expect(cohortFor(db, actor(u.stranger), cohort.id)).rejects.toMatchObject({
			status: 404
		});
		expect((await listCohorts(db, actor(u.admin))).map((c) => c.participants)).toEqual([2]);
		expect(await listCohorts(db, actor(u.consultant))).toEqual([]);
	});

	it('carries a copy into its owner’s bilan, where it is the bilan’s board', async () => {
		const { db, u, cohort, copyOf } = await world();
		const bilan = await newBilan(db, {
			organisationId: cohort.organisationId,
			beneficiaryId: u.a.id,
			consultantId: u.consultant.id
		});
		await expect(carryIntoBilan(db, actor(u.b), copyOf(u.a).id, bilan.id)).rejects.toMatchObject({
			status: 404
		});
		await carryIntoBilan(db, actor(u.a), copyOf(u.a).id, bilan.id);
		const [moved] = await db
			.select()
			.from(boards)
			.where(eq(boards.id, copyOf(u.a).id));
		expect(moved).toMatchObject({ bilanId: bilan.id, cohortId: null, ownerId: u.a.id });
		expect(await findCohortBoard(db, actor(u.facilitator), moved!.id)).toBeNull();
		const mine = await listExercises(db, await cohortFor(db, actor(u.a), cohort.id));
		expect(mine[0]).toMatchObject({ myBoardId: null, carriedToBilanId: bilan.id });
	});
});
