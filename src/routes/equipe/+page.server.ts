import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	InvitationError,
	listTeam,
	readInvitationForm,
	type InvitationInputProblem
} from '$lib/server/auth/invitations';
import type { SessionUser } from '$lib/server/auth/session';
import { isUuid } from '$lib/server/bilans.validation';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { roleEnum } from '$lib/server/db/schema';
import { createMailer } from '$lib/server/mail';
import { canInvite, canViewTeam } from '$lib/server/permissions';
import { inviteMember, reinviteMember, type HandOverContext } from '$lib/server/team.service';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function teamViewer(event: RequestEvent | Parameters<PageServerLoad>[0]): SessionUser {
	const user = event.locals.user;
	if (!user) redirect(303, '/login?redirectTo=%2Fequipe');
	if (!canViewTeam(user)) error(403, m.auth_team_forbidden());
	return user;
}

function handOverContext(event: RequestEvent): HandOverContext {
	const config = getConfig();
	return {
		origin: config.origin ?? event.url.origin,
		ip: event.getClientAddress(),
		mailer: createMailer(config)
	};
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

export const actions: Actions = {
	invite: async (event) => {
		const inviter = teamViewer(event);
		const read = readInvitationForm(await event.request.formData());
		if (!read.ok) {
			return fail(400, { invite: { ...read.values, error: problems[read.problem]() } });
		}
		try {
			return { issued: await inviteMember(getDb(), inviter, read.input, handOverContext(event)) };
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
		if (!isUuid(userId)) {
			return fail(400, { reinvite: { error: m.auth_team_reinvite_forbidden() } });
		}
		try {
			return { issued: await reinviteMember(getDb(), inviter, userId, handOverContext(event)) };
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
