import type { RequestEvent } from '@sveltejs/kit';
import { recordAudit } from '../audit.ts';
import type { Db } from '../db/index.ts';
import { clearSessionCookie } from './cookie.ts';
import { invalidateSession } from './session.ts';

/**
 * Signs the browser out: ends its session (recorded as `auth.logout`) and clears the cookie. The
 * logout endpoint and the invitation page (which asks whoever is signed in to leave before a link
 * is accepted) share it.
 */
export async function signOut(
	db: Db,
	event: Pick<RequestEvent, 'locals' | 'cookies' | 'getClientAddress'>
): Promise<void> {
	const { session, user } = event.locals;
	if (session && user) {
		await invalidateSession(db, session.id);
		await recordAudit(db, {
			organisationId: user.organisationId,
			actorId: user.id,
			action: 'auth.logout',
			targetType: 'user',
			targetId: user.id,
			ip: event.getClientAddress()
		});
	}
	clearSessionCookie(event.cookies);
}
