import { redirect } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** POST only: a link or an image cannot sign anyone out. */
export const POST: RequestHandler = async ({ locals, cookies, getClientAddress }) => {
	if (locals.session && locals.user) {
		const db = getDb();
		await invalidateSession(db, locals.session.id);
		await recordAudit(db, {
			organisationId: locals.user.organisationId,
			actorId: locals.user.id,
			action: 'auth.logout',
			targetType: 'user',
			targetId: locals.user.id,
			ip: getClientAddress()
		});
	}
	clearSessionCookie(cookies);
	redirect(303, '/login');
};
