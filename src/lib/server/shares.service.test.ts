import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editBoard } from '../../../tests/helpers/board-content.ts';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { pdfText } from '../../../tests/helpers/pdf.ts';
import { setSectionText } from '../boards/synthese/model.ts';
import { ValidationError } from './bilans.validation.ts';
import { auditEvents, bilanClosures, shareLinks } from './db/schema.ts';
import {
	createShare,
	listShares,
	openShare,
	revokeShare,
	SHARE_DEFAULT_DAYS,
	shareVersion
} from './shares.service.ts';
import { synthesePdf } from './pdf-synthese.ts';
import { openSynthese, validateSynthese } from './synthese.service.ts';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDrivers())('synthèse share links on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db, {
			organisation: 'Cabinet Horizon',
			bilan: { phase: 'conclusion' }
		});
		const stranger = await newUser(db, 'beneficiary', org.id);
		/** The beneficiary validates a synthèse whose project section says `text`. */
		const validate = async (text: string) => {
			const opened = await openSynthese(db, beneficiary, bilan.id);
			await editBoard(db, opened.board!.id, (doc) => setSectionText(doc, 'projets', text));
			return validateSynthese(db, beneficiary, bilan.id);
		};
		return { db, admin, consultant, beneficiary, stranger, bilan, validate };
	}

	it('lets the beneficiary alone create, list and revoke shares', async () => {
		const { db, admin, consultant, beneficiary, stranger, bilan } = await world();
		const input = { recipientName: 'Recruteuse' };
		expect(await reason(createShare(db, consultant, bilan.id, input))).toBe('forbidden');
		expect(await reason(createShare(db, admin, bilan.id, input))).toBe('forbidden');
		expect(await reason(createShare(db, stranger, bilan.id, input))).toBe('not_found');
		expect(await reason(listShares(db, consultant, bilan.id))).toBe('forbidden');
		expect(await reason(listShares(db, admin, bilan.id))).toBe('forbidden');

		const { share } = await createShare(db, beneficiary, bilan.id, input);
		expect(await reason(revokeShare(db, consultant, bilan.id, share.id))).toBe('forbidden');
		expect(await reason(revokeShare(db, stranger, bilan.id, share.id))).toBe('not_found');
		expect((await listShares(db, beneficiary, bilan.id))[0]!.status).toBe('active');
	});

	it('stores only a hash of the secret and shows the link once', async () => {
		const { db, beneficiary, bilan } = await world();
		const now = new Date('2026-11-02T10:00:00Z');
		const issued = await createShare(
			db,
			beneficiary,
			bilan.id,
			{ recipientName: '  Mme   Durand ', recipientEmail: ' Durand@Exemple.FR ' },
			{ now }
		);
		const [id, secret] = issued.token.split('.');
		expect(issued.share).toMatchObject({
			id,
			recipientName: 'Mme Durand',
			recipientEmail: 'durand@exemple.fr',
			status: 'active',
			views: 0
		});
		expect(issued.share.expiresAt.getTime() - now.getTime()).toBe(SHARE_DEFAULT_DAYS * DAY);
		const [row] = await db.select().from(shareLinks).where(eq(shareLinks.id, id!));
		expect(row!.secretHash).toHaveLength(32);
		expect(JSON.stringify(row)).not.toContain(secret!);
		const listed = await listShares(db, beneficiary, bilan.id, now);
		expect(JSON.stringify(listed)).not.toContain(secret!);
	});

	it('checks the recipient, the email and the length (at most 90 days)', async () => {
		const { db, beneficiary, bilan } = await world();
		const fields = (input: Record<string, unknown>) =>
			createShare(db, beneficiary, bilan.id, input).then(
				() => ({}),
				(error: unknown) => (error instanceof ValidationError ? error.fields : { error })
			);
		expect(Object.keys(await fields({ recipientName: ' ' }))).toEqual(['recipientName']);
		expect(
			Object.keys(await fields({ recipientName: 'A', recipientEmail: 'pas-un-email' }))
		).toEqual(['recipientEmail']);
		expect(Object.keys(await fields({ recipientName: 'A', days: '91' }))).toEqual(['days']);
		expect(Object.keys(await fields({ recipientName: 'A', days: '0' }))).toEqual(['days']);
		expect(await fields({ recipientName: 'A', days: '90' })).toEqual({});
	});

	it('opens the version shared on the link only, with its PDF, and audits every view', async () => {
		const { db, beneficiary, bilan, validate } = await world();
		const { token, share } = await createShare(db, beneficiary, bilan.id, {
			recipientName: 'France Travail'
		});
		const before = await openShare(db, token, 'view', { ip: '203.0.113.7' });
		expect(before).toMatchObject({ recipientName: 'France Travail', version: null });
		expect(await openShare(db, token, 'pdf')).toBeNull();

		// Validating does not reach a link made before: the beneficiary shares the version herself.
		await validate('Devenir ébéniste');
		await validate('Devenir luthière');
		expect(await openShare(db, token, 'view')).toMatchObject({ version: null });
		expect(await shareVersion(db, beneficiary, bilan.id, share.id, '2')).toBe('France Travail');
		const opened = await openShare(db, token, 'view', { ip: '203.0.113.7' });
		expect(opened!.version!.version).toBe(2);
		expect(JSON.stringify(opened!.version!.content)).toContain('Devenir luthière');
		expect(opened!.organisationName).toBe('Cabinet Horizon');
		expect(await openShare(db, token, 'pdf')).not.toBeNull();
		const text = await pdfText(await synthesePdf(opened!.version!));
		expect(text).toContain('Devenir luthière');

		const events = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetType, 'bilan'), eq(auditEvents.targetId, bilan.id)));
		const shareEvents = events.filter((e) => e.action.startsWith('share.'));
		expect(shareEvents.map((e) => e.action).sort()).toEqual([
			'share.create',
			'share.pdf',
			'share.update',
			'share.view',
			'share.view',
			'share.view'
		]);
		const view = shareEvents.find((e) => e.action === 'share.view')!;
		expect(view).toMatchObject({ actorId: null, ip: '203.0.113.7' });
		expect(view.detail).toEqual({
			shareId: share.id,
			recipientName: 'France Travail',
			version: null
		});
		expect(JSON.stringify(shareEvents)).not.toContain('Devenir');
		const [listed] = await listShares(db, beneficiary, bilan.id);
		expect(listed!.views).toBe(4);
		expect(listed!.lastViewedAt).toBeInstanceOf(Date);
	});

	it('keeps showing the version agreed to after a new validation, until the beneficiary shares the new one', async () => {
		const { db, consultant, beneficiary, bilan, validate } = await world();
		await validate('Devenir ébéniste');
		const { token, share } = await createShare(db, beneficiary, bilan.id, {
			recipientName: 'Mme Durand'
		});
		expect(share.version).toBe(1);
		await validate('Devenir luthière');
		const opened = await openShare(db, token, 'view');
		expect(opened!.version!.version).toBe(1);
		expect(JSON.stringify(opened!.version!.content)).toContain('Devenir ébéniste');
		expect((await listShares(db, beneficiary, bilan.id))[0]!.version).toBe(1);

		// "Partager la nouvelle version": hers alone, recorded, the same link.
		expect(await reason(shareVersion(db, consultant, bilan.id, share.id, 2))).toBe('forbidden');
		for (const wrong of [3, 0, 'deux']) {
			await expect(shareVersion(db, beneficiary, bilan.id, share.id, wrong)).rejects.toThrow(
				ValidationError
			);
		}
		expect(await shareVersion(db, beneficiary, bilan.id, share.id, 2, { ip: '192.0.2.3' })).toBe(
			'Mme Durand'
		);
		expect(await shareVersion(db, beneficiary, bilan.id, share.id, 2)).toBeNull();
		expect((await openShare(db, token, 'view'))!.version!.version).toBe(2);
		const consents = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetId, bilan.id), eq(auditEvents.action, 'share.update')));
		expect(consents.map((e) => [e.actorId, e.detail])).toEqual([
			[beneficiary.id, { shareId: share.id, recipientName: 'Mme Durand', version: 2 }]
		]);

		// A link no longer working is not brought back by sharing a version on it.
		await revokeShare(db, beneficiary, bilan.id, share.id);
		await expect(shareVersion(db, beneficiary, bilan.id, share.id, 1)).rejects.toThrow(
			ValidationError
		);
		expect((await listShares(db, beneficiary, bilan.id))[0]!.version).toBe(2);
	});

	it('stops working at once when revoked, when expired, or when the bilan is destroyed', async () => {
		const { db, beneficiary, bilan } = await world();
		const now = new Date();
		const revoked = await createShare(db, beneficiary, bilan.id, { recipientName: 'A' });
		const expiring = await createShare(
			db,
			beneficiary,
			bilan.id,
			{ recipientName: 'B', days: '1' },
			{ now }
		);
		const kept = await createShare(db, beneficiary, bilan.id, { recipientName: 'C' });
		expect(await openShare(db, revoked.token, 'view')).not.toBeNull();

		await revokeShare(db, beneficiary, bilan.id, revoked.share.id, { ip: '198.51.100.1' });
		expect(await openShare(db, revoked.token, 'view')).toBeNull();
		await revokeShare(db, beneficiary, bilan.id, revoked.share.id);
		const revocations = await db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'share.revoke'));
		expect(revocations.filter((e) => e.targetId === bilan.id)).toHaveLength(1);

		const later = { now: new Date(now.getTime() + DAY) };
		expect(await openShare(db, expiring.token, 'view', later)).toBeNull();
		expect(await openShare(db, kept.token, 'view', later)).not.toBeNull();
		const statuses = await listShares(db, beneficiary, bilan.id, later.now);
		expect(Object.fromEntries(statuses.map((s) => [s.recipientName, s.status]))).toEqual({
			A: 'revoked',
			B: 'expired',
			C: 'active'
		});

		await db.insert(bilanClosures).values({
			bilanId: bilan.id,
			kept: { synthese: true, boardIds: [] },
			agreedAt: now,
			closedAt: now,
			destroyedAt: now
		});
		expect(await openShare(db, kept.token, 'view')).toBeNull();
	});

	it('refuses forged, malformed and unknown links alike', async () => {
		const { db, beneficiary, bilan } = await world();
		const { token } = await createShare(db, beneficiary, bilan.id, { recipientName: 'A' });
		const [id] = token.split('.');
		for (const bad of [`${id}.${'a'.repeat(39)}`, `${id}`, 'nimporte.quoi', `${token}x`, '']) {
			expect(await openShare(db, bad, 'view')).toBeNull();
		}
	});
});
