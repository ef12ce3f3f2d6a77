import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editBoard } from '../../../tests/helpers/board-content.ts';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { addAction, addPiste } from '../boards/action-plan/model.ts';
import { boardKinds } from '../boards/registry.ts';
import { createBoard } from './boards.service.ts';
import { addComment } from './comments.service.ts';
import { rendezVous, users } from './db/schema.ts';
import { DIGEST_INTERVAL_MS, sendWeeklyDigests, setDigestOptOut } from './digest.service.ts';
import type { MailMessage } from './mail.ts';

describe.each(testDrivers())('weekly digest on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	it('tells each person, once a week, what awaits them in counts and links, never content', async () => {
		const db = database.db;
		const now = new Date('2026-12-07T08:00:00Z');
		const { org, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const mails: MailMessage[] = [];
		const mailer = { send: async (mail: MailMessage) => void mails.push(mail) };
		const plan = await createBoard(
			db,
			consultant,
			bilan.id,
			{ kind: 'action-plan', title: 'Plan secret' },
			boardKinds
		);
		await editBoard(
			db,
			plan.id,
			(doc) => {
				const piste = addPiste(doc, { title: 'Devenir ébéniste' });
				addAction(doc, piste, { title: 'Appeler le CFA', due: '2026-12-01' });
				addAction(doc, piste, { title: 'Visiter un atelier', due: '2026-12-10' });
			},
			consultant.id
		);
		await db.insert(rendezVous).values({
			bilanId: bilan.id,
			startsAt: new Date('2026-12-09T09:00:00Z'),
			durationMinutes: 60,
			mode: 'presentiel',
			phase: 'investigation'
		});
		await addComment(db, consultant, plan.id, { body: 'Bruno, et le CFA ?' });
		// An admin, and a person who never set a password, get nothing.
		await newUser(db, 'admin', org.id);
		await db.insert(users).values({
			organisationId: org.id,
			email: `invite-${crypto.randomUUID()}@exemple.fr`,
			name: 'Pas encore inscrit',
			role: 'beneficiary'
		});

		expect(await sendWeeklyDigests(db, mailer, 'https://atelier.exemple.fr', now)).toEqual({
			sent: 2,
			failed: 0
		});
		const mine = mails.find((mail) => mail.to === beneficiary.email)!;
		expect(mine.subject).toBe('Votre semaine sur Atelier');
		expect(mine.text).toContain('1 tableau a des nouveautés depuis votre dernière visite.');
		expect(mine.text).toContain('1 commentaire attend votre réponse.');
		expect(mine.text).toContain('1 action du plan d’action est en retard.');
		expect(mine.text).toContain('1 action est à faire dans les deux semaines.');
		expect(mine.text).toContain('Prochain rendez-vous : mercredi 9 décembre 2026 à 10:00.');
		expect(mine.text).toContain('https://atelier.exemple.fr/compte');
		// The consultant made the changes: no news for them, the same actions.
		const theirs = mails.find((mail) => mail.to === consultant.email)!;
		expect(theirs.text).not.toContain('nouveautés');
		expect(theirs.text).not.toContain('commentaire');
		expect(theirs.text).toContain('1 action du plan d’action est en retard.');
		for (const mail of mails) {
			for (const content of ['Plan secret', 'ébéniste', 'CFA', 'Visiter'])
				expect(mail.text).not.toContain(content);
		}

		// Once a week: not again the next day, again eight days later unless turned off.
		expect(
			await sendWeeklyDigests(
				db,
				mailer,
				'https://atelier.exemple.fr',
				new Date(now.getTime() + 86_400_000)
			)
		).toEqual({ sent: 0, failed: 0 });
		await setDigestOptOut(db, consultant.id, true);
		const later = new Date(now.getTime() + DIGEST_INTERVAL_MS + 86_400_000);
		mails.length = 0;
		expect(await sendWeeklyDigests(db, mailer, 'https://atelier.exemple.fr', later)).toEqual({
			sent: 1,
			failed: 0
		});
		expect(mails.map((mail) => mail.to)).toEqual([beneficiary.email]);
		const [row] = await db
			.select({ digestAt: users.digestAt })
			.from(users)
			.where(eq(users.id, beneficiary.id));
		expect(row!.digestAt).toEqual(later);

		// A mail that cannot be sent is counted, and waits for next week.
		const failing = { send: async () => Promise.reject(new Error('SMTP injoignable')) };
		const next = new Date(later.getTime() + DIGEST_INTERVAL_MS);
		expect(await sendWeeklyDigests(db, failing, 'https://atelier.exemple.fr', next)).toEqual({
			sent: 0,
			failed: 1
		});
	});
});
