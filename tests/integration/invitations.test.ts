import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardKinds } from '../../src/lib/boards/registry.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import {
	acceptInvitation,
	accountInUse,
	INVITATION_LIFETIME_MS,
	invite,
	InvitationError,
	listTeam,
	readInvitation,
	readInvitationForm,
	reinvite
} from '../../src/lib/server/auth/invitations.ts';
import { authenticate } from '../../src/lib/server/auth/login.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { signCohortAttendance } from '../../src/lib/server/cohort-attendance.service.ts';
import { addMember } from '../../src/lib/server/cohort-members.service.ts';
import { addSeance } from '../../src/lib/server/cohorts.service.ts';
import {
	attendanceSignatures,
	auditEvents,
	bilans,
	cohorts,
	invitations,
	users,
	type User
} from '../../src/lib/server/db/schema.ts';
import { carryOutErasure, requestErasure } from '../../src/lib/server/gdpr.service.ts';
import { boardContent, editBoard } from '../helpers/board-content.ts';
import { newCohortWorld } from '../helpers/cohort-world.ts';
import { newBilan, newOrganisation, newUser } from '../helpers/factories.ts';
import { openTestDatabase, testDrivers, type TestDatabase } from '../helpers/database.ts';

const NEW_PASSWORD = 'un-mot-de-passe-tout-neuf';
const T0 = new Date('2026-11-02T09:00:00Z');

function actor(user: User): SessionUser {
	const { id, organisationId, email, name, role } = user;
	return { id, organisationId, email, name, role };
}

async function rejection(promise: Promise<unknown>): Promise<InvitationError['reason']> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(InvitationError);
	return (error as InvitationError).reason;
}

/** No mailer: the link is shown to whoever issues it. */
const SCREEN = { delivery: 'screen' } as const;

const uniqueEmail = (who: string) => `${who}-${crypto.randomUUID()}@test.atelier.fr`;

