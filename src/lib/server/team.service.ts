import { eq } from 'drizzle-orm';
import { formatDate } from '../format/dates.ts';
import { m } from '../paraglide/messages.js';
import { getLocale } from '../paraglide/runtime.js';
import { recordAudit } from './audit.ts';
import {
	invite,
	reinvite,
	type InvitationInput,
	type IssuedInvitation
} from './auth/invitations.ts';
import type { SessionUser } from './auth/session.ts';
import type { Db } from './db/index.ts';
import { organisations } from './db/schema.ts';
import { logError } from './log.ts';
import type { Mailer } from './mail.ts';

/**
 * The team page's work: issue an invitation link (a new person, or a new link for one who has not
 * accepted yet), pass it on and record it (`invitation.create`, in the person's journal).
 * Refusals are the `InvitationError`s of `auth/invitations.ts`.
 */

/** How the link went: mailed, mail failed, or no mail service (shown on screen). */
export type LinkMail = 'sent' | 'failed' | 'off';

/** What the inviter is told: the link only when it was not mailed, for them to pass on. */
export interface HandedOverInvitation {
	name: string;
	email: string;
	/** The link's last day, in the reader's language. */
	date: string;
	mail: LinkMail;
	link: string | null;
}

export interface HandOverContext {
	/** The public origin the link starts with (`ORIGIN`, else the request's). */
	origin: string;
	/** The inviter's address, for the audit trail. */
	ip: string;
	/** The instance's outgoing mail, or null without `SMTP_URL`. */
	mailer: Mailer | null;
}

/** Invites a new person (`invite`) and passes their link on. */
export async function inviteMember(
	db: Db,
	inviter: SessionUser,
	input: InvitationInput,
	context: HandOverContext
): Promise<HandedOverInvitation> {
	const issued = await invite(db, inviter, input);
	return handOver(db, inviter, issued, context);
}

/**
 * A new link for a person who has not accepted yet (`reinvite`): by mail when there is a mailer,
 * else on screen (refused for an account in use).
 */
export async function reinviteMember(
	db: Db,
	inviter: SessionUser,
	userId: string,
	context: HandOverContext
): Promise<HandedOverInvitation> {
	const issued = await reinvite(db, inviter, userId, {
		delivery: context.mailer ? 'mail' : 'screen'
	});
	return handOver(db, inviter, issued, context);
}

/**
 * Passes the new link on: by mail to the invited person's own address when SMTP is configured
 * (then the inviter never sees it), else on the inviter's screen, to hand over themself. A mail
 * failure is logged and reported; the inviter issues a new link once the address or the mail
 * service is fixed.
 */
async function handOver(
	db: Db,
	inviter: SessionUser,
	issued: IssuedInvitation,
	context: HandOverContext
): Promise<HandedOverInvitation> {
	const link = `${context.origin}/invitation/${issued.token}`;
	const date = formatDate(issued.expiresAt, getLocale());
	let mail: LinkMail = 'off';
	if (context.mailer) {
		const [org] = await db
			.select({ name: organisations.name })
			.from(organisations)
			.where(eq(organisations.id, inviter.organisationId));
		const organisation = org?.name ?? '';
		try {
			await context.mailer.send({
				to: issued.user.email,
				subject: m.auth_mail_subject({ organisation }),
				text: m.auth_mail_body({
					name: issued.user.name,
					inviter: inviter.name,
					organisation,
					link,
					date
				})
			});
			mail = 'sent';
		} catch (cause) {
			logError('invitation mail failed', {
				userId: issued.user.id,
				error: cause instanceof Error ? cause.message : String(cause)
			});
			mail = 'failed';
		}
	}
	await recordAudit(db, {
		organisationId: inviter.organisationId,
		actorId: inviter.id,
		action: 'invitation.create',
		targetType: 'user',
		targetId: issued.user.id,
		ip: context.ip,
		detail: { role: issued.user.role, mail }
	});
	const { name, email } = issued.user;
	return { name, email, date, mail, link: mail === 'off' ? link : null };
}
