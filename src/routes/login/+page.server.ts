import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '$lib/server/audit';
import { setDeviceCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { DEVICE_COOKIE, rememberDevice } from '$lib/server/auth/device';
import { authenticate, readLoginForm, type LoginFormProblem } from '$lib/server/auth/login';
import { safeRedirectTarget } from '$lib/server/auth/redirect';
import { createSession } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user)
		redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo'), url.origin));
	return {};
};

const problems: Record<LoginFormProblem, () => string> = {
	email_required: m.auth_email_required,
	email_too_long: m.auth_email_too_long,
	password_required: m.auth_password_required,
	password_too_long: m.auth_password_too_long
};

/** A slow-down lasts seconds, a lock minutes: the wait in the unit that reads naturally. */
function waitMessage(retryAfterMs: number): string {
	if (retryAfterMs < 60_000) {
		return m.auth_login_locked_seconds({ seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
	}
	return m.auth_login_locked({ minutes: Math.ceil(retryAfterMs / 60_000) });
}

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const read = readLoginForm(await request.formData());
		if (!read.ok) return fail(400, { email: read.email, message: problems[read.problem]() });

		const db = getDb();
		const ip = getClientAddress();
		const result = await authenticate(db, { ...read.form, ip, device: cookies.get(DEVICE_COOKIE) });
		if (!result.ok) {
			await recordAudit(db, {
				organisationId: result.user?.organisationId ?? null,
				actorId: null,
				action: 'auth.login_failed',
				targetType: result.user ? 'user' : undefined,
				targetId: result.user?.id,
				ip,
				// The email typed and why; never the password.
				detail: { email: read.form.email, reason: result.reason }
			});
			if (result.reason === 'locked') {
				return fail(429, { email: read.form.email, message: waitMessage(result.retryAfterMs) });
			}
			return fail(400, { email: read.form.email, message: m.auth_login_invalid() });
		}

		const { token, session } = await createSession(db, result.user.id);
		setSessionCookie(cookies, url, token, session.expiresAt);
		const device = await rememberDevice(db, result.user.id, result.device);
		setDeviceCookie(cookies, url, device.token, device.expiresAt);
		await recordAudit(db, {
			organisationId: result.user.organisationId,
			actorId: result.user.id,
			action: 'auth.login',
			targetType: 'user',
			targetId: result.user.id,
			ip
		});
		redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo'), url.origin));
	}
};