describe.each(testDrivers())('invitations on %s', (driver) => {
	let database: TestDatabase;
	let admin: User;
	let consultant: User;
	let beneficiary: User;
	let otherAdmin: User;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
		const org = await newOrganisation(database.db);
		admin = await newUser(database.db, 'admin', org.id);
		consultant = await newUser(database.db, 'consultant', org.id);
		beneficiary = await newUser(database.db, 'beneficiary', org.id);
		otherAdmin = await newUser(database.db, 'admin');
	});
	afterAll(() => database.dispose());

	it('creates a pending user in the inviter organisation and stores only a hash of the secret', async () => {
		const email = uniqueEmail('Nouvelle.Consultante').toUpperCase();
		const issued = await invite(
			database.db,
			actor(admin),
			{ email: `  ${email} `, name: 'Nouvelle Consultante', role: 'consultant' },
			T0
		);
		expect(issued.user).toMatchObject({
			organisationId: admin.organisationId,
			email: email.toLowerCase(),
			role: 'consultant',
			passwordHash: null
		});
		expect(issued.expiresAt.getTime()).toBe(T0.getTime() + INVITATION_LIFETIME_MS);
		expect(issued.token).toMatch(/^[a-z0-9]+\.[a-z0-9]+$/);
		const [id, secret] = issued.token.split('.');
		const [row] = await database.db.select().from(invitations).where(eq(invitations.id, id!));
		expect(row).toMatchObject({ userId: issued.user.id, invitedBy: admin.id, usedAt: null });
		expect(Buffer.from(row!.secretHash).toString('utf8')).not.toContain(secret!);
		expect(row!.secretHash.length).toBe(32);
	});

	it('accepts once: sets the password, marks the link used, and the person can sign in', async () => {
		const issued = await invite(
			database.db,
			actor(consultant),
			{ email: uniqueEmail('bruno'), name: 'Bruno', role: 'beneficiary' },
			T0
		);
		const open = await readInvitation(database.db, issued.token, T0);
		expect(open.user.id).toBe(issued.user.id);
		expect(open.organisationName).toBe('Cabinet de test');

		const user = await acceptInvitation(database.db, issued.token, NEW_PASSWORD, { now: T0 });
		expect(user.passwordHash).not.toBeNull();
		const [row] = await database.db
			.select()
			.from(invitations)
			.where(eq(invitations.userId, user.id));
		expect(row?.usedAt?.getTime()).toBe(T0.getTime());
		const login = await authenticate(database.db, {
			email: user.email,
			password: NEW_PASSWORD,
			ip: '192.0.2.1'
		});
		expect(login.ok).toBe(true);

		expect(await rejection(acceptInvitation(database.db, issued.token, 'autre-mot-de-passe'))).toBe(
			'used'
		);
		expect(await rejection(readInvitation(database.db, issued.token))).toBe('used');
		const [after] = await database.db.select().from(users).where(eq(users.id, user.id));
		expect(after?.passwordHash).toBe(user.passwordHash);
	});

	it('refuses an expired link and changes nothing', async () => {
		const issued = await invite(
			database.db,
			actor(consultant),
			{ email: uniqueEmail('tard'), name: 'En retard', role: 'beneficiary' },
			T0
		);
		const later = new Date(T0.getTime() + INVITATION_LIFETIME_MS);
		expect(
			await readInvitation(database.db, issued.token, new Date(later.getTime() - 1))
		).toBeTruthy();
		expect(
			await rejection(acceptInvitation(database.db, issued.token, NEW_PASSWORD, { now: later }))
		).toBe('expired');
		const [user] = await database.db.select().from(users).where(eq(users.id, issued.user.id));
		expect(user?.passwordHash).toBeNull();
		const [row] = await database.db
			.select()
			.from(invitations)
			.where(eq(invitations.userId, issued.user.id));
		expect(row?.usedAt).toBeNull();
	});

	it('refuses a wrong secret, an unknown id and malformed tokens alike', async () => {
		const issued = await invite(
			database.db,
			actor(consultant),
			{ email: uniqueEmail('faux'), name: 'Faux', role: 'beneficiary' },
			T0
		);
		const [id, secret] = issued.token.split('.') as [string, string];
		const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		for (const token of [
			forged,
			`${id}x.${secret}`,
			'',
			'.',
			id,
			`${id}.`,
			`.${secret}`,
			`${id}.${secret}.x`,
			`${id.toUpperCase()}.${secret}`,
			`${id}.${'a'.repeat(500)}`,
			"'; drop table users; --"
		]) {
			expect(await rejection(readInvitation(database.db, token, T0)), token).toBe('not_found');
			expect(await rejection(acceptInvitation(database.db, token, NEW_PASSWORD, { now: T0 }))).toBe(
				'not_found'
			);
		}
		const [user] = await database.db.select().from(users).where(eq(users.id, issued.user.id));
		expect(user?.passwordHash).toBeNull();
	});

	it('lets exactly one of two concurrent acceptances win', async () => {
		const issued = await invite(
			database.db,
			actor(consultant),
			{ email: uniqueEmail('double'), name: 'Double clic', role: 'beneficiary' },
			T0
		);
		const results = await Promise.allSettled([
			acceptInvitation(database.db, issued.token, 'premier-mot-de-passe', { now: T0 }),
			acceptInvitation(database.db, issued.token, 'second-mot-de-passe', { now: T0 })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(failed.reason).toBeInstanceOf(InvitationError);
		expect((failed.reason as InvitationError).reason).toBe('used');
	});

	it('refuses an email already taken, whatever its case, and creates nobody', async () => {
		const before = await database.db.select().from(users);
		expect(
			await rejection(
				invite(database.db, actor(admin), {
					email: ` ${beneficiary.email.toUpperCase()} `,
					name: 'Doublon',
					role: 'consultant'
				})
			)
		).toBe('email_taken');
		expect(await database.db.select().from(users)).toHaveLength(before.length);
	});

	it('enforces who may invite whom', async () => {
		const attempt = (inviter: User, role: User['role']) =>
			rejection(invite(database.db, actor(inviter), { email: uniqueEmail(role), name: 'X', role }));
		expect(await attempt(admin, 'beneficiary')).toBe('forbidden');
		expect(await attempt(consultant, 'consultant')).toBe('forbidden');
		expect(await attempt(consultant, 'admin')).toBe('forbidden');
		expect(await attempt(beneficiary, 'beneficiary')).toBe('forbidden');
		expect(await attempt(beneficiary, 'consultant')).toBe('forbidden');
		const asAdmin = await invite(database.db, actor(admin), {
			email: uniqueEmail('admin'),
			name: 'Deuxième admin',
			role: 'admin'
		});
		expect(asAdmin.user.role).toBe('admin');
	});

	it('re-issues a link for a pending person: the old link stops working', async () => {
		const first = await invite(
			database.db,
			actor(consultant),
			{ email: uniqueEmail('relance'), name: 'Relance', role: 'beneficiary' },
			T0
		);
		const later = new Date(T0.getTime() + INVITATION_LIFETIME_MS + 1);
		const second = await reinvite(database.db, actor(consultant), first.user.id, {
			delivery: 'screen',
			now: later
		});
		expect(second.expiresAt.getTime()).toBe(later.getTime() + INVITATION_LIFETIME_MS);
		expect(await rejection(readInvitation(database.db, first.token, T0))).toBe('not_found');
		await acceptInvitation(database.db, second.token, NEW_PASSWORD, { now: later });

		expect(await rejection(reinvite(database.db, actor(consultant), first.user.id, SCREEN))).toBe(
			'not_pending'
		);
		expect(await rejection(reinvite(database.db, actor(otherAdmin), first.user.id, SCREEN))).toBe(
			'forbidden'
		);
		const pendingConsultant = await invite(database.db, actor(admin), {
			email: uniqueEmail('cons'),
			name: 'Consultant en attente',
			role: 'consultant'
		});
		expect(
			await rejection(reinvite(database.db, actor(consultant), pendingConsultant.user.id, SCREEN))
		).toBe('forbidden');
		expect(await rejection(reinvite(database.db, actor(admin), crypto.randomUUID(), SCREEN))).toBe(
			'forbidden'
		);
		// An admin manages every person of the organisation: they may relaunch a beneficiary too.
		const pendingBeneficiary = await invite(database.db, actor(consultant), {
			email: uniqueEmail('benef'),
			name: 'Bénéficiaire en attente',
			role: 'beneficiary'
		});
		const relaunched = await reinvite(
			database.db,
			actor(admin),
			pendingBeneficiary.user.id,
			SCREEN
		);
		expect((await readInvitation(database.db, relaunched.token)).user.id).toBe(
			pendingBeneficiary.user.id
		);
		expect(
			await rejection(reinvite(database.db, actor(beneficiary), pendingBeneficiary.user.id, SCREEN))
		).toBe('forbidden');
	});

	it('hands the link of an account in use to its own address only, leaving sent links as they were', async () => {
		const { db } = database;
		const pending = await invite(db, actor(consultant), {
			email: uniqueEmail('en-attente'),
			name: 'Inès En attente',
			role: 'beneficiary'
		});
		const coach = await invite(db, actor(admin), {
			email: uniqueEmail('coach'),
			name: 'Coach en attente',
			role: 'consultant'
		});
		const bilan = await newBilan(db, {
			organisationId: admin.organisationId,
			beneficiaryId: pending.user.id,
			consultantId: consultant.id
		});
		const board = await createBoard(
			db,
			actor(consultant),
			bilan.id,
			{ kind: 'values', title: 'Valeurs' },
			boardKinds
		);
		// A bilan opened, a board created, nobody worked yet: the link may still be shown.
		expect(await accountInUse(db, pending.user.id)).toBe(false);
		const fresh = await reinvite(db, actor(admin), pending.user.id, SCREEN);

		// The consultant fills the board in a séance in the room: the account now holds work.
		await editBoard(db, board.id, boardContent.values!);
		expect(await accountInUse(db, pending.user.id)).toBe(true);
		expect(await rejection(reinvite(db, actor(admin), pending.user.id, SCREEN))).toBe('in_use');
		expect(await rejection(reinvite(db, actor(consultant), pending.user.id, SCREEN))).toBe(
			'in_use'
		);
		expect((await readInvitation(db, fresh.token)).user.id).toBe(pending.user.id);
		const mailed = await reinvite(db, actor(admin), pending.user.id, { delivery: 'mail' });
		expect((await readInvitation(db, mailed.token)).user.id).toBe(pending.user.id);

		// A consultant who has not signed up yet but is put in charge of that bilan: the same rule.
		expect(await accountInUse(db, coach.user.id)).toBe(false);
		await db.update(bilans).set({ consultantId: coach.user.id }).where(eq(bilans.id, bilan.id));
		expect(await rejection(reinvite(db, actor(admin), coach.user.id, SCREEN))).toBe('in_use');
	});

	it('counts a cohort’s work as a bilan’s: participation, edited copies, signed attendance', async () => {
		const { db } = database;
		const w = await newCohortWorld(db, boardKinds, 'values');
		const pendingOf = (inviter: User, role: 'beneficiary' | 'consultant') =>
			invite(db, actor(inviter), {
				email: uniqueEmail(role),
				name: `${role} en attente`,
				role
			});
		// Invited to a cohort, not joined yet: the link may still be shown.
		const joiner = await pendingOf(w.u.facilitator, 'beneficiary');
		await addMember(db, w.cohort, joiner.user, 'invited');
		expect(await accountInUse(db, joiner.user.id)).toBe(false);
		await reinvite(db, actor(w.u.facilitator), joiner.user.id, SCREEN);
		// Joined (nothing in the audit trail, as for a join done before it recorded one).
		await addMember(db, w.cohort, joiner.user, 'joined');
		expect(await rejection(reinvite(db, actor(w.u.admin), joiner.user.id, SCREEN))).toBe('in_use');
		expect(await rejection(reinvite(db, actor(w.u.facilitator), joiner.user.id, SCREEN))).toBe(
			'in_use'
		);

		// A consultant not signed up yet who leads the cohort: the participants' work is in it.
		const coach = await pendingOf(w.u.admin, 'consultant');
		await db
			.update(cohorts)
			.set({ facilitatorId: coach.user.id })
			.where(eq(cohorts.id, w.cohort.id));
		expect(await accountInUse(db, coach.user.id)).toBe(false);
		await editBoard(db, w.copyOf(w.u.a), boardContent.values!);
		expect(await rejection(reinvite(db, actor(w.u.admin), coach.user.id, SCREEN))).toBe('in_use');

		// Their own signature of a group séance, whatever their membership says.
		const seance = await addSeance(db, actor(w.u.admin), w.cohort.id, {
			startsAt: '2026-12-07T09:00',
			durationMinutes: '180'
		});
		const signer = await pendingOf(w.u.facilitator, 'beneficiary');
		await addMember(db, w.cohort, signer.user, 'invited');
		expect(await accountInUse(db, signer.user.id)).toBe(false);
		await db.insert(attendanceSignatures).values({
			cohortSeanceId: seance.id,
			day: '2026-12-07',
			halfDay: 'matin',
			signerId: signer.user.id,
			signerRole: 'beneficiary',
			signerName: signer.user.name
		});
		expect(await rejection(reinvite(db, actor(w.u.admin), signer.user.id, SCREEN))).toBe('in_use');

		// Leading a cohort whose participant signed a séance: the same.
		const other = await pendingOf(w.u.admin, 'consultant');
		await db
			.update(cohorts)
			.set({ facilitatorId: other.user.id })
			.where(eq(cohorts.id, w.other.id));
		const otherSeance = await addSeance(db, actor(w.u.admin), w.other.id, {
			startsAt: '2026-12-07T09:00',
			durationMinutes: '180'
		});
		expect(await accountInUse(db, other.user.id)).toBe(false);
		await signCohortAttendance(
			db,
			actor(w.u.otherCohort),
			{ cohortSeanceId: otherSeance.id, day: '2026-12-07', halfDay: 'matin' },
			{ now: new Date('2026-12-07T08:30:00Z') }
		);
		expect(await rejection(reinvite(db, actor(w.u.admin), other.user.id, SCREEN))).toBe('in_use');
	});

	it('never shows on screen the link of an account used once, even erased since', async () => {
		const { db } = database;
		const issued = await invite(db, actor(consultant), {
			email: uniqueEmail('efface'),
			name: 'Effacée',
			role: 'beneficiary'
		});
		const person = await acceptInvitation(db, issued.token, NEW_PASSWORD);
		await requestErasure(db, actor(person));
		await carryOutErasure(db, actor(admin), person.id);
		const [erased] = await db.select().from(users).where(eq(users.id, person.id));
		expect(erased?.passwordHash).toBeNull();
		expect(await rejection(reinvite(db, actor(admin), person.id, SCREEN))).toBe('in_use');
	});

	it('refuses an acceptance while someone else is signed in, and records each acceptance', async () => {
		const { db } = database;
		const issued = await invite(db, actor(consultant), {
			email: uniqueEmail('ecran'),
			name: 'Écran partagé',
			role: 'beneficiary'
		});
		expect(
			await rejection(
				acceptInvitation(db, issued.token, NEW_PASSWORD, { signedInAs: admin.id, ip: '192.0.2.7' })
			)
		).toBe('signed_in');
		const [untouched] = await db.select().from(users).where(eq(users.id, issued.user.id));
		expect(untouched?.passwordHash).toBeNull();
		expect((await readInvitation(db, issued.token)).user.id).toBe(issued.user.id);

		await acceptInvitation(db, issued.token, NEW_PASSWORD, { signedInAs: null, ip: '192.0.2.8' });
		const recorded = await db
			.select()
			.from(auditEvents)
			.where(
				and(eq(auditEvents.targetId, issued.user.id), eq(auditEvents.action, 'invitation.accept'))
			);
		expect(recorded).toEqual([
			expect.objectContaining({
				actorId: issued.user.id,
				targetType: 'user',
				organisationId: consultant.organisationId,
				ip: '192.0.2.8'
			})
		]);
	});

	it('lists the team with statuses: admins see everyone, consultants their beneficiaries', async () => {
		const org = await newOrganisation(database.db, 'Cabinet liste');
		const boss = await newUser(database.db, 'admin', org.id, { name: 'A Admin' });
		const coach = await newUser(database.db, 'consultant', org.id, { name: 'B Coach' });
		const active = await newUser(database.db, 'beneficiary', org.id, { name: 'C Active' });
		const pending = await invite(
			database.db,
			actor(coach),
			{ email: uniqueEmail('d'), name: 'D Pending', role: 'beneficiary' },
			T0
		);
		const expired = await invite(
			database.db,
			actor(boss),
			{ email: uniqueEmail('e'), name: 'E Expired', role: 'consultant' },
			new Date(T0.getTime() - INVITATION_LIFETIME_MS)
		);
		await newUser(database.db, 'beneficiary'); // another organisation

		const forAdmin = await listTeam(database.db, actor(boss), T0);
		expect(forAdmin.map((p) => [p.name, p.status, p.canReinvite])).toEqual([
			['A Admin', 'active', false],
			['B Coach', 'active', false],
			['C Active', 'active', false],
			['D Pending', 'pending', true],
			['E Expired', 'expired', true]
		]);
		expect(forAdmin.find((p) => p.id === pending.user.id)?.invitationExpiresAt).toEqual(
			pending.expiresAt
		);
		expect(forAdmin.find((p) => p.id === expired.user.id)?.invitationExpiresAt).toEqual(
			expired.expiresAt
		);

		const forConsultant = await listTeam(database.db, actor(coach), T0);
		expect(forConsultant.map((p) => [p.id, p.status, p.canReinvite])).toEqual([
			[active.id, 'active', false],
			[pending.user.id, 'pending', true]
		]);
		expect(await listTeam(database.db, actor(active), T0)).toEqual([]);
	});
});

