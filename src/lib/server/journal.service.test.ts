import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilan, newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { recordAudit, type AuditAction } from './audit.ts';
import { acceptInvitation, invite } from './auth/invitations.ts';
import { boardKinds } from '../boards/registry.ts';
import { assignConsultant, movePhase } from './bilans.service.ts';
import { createBoard } from './boards.service.ts';
import {
	CONSULTANT_CHANGE_NOTICE_DAYS,
	readJournal,
	recentConsultantChanges
} from './journal.service.ts';
import { PermissionError } from './permissions.ts';
import { createShare, openShare } from './shares.service.ts';
import { takeSnapshot } from './snapshots.service.ts';

describe.each(testDrivers())('the bilan journal on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const stranger = await newUser(db, 'consultant', org.id);
		const board = await createBoard(
			db,
			consultant,
			bilan.id,
			{ kind: 'values', title: 'V' },
			boardKinds
		);
		await takeSnapshot(db, consultant, board.id, { label: 'Séance 1' });
		await movePhase(db, consultant, bilan.id, 'conclusion');
		const { token } = await createShare(db, beneficiary, bilan.id, { recipientName: 'Mme Durand' });
		await openShare(db, token, 'view', { ip: '203.0.113.9' });
		// Something recorded about another bilan stays out.
		const other = await newBilan(db, { organisationId: org.id, beneficiaryId: beneficiary.id });
		await recordAudit(db, {
			organisationId: org.id,
			actorId: consultant.id,
			action: 'bilan.update',
			targetType: 'bilan',
			targetId: other.id
		});
		return { db, admin, consultant, beneficiary, stranger, bilan };
	}

	const actions = (page: Awaited<ReturnType<typeof readJournal>>) =>
		page.events.map((e) => e.action);

	it('gives each reader their part, newest first, details by allow-list and no IP', async () => {
		const { db, admin, consultant, beneficiary, stranger, bilan } = await world();
		const mine = await readJournal(db, beneficiary, bilan.id);
		expect(mine.view).toBe('beneficiary');
		expect(actions(mine)).toEqual([
			'share.view',
			'share.create',
			'bilan.phase',
			'snapshot.create',
			'snapshot.create'
		]);
		expect(mine.events[0]).toMatchObject({
			actorName: null,
			detail: { recipientName: 'Mme Durand' }
		});
		expect(mine.events[2]).toMatchObject({
			actorName: 'Claire',
			detail: { from: 'investigation', to: 'conclusion' }
		});
		expect(JSON.stringify(mine)).not.toContain('203.0.113.9');
		expect(JSON.stringify(mine)).not.toContain('shareId');

		const theirs = await readJournal(db, consultant, bilan.id);
		expect(actions(theirs)).toEqual(['bilan.phase', 'snapshot.create', 'snapshot.create']);
		const adminView = await readJournal(db, admin, bilan.id);
		expect(adminView.view).toBe('metadata');
		expect(actions(adminView)).toEqual(['bilan.phase']);

		const refused = await readJournal(db, stranger, bilan.id).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(PermissionError);
		expect((refused as PermissionError).reason).toBe('not_found');
	});

	it("shows the beneficiary's account events: links issued, acceptance, password changes", async () => {
		const db = database.db;
		const { org, admin, consultant } = await newBilanWorld(db);
		const issued = await invite(db, consultant, {
			email: `ines-${crypto.randomUUID()}@test.atelier.fr`,
			name: 'Inès',
			role: 'beneficiary'
		});
		const bilan = await newBilan(db, {
			organisationId: org.id,
			beneficiaryId: issued.user.id,
			consultantId: consultant.id
		});
		// What /equipe records when a link is handed over, and /compte when a password changes.
		const accountEvent = (actorId: string, action: AuditAction, detail?: Record<string, unknown>) =>
			recordAudit(db, {
				organisationId: org.id,
				actorId,
				action,
				targetType: 'user',
				targetId: issued.user.id,
				ip: '198.51.100.4',
				detail
			});
		await accountEvent(admin.id, 'invitation.create', { role: 'beneficiary', mail: 'off' });
		const ines = await acceptInvitation(db, issued.token, 'un-mot-de-passe-solide', {
			ip: '198.51.100.5'
		});
		await accountEvent(ines.id, 'auth.password_changed');
		// Another person's account stays out.
		await recordAudit(db, {
			organisationId: org.id,
			actorId: consultant.id,
			action: 'auth.password_changed',
			targetType: 'user',
			targetId: consultant.id
		});

		const mine = await readJournal(db, ines, bilan.id);
		expect(mine.events.map((e) => [e.action, e.actorName, e.detail])).toEqual([
			['auth.password_changed', 'Inès', {}],
			['invitation.accept', 'Inès', {}],
			['invitation.create', admin.name, { mail: 'off' }]
		]);
		expect(JSON.stringify(mine)).not.toContain('198.51.100');
		expect(actions(await readJournal(db, consultant, bilan.id))).toEqual([
			'invitation.accept',
			'invitation.create'
		]);
		expect(actions(await readJournal(db, admin, bilan.id))).toEqual([
			'invitation.accept',
			'invitation.create'
		]);
	});

	it('names both consultants of a change, and tells the beneficiary at home for a while', async () => {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db, {
			consultant: 'Paul Durand'
		});
		const otherBeneficiary = await newUser(db, 'beneficiary', org.id);
		// An admin slips a consultant account of their own in, reads, and switches back.
		const shadow = await newUser(db, 'consultant', org.id, { name: 'Claire Martin' });
		await assignConsultant(db, admin, bilan.id, shadow.id);
		await assignConsultant(db, admin, bilan.id, consultant.id);

		for (const reader of [beneficiary, admin]) {
			const journal = await readJournal(db, reader, bilan.id);
			expect(
				journal.events.filter((e) => e.action === 'bilan.assign').map((e) => e.detail)
			).toEqual([
				{ fromName: 'Claire Martin', toName: 'Paul Durand' },
				{ fromName: 'Paul Durand', toName: 'Claire Martin' }
			]);
		}
		const changes = await recentConsultantChanges(db, beneficiary);
		expect(changes.map((c) => [c.bilanId, c.fromName, c.toName])).toEqual([
			[bilan.id, 'Claire Martin', 'Paul Durand'],
			[bilan.id, 'Paul Durand', 'Claire Martin']
		]);
		const later = new Date(Date.now() + (CONSULTANT_CHANGE_NOTICE_DAYS + 1) * 24 * 3600 * 1000);
		expect(await recentConsultantChanges(db, beneficiary, later)).toEqual([]);
		expect(await recentConsultantChanges(db, otherBeneficiary)).toEqual([]);
		expect(await recentConsultantChanges(db, consultant)).toEqual([]);
	});

	it('pages through older events', async () => {
		const { db, beneficiary, bilan } = await world();
		const first = await readJournal(db, beneficiary, bilan.id, { limit: 2 });
		expect(first.events).toHaveLength(2);
		const second = await readJournal(db, beneficiary, bilan.id, {
			limit: 2,
			before: first.olderThan
		});
		const third = await readJournal(db, beneficiary, bilan.id, {
			limit: 2,
			before: second.olderThan
		});
		expect([...actions(first), ...actions(second), ...actions(third)]).toEqual(
			actions(await readJournal(db, beneficiary, bilan.id))
		);
		expect(third.olderThan).toBeNull();
	});
});
