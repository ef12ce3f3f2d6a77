import { createTransport } from 'nodemailer';
import type { Config } from './config.ts';

/** One plain-text message; callers compose subject and body in the reader's language. */
export interface MailMessage {
	to: string;
	subject: string;
	text: string;
}

export interface Mailer {
	send(message: MailMessage): Promise<void>;
}

/**
 * The outgoing mail of the instance, or null when `SMTP_URL` is not configured: then links are
 * only shown on screen, to be passed on by hand. `SMTP_URL` is a nodemailer URL such as
 * `smtps://user:pass@smtp.example.fr:465`.
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): Mailer | null {
	if (!config.smtpUrl) return null;
	const transport = createTransport(config.smtpUrl);
	return {
		async send(message) {
			await transport.sendMail({ from: config.smtpFrom, ...message });
		}
	};
}
