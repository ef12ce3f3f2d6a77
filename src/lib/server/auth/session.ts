import { eq } from 'drizzle-orm';
import { recheckConnections } from '../board-writer.ts';
import type { Db } from '../db/index.ts';
import { sessions, users, type User } from '../db/schema.ts';
import { newSecretToken, secretMatches, splitToken } from './token.ts';

/**
 * Sessions as in the Lucia guide: the client holds `id.secret`, the database only the SHA-256 of
 * the secret, so a leaked table cannot be replayed. Expiry slides: a session used in the second
 * half of its life is extended.
 */
export const SESSION_COOKIE = 'atelier_session';
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}

export type SessionUser = Pick<User, 'id' | 'organisationId' | 'email' | 'name' | 'role'>;

export interface ValidatedSession {
	session: Session;
	user: SessionUser;
	/** True when the expiry moved and the cookie must be sent again. */
	renewed: boolean;
}

export async function createSession(
	db: Db,
	userId: string,
	now = new Date()
): Promise<{ token: string; session: Session }> {
	const { id, secretHash, token } = newSecretToken();
	const session = { id, userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) };
	await db.insert(sessions).values({ ...session, secretHash, createdAt: now });
	return { token, session };
}

/** The user columns read with a session: what `SessionUser` holds. */
export const sessionUserColumns = {
	id: users.id,
	organisationId: users.organisationId,
	email: users.email,
	name: users.name,
	role: users.role
};

/** A session row and its user, as read by id (alone, or joined with more, as the sync upgrade). */
export interface StoredSession {
	session: typeof sessions.$inferSelect;
	user: SessionUser;
}

/** Returns the session and its user, or null for a malformed, unknown, forged or expired token. */
export async function validateSessionToken(
	db: Db,
	token: string,
	now = new Date()
): Promise<ValidatedSession | null> {
	const parsed = splitToken(token);
	if (!parsed) return null;
	const [row] = await db
		.select({ session: sessions, user: sessionUserColumns })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, parsed.id));
	return row ? acceptSession(db, row, parsed.secret, now) : null;
}

/**
 * The session rule, given the row read for the token's id: the secret must match and the session
 * must not be expired (an expired one is deleted); one used in the second half of its life is
 * extended. Null when refused.
 */
export async function acceptSession(
	db: Db,
	row: StoredSession,
	secret: string,
	now: Date
): Promise<ValidatedSession | null> {
	if (!secretMatches(secret, row.session.secretHash)) return null;
	const id = row.session.id;
	const session: Session = { id, userId: row.session.userId, expiresAt: row.session.expiresAt };
	if (now.getTime() >= session.expiresAt.getTime()) {
		await invalidateSession(db, id);
		return null;
	}
	let renewed = false;
	if (session.expiresAt.getTime() - now.getTime() < SESSION_LIFETIME_MS / 2) {
		session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
		renewed = true;
	}
	return { session, user: row.user, renewed };
}

/**
 * Ends a session (logout, expiry, another account signing in on this browser); its open board
 * sockets are closed at once, on every node.
 */
export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	const ended = await db
		.delete(sessions)
		.where(eq(sessions.id, sessionId))
		.returning({ userId: sessions.userId });
	if (ended.length > 0) await recheckConnections({ userIds: ended.map((row) => row.userId) });
}

/** "Se déconnecter partout": every session of the user ends, and their open board sockets. */
export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
	await recheckConnections({ userIds: [userId] });
}

/** Reads the session token from a raw `Cookie` header (used by the WebSocket upgrade). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
	for (const part of header?.split(';') ?? []) {
		const eqAt = part.indexOf('=');
		if (eqAt > 0 && part.slice(0, eqAt).trim() === SESSION_COOKIE) {
			return decodeURIComponent(part.slice(eqAt + 1).trim());
		}
	}
	return undefined;
}
