import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/lib/server/mail.ts';
import { startFakeSmtp } from '../helpers/smtp.ts';

describe('mail', () => {
	let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
	beforeAll(async () => {
		smtp = await startFakeSmtp();
	});
	afterAll(() => smtp.close());

	it('is off without SMTP_URL', () => {
		expect(createMailer({ smtpUrl: undefined, smtpFrom: 'x@y.fr' })).toBeNull();
	});

	it('sends a plain-text message from SMTP_FROM through SMTP_URL', async () => {
		const mailer = createMailer({ smtpUrl: smtp.url, smtpFrom: 'Atelier <no-reply@atelier.test>' });
		const link = 'http://127.0.0.1/invitation/abc123.def456';
		await mailer!.send({
			to: 'ines@exemple.fr',
			subject: 'Votre accès à Atelier',
			text: `Bonjour Inès,\n\nOuvrez ce lien :\n${link}\n`
		});
		expect(smtp.messages).toHaveLength(1);
		const [message] = smtp.messages;
		expect(message!.to).toEqual(['ines@exemple.fr']);
		expect(message!.from).toContain('no-reply@atelier.test');
		// Quoted-printable may fold long lines: unfold before looking for the link.
		expect(message!.data.replace(/=\r\n/g, '')).toContain(link);
	});

	it('reports a delivery failure to the caller', async () => {
		const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', smtpFrom: 'x@y.fr' });
		await expect(mailer!.send({ to: 'a@b.fr', subject: 's', text: 't' })).rejects.toThrow();
	});
});
