import type { RequestEvent } from '@sveltejs/kit';
import { recordAudit } from '../audit.ts';
import type { Db } from '../db/index.ts';
import { clearSessionCookie } from './cookie.ts';
import { invalidateSession, invalidateUserSessions } from './session.ts';

/**
 * Signs the browser out: ends its session, or with `everywhere` every session of the person
 * (« Se déconnecter partout »), records it (`auth.logout`, `auth.logout_all`) and clears the
 * cookie. The logout endpoint, the account page and the invitation page (which asks whoever is
 * signed in to leave before a link is accepted) share it.
 */
export async function signOut(
	db: Db,
	event: Pick<RequestEvent, 'locals' | 'cookies' | 'getClientAddress'>,
	everywhere = false
): Promise<void> {
	const { session, user } = event.locals;
	if (session && user) {
		if (everywhere) await invalidateUserSessions(db, user.id);
		else await invalidateSession(db, session.id);
		await recordAudit(db, {
			organisationId: user.organisationId,
			actorId: user.id,
			action: everywhere ? 'auth.logout_all' : 'auth.logout',
			targetType: 'user',
			targetId: user.id,
			ip: event.getClientAddress()
		});
	}
	clearSessionCookie(event.cookies);
}
