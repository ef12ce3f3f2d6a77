import { error, fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '$lib/server/audit';
import {
	invite,
	InvitationError,
	listTeam,
	readInvitationForm,
	reinvite,
	type InvitationInputProblem,
	type IssuedInvitation
} from '$lib/server/auth/invitations';
import type { SessionUser } from '$lib/server/auth/session';
import { readConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { organisations, roleEnum } from '$lib/server/db/schema';
import { createMailer, type Mailer } from '$lib/server/mail';
import { canInvite, canViewTeam } from '$lib/server/permissions';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function teamViewer(event: RequestEvent | Parameters<PageServerLoad>[0]): SessionUser {
	const user = event.locals.user;
	if (!user) redirect(303, '/login?redirectTo=%2Fequipe');
	if (!canViewTeam(user)) error(403, m.auth_team_forbidden());
	return user;
}

export const load: PageServerLoad = async (event) => {
	const user = teamViewer(event);
	const members = await listTeam(getDb(), user);
	return {
		members,
		invitableRoles: roleEnum.enumValues.filter((role) => canInvite(user, role))
	};
};

const problems: Record<InvitationInputProblem, () => string> = {
	email_required: m.auth_email_required,
	email_too_long: m.auth_email_too_long,
	email_invalid: m.auth_email_invalid,
	name_required: m.auth_team_name_required,
	name_too_long: m.auth_team_name_too_long,
	role_invalid: m.auth_team_role_invalid
};

function formatDate(date: Date): string {
	return date.toLocaleDateString(getLocale() === 'fr' ? 'fr-FR' : 'en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'Europe/Paris'
	});
}

/**
 * Passes the new link on: by mail to the invited person's own address when SMTP is configured
 * (then the inviter never sees it), else on the inviter's screen, to hand over themself. A mail
 * failure is logged and reported; the inviter issues a new link once the address or the mail
 * service is fixed.
 */
async function handOver(
	event: RequestEvent,
	inviter: SessionUser,
	issued: IssuedInvitation,
	mailer: Mailer | null
) {
	const config = readConfig();
	const link = `${config.origin ?? event.url.origin}/invitation/${issued.token}`;
	const date = formatDate(issued.expiresAt);
	let mail: 'sent' | 'failed' | 'off' = 'off';
	if (mailer) {
		const [org] = await getDb()
			.select({ name: organisations.name })
			.from(organisations)
			.where(eq(organisations.id, inviter.organisationId));
		const organisation = org?.name ?? '';
		try {
			await mailer.send({
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
			console.error(
				JSON.stringify({
					time: new Date().toISOString(),
					message: 'invitation mail failed',
					userId: issued.user.id,
					error: cause instanceof Error ? cause.message : String(cause)
				})
			);
			mail = 'failed';
		}
	}
	await recordAudit(getDb(), {
		organisationId: inviter.organisationId,
		actorId: inviter.id,
		action: 'invitation.create',
		targetType: 'user',
		targetId: issued.user.id,
		ip: event.getClientAddress(),
		detail: { role: issued.user.role, mail }
	});
	const { name, email } = issued.user;
	return { issued: { name, email, date, mail, link: mail === 'off' ? link : null } };
}

export const actions: Actions = {
	invite: async (event) => {
		const inviter = teamViewer(event);
		const read = readInvitationForm(await event.request.formData());
		if (!read.ok) {
			return fail(400, { invite: { ...read.values, error: problems[read.problem]() } });
		}
		try {
			const issued = await invite(getDb(), inviter, read.input);
			return await handOver(event, inviter, issued, createMailer(readConfig()));
		} catch (cause) {
			if (cause instanceof InvitationError && cause.reason === 'email_taken') {
				return fail(409, { invite: { ...read.input, error: m.auth_team_email_taken() } });
			}
			if (cause instanceof InvitationError && cause.reason === 'forbidden') {
				return fail(403, { invite: { ...read.input, error: m.auth_team_invite_forbidden() } });
			}
			throw cause;
		}
	},

	reinvite: async (event) => {
		const inviter = teamViewer(event);
		const userId = (await event.request.formData()).get('userId');
		const uuid = /^[0-9a-f-]{36}$/i;
		if (typeof userId !== 'string' || !uuid.test(userId)) {
			return fail(400, { reinvite: { error: m.auth_team_reinvite_forbidden() } });
		}
		const mailer = createMailer(readConfig());
		try {
			const issued = await reinvite(getDb(), inviter, userId, {
				delivery: mailer ? 'mail' : 'screen'
			});
			return await handOver(event, inviter, issued, mailer);
		} catch (cause) {
			if (cause instanceof InvitationError && cause.reason === 'forbidden') {
				return fail(403, { reinvite: { error: m.auth_team_reinvite_forbidden() } });
			}
			if (cause instanceof InvitationError && cause.reason === 'not_pending') {
				return fail(409, { reinvite: { error: m.auth_team_not_pending() } });
			}
			if (cause instanceof InvitationError && cause.reason === 'in_use') {
				return fail(409, { reinvite: { error: m.auth_team_reinvite_in_use() } });
			}
			throw cause;
		}
	}
};
