import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { PASSWORD_MIN_LENGTH } from '$lib/auth/limits';
import { recordAudit } from '$lib/server/audit';
import { changePassword, checkNewPassword } from '$lib/server/auth/account';
import { DEVICE_COOKIE } from '$lib/server/auth/device';
import { authenticate } from '$lib/server/auth/login';
import { signOut } from '$lib/server/auth/sign-out';
import { getDb } from '$lib/server/db';
import { digestOptedOut, setDigestOptOut } from '$lib/server/digest.service';
import { erasureRequestedAt, requestErasure, withdrawErasure } from '$lib/server/gdpr.service';
import { canRequestErasure } from '$lib/server/permissions';
import { rethrowAsHttp } from '$lib/server/bilans.http';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login?redirectTo=%2Fcompte');
	const { name, email, role } = locals.user;
	// GDPR: beneficiaries export their data and may ask for erasure.
	const gdpr = canRequestErasure(locals.user)
		? { erasureRequestedAt: await erasureRequestedAt(getDb(), locals.user) }
		: null;
	// The weekly digest is for those who follow bilans (an admin sees no board).
	const digest =
		role === 'admin' ? null : { optOut: await digestOptedOut(getDb(), locals.user.id) };
	return { account: { name, email, role }, gdpr, digest };
};

function signedIn(event: RequestEvent) {
	const user = event.locals.user;
	if (!user) redirect(303, '/login?redirectTo=%2Fcompte');
	return user;
}

function text(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
}

export const actions: Actions = {
	erasure: async (event) => {
		const user = signedIn(event);
		const data = await event.request.formData();
		if (data.get('confirm') !== 'on') {
			return fail(400, { gdpr: { error: m.gdpr_confirm_required() } });
		}
		try {
			await requestErasure(getDb(), user);
		} catch (cause) {
			rethrowAsHttp(cause);
		}
		return { gdpr: { done: m.gdpr_erasure_saved() } };
	},

	withdrawErasure: async (event) => {
		const user = signedIn(event);
		try {
			await withdrawErasure(getDb(), user);
		} catch (cause) {
			rethrowAsHttp(cause);
		}
		return { gdpr: { done: m.gdpr_erasure_withdrawn() } };
	},

	digest: async (event) => {
		const user = signedIn(event);
		const wanted = (await event.request.formData()).get('digest') === 'on';
		await setDigestOptOut(getDb(), user.id, !wanted);
		return { digest: { done: true } };
	},

	logoutAll: async (event) => {
		signedIn(event);
		await signOut(getDb(), event, true);
		redirect(303, '/login');
	},

	password: async (event) => {
		const user = signedIn(event);
		const data = await event.request.formData();
		const current = text(data, 'current');
		const next = text(data, 'password');
		const problem = checkNewPassword(next, text(data, 'confirm'));
		if (problem) {
			const message =
				problem === 'too_short'
					? m.auth_password_too_short({ min: PASSWORD_MIN_LENGTH })
					: problem === 'too_long'
						? m.auth_password_too_long()
						: m.auth_password_mismatch();
			return fail(400, { password: { error: message } });
		}
		const db = getDb();
		// The same check and throttle as the login form: a session left open is no brute-force oracle.
		const result = await authenticate(db, {
			email: user.email,
			password: current,
			ip: event.getClientAddress(),
			device: event.cookies.get(DEVICE_COOKIE)
		});
		if (!result.ok) {
			const message =
				result.reason === 'locked'
					? m.auth_login_locked({ minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) })
					: m.auth_account_current_wrong();
			return fail(result.reason === 'locked' ? 429 : 400, { password: { error: message } });
		}
		await changePassword(db, user.id, next, event.locals.session?.id ?? null);
		await recordAudit(db, {
			organisationId: user.organisationId,
			actorId: user.id,
			action: 'auth.password_changed',
			targetType: 'user',
			targetId: user.id,
			ip: event.getClientAddress()
		});
		return { password: { done: true } };
	}
};
