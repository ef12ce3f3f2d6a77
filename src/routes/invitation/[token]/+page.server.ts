import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { PASSWORD_MIN_LENGTH } from '$lib/auth/limits';
import { checkNewPassword } from '$lib/server/auth/account';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { acceptInvitation, InvitationError, readInvitation } from '$lib/server/auth/invitations';
import { createSession } from '$lib/server/auth/session';
import { signOut } from '$lib/server/auth/sign-out';
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

export const load: PageServerLoad = async ({ params, setHeaders, locals }) => {
	// The link is a credential: keep it out of Referer headers and shared caches.
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	const open = await readInvitation(getDb(), params.token).catch(refuse);
	return {
		invitation: {
			name: open.user.name,
			email: open.user.email,
			organisation: open.organisationName
		},
		// Someone signed in on this browser signs out first (acceptInvitation refuses otherwise).
		signedInAs: locals.user ? { name: locals.user.name, email: locals.user.email } : null
	};
};

export const actions: Actions = {
	accept: async ({ params, request, cookies, url, locals, getClientAddress }) => {
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
		const user = await acceptInvitation(db, params.token, password as string, {
			ip: getClientAddress(),
			signedInAs: locals.user?.id ?? null
		}).catch((cause: unknown) => {
			if (cause instanceof InvitationError && cause.reason === 'signed_in') return null;
			refuse(cause);
		});
		if (!user) return fail(403, { message: m.auth_invitation_signed_in_refused() });
		const { token, session } = await createSession(db, user.id);
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, '/');
	},

	/** "Me déconnecter pour continuer": back to the same link, signed out. */
	signOut: async (event) => {
		await signOut(getDb(), event);
		redirect(303, event.url.pathname);
	}
};