describe('readInvitationForm', () => {
	const form = (fields: Record<string, string>) => {
		const data = new FormData();
		for (const [k, v] of Object.entries(fields)) data.set(k, v);
		return readInvitationForm(data);
	};

	it('normalises the email and the name', () => {
		expect(
			form({ email: ' Ana@Exemple.FR ', name: '  Ana   Lopez ', role: 'beneficiary' })
		).toEqual({
			ok: true,
			input: { email: 'ana@exemple.fr', name: 'Ana Lopez', role: 'beneficiary' }
		});
	});

	it('names each problem and gives the values back', () => {
		const ok = { email: 'a@b.fr', name: 'A', role: 'consultant' };
		expect(form({ ...ok, name: ' ' })).toMatchObject({ ok: false, problem: 'name_required' });
		expect(form({ ...ok, name: 'n'.repeat(121) })).toMatchObject({ problem: 'name_too_long' });
		expect(form({ ...ok, email: '' })).toMatchObject({ problem: 'email_required' });
		expect(form({ ...ok, email: `${'a'.repeat(250)}@b.fr` })).toMatchObject({
			problem: 'email_too_long'
		});
		expect(form({ ...ok, email: 'pas une adresse' })).toMatchObject({
			problem: 'email_invalid',
			values: { email: 'pas une adresse', name: 'A' }
		});
		expect(form({ ...ok, role: 'root' })).toMatchObject({ problem: 'role_invalid' });
	});
});
