import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newOrganisation, newUser } from '../../../tests/helpers/factories.ts';
import { InvitationError, readInvitation } from './auth/invitations.ts';
import type { SessionUser } from './auth/session.ts';
import { auditEvents, type User } from './db/schema.ts';
import type { MailMessage, Mailer } from './mail.ts';
import { inviteMember, reinviteMember, type HandOverContext } from './team.service.ts';

const ORIGIN = 'https://atelier.example.fr';
const IP = '192.0.2.44';

function actor(user: User): SessionUser {
	const { id, organisationId, email, name, role } = user;
	return { id, organisationId, email, name, role };
}

/** A mail service that keeps what it is given (or fails, like an SMTP server that is down). */
function newMailer(fails = false): Mailer & { sent: MailMessage[] } {
	const sent: MailMessage[] = [];
	return {
		sent,
		async send(message) {
			if (fails) throw new Error('connect ECONNREFUSED 127.0.0.1:25');
			sent.push(message);
		}
	};
}

const context = (mailer: Mailer | null): HandOverContext => ({ origin: ORIGIN, ip: IP, mailer });
const newcomer = () => ({
	email: `nouvelle-${crypto.randomUUID()}@test.atelier.fr`,
	name: 'Inès Nouvelle',
	role: 'beneficiary' as const
});

describe.each(testDrivers())('team invitations on %s', (driver) => {
	let database: TestDatabase;
	let consultant: User;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
		const org = await newOrganisation(database.db, 'Cabinet Horizon');
		consultant = await newUser(database.db, 'consultant', org.id, { name: 'Claire Martin' });
	});
	afterAll(() => database.dispose());
	afterEach(() => vi.restoreAllMocks());

	async function auditOf(userId: string) {
		return database.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetType, 'user'), eq(auditEvents.targetId, userId)))
			.orderBy(asc(auditEvents.id));
	}

	it('shows the link to the inviter when there is no mail service, and records it', async () => {
		const input = newcomer();
		const issued = await inviteMember(database.db, actor(consultant), input, context(null));
		expect(issued).toMatchObject({ name: input.name, email: input.email, mail: 'off' });
		expect(issued.date).toMatch(/^\d{1,2} \p{L}+ \d{4}$/u);
		const token = issued.link!.replace(`${ORIGIN}/invitation/`, '');
		const opened = await readInvitation(database.db, token);
		expect(opened.user.email).toBe(input.email);
		const [event] = await auditOf(opened.user.id);
		expect(event).toMatchObject({
			action: 'invitation.create',
			actorId: consultant.id,
			organisationId: consultant.organisationId,
			ip: IP,
			detail: { role: 'beneficiary', mail: 'off' }
		});
	});

	it('mails the link to the invited person only, in their organisation’s name', async () => {
		const mailer = newMailer();
		const input = newcomer();
		const issued = await inviteMember(database.db, actor(consultant), input, context(mailer));
		expect(issued).toMatchObject({ mail: 'sent', link: null });
		expect(mailer.sent).toHaveLength(1);
		const [mail] = mailer.sent;
		expect(mail!.to).toBe(input.email);
		expect(mail!.subject).toContain('Cabinet Horizon');
		expect(mail!.text).toContain('Claire Martin');
		expect(mail!.text).toContain(issued.date);
		const token = /\/invitation\/(\S+)/.exec(mail!.text)![1]!;
		expect(mail!.text).toContain(`${ORIGIN}/invitation/${token}`);
		const opened = await readInvitation(database.db, token);
		expect((await auditOf(opened.user.id))[0]?.detail).toEqual({
			role: 'beneficiary',
			mail: 'sent'
		});
	});

	it('logs and reports a mail that could not be sent, without showing the link', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const input = newcomer();
		const issued = await inviteMember(
			database.db,
			actor(consultant),
			input,
			context(newMailer(true))
		);
		expect(issued).toMatchObject({ mail: 'failed', link: null });
		expect(errors).toHaveBeenCalledOnce();
		const logged = JSON.parse(String(errors.mock.calls[0]![0]));
		expect(logged).toMatchObject({
			message: 'invitation mail failed',
			error: 'connect ECONNREFUSED 127.0.0.1:25'
		});
		expect((await auditOf(logged.userId))[0]?.detail).toEqual({
			role: 'beneficiary',
			mail: 'failed'
		});
	});

	it('re-issues a link by mail when there is a mail service, on screen otherwise', async () => {
		const first = await inviteMember(database.db, actor(consultant), newcomer(), context(null));
		const firstToken = first.link!.replace(`${ORIGIN}/invitation/`, '');
		const { user: person } = await readInvitation(database.db, firstToken);
		const mailer = newMailer();
		const mailed = await reinviteMember(database.db, actor(consultant), person.id, context(mailer));
		expect(mailed).toMatchObject({ mail: 'sent', link: null });
		expect(mailer.sent[0]?.to).toBe(person.email);
		// The earlier link stops working once a new one is issued.
		await expect(readInvitation(database.db, firstToken)).rejects.toBeInstanceOf(InvitationError);
		const shown = await reinviteMember(database.db, actor(consultant), person.id, context(null));
		expect(shown.link).toMatch(new RegExp(`^${ORIGIN}/invitation/`));
		const mails = (await auditOf(person.id)).map((event) => event.detail?.mail);
		expect(mails).toEqual(['off', 'sent', 'off']);
	});
});
