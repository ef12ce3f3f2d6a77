import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { PASSWORD_MIN_LENGTH } from '$lib/auth/limits';
import { recordAudit } from '$lib/server/audit';
import { checkNewPassword } from '$lib/server/auth/account';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { acceptInvitation, InvitationError, readInvitation } from '$lib/server/auth/invitations';
import { createSession, invalidateSession } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** Unknown or forged links are simply not found; expired and used ones are gone for good. */
function refuse(cause: unknown): never {
	if (cause instanceof InvitationError) {
		if (cause.reason === 'expired') error(410, m.auth_invitation_expired());
		if (cause.reason === 'used') error(410, m.auth_invitation_used());
		if (cause.reason === 'not_found') error(404, m.auth_invitation_not_found());
	}
	throw cause;
}

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The link is a credential: keep it out of Referer headers and shared caches.
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	const open = await readInvitation(getDb(), params.token).catch(refuse);
	return {
		invitation: {
			name: open.user.name,
			email: open.user.email,
			organisation: open.organisationName
		}
	};
};

export const actions: Actions = {
	default: async ({ params, request, cookies, url, locals, getClientAddress }) => {
		const data = await request.formData();
		const password = data.get('password');
		const confirm = data.get('confirm');
		const problem = checkNewPassword(
			typeof password === 'string' ? password : '',
			typeof confirm === 'string' ? confirm : ''
		);
		if (problem) {
			const message =
				problem === 'too_short'
					? m.auth_password_too_short({ min: PASSWORD_MIN_LENGTH })
					: problem === 'too_long'
						? m.auth_password_too_long()
						: m.auth_password_mismatch();
			return fail(400, { message });
		}
		const db = getDb();
		const user = await acceptInvitation(db, params.token, password as string).catch(refuse);
		// Whoever was signed in on this browser before hands over to the invited person.
		if (locals.session) await invalidateSession(db, locals.session.id);
		const { token, session } = await createSession(db, user.id);
		setSessionCookie(cookies, url, token, session.expiresAt);
		await recordAudit(db, {
			organisationId: user.organisationId,
			actorId: user.id,
			action: 'invitation.accept',
			targetType: 'user',
			targetId: user.id,
			ip: getClientAddress()
		});
		redirect(303, '/');
	}
};
