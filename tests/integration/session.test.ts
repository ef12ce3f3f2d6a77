import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	SESSION_LIFETIME_MS,
	sessionTokenFromCookieHeader,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import { sessions } from '../../src/lib/server/db/schema.ts';
import { newUser } from '../helpers/factories.ts';
import { openTestDatabase, testDrivers, type TestDatabase } from '../helpers/database.ts';

const T0 = new Date('2026-11-02T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(testDrivers())('sessions on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	const stored = async (id: string) =>
		(await database.db.select().from(sessions).where(eq(sessions.id, id)))[0];

	it('creates a session whose token validates to the user, storing only a hash of the secret', async () => {
		const user = await newUser(database.db, 'consultant');
		const { token, session } = await createSession(database.db, user.id, T0);
		expect(session.expiresAt).toEqual(at(SESSION_LIFETIME_MS));
		const [id, secret] = token.split('.') as [string, string];
		expect(session.id).toBe(id);
		const row = await stored(id);
		expect(row?.secretHash.length).toBe(32);
		expect(Buffer.from(row!.secretHash).toString('latin1')).not.toContain(secret);

		const validated = await validateSessionToken(database.db, token, at(1000));
		expect(validated?.user).toEqual({
			id: user.id,
			organisationId: user.organisationId,
			email: user.email,
			name: user.name,
			role: user.role
		});
		expect(validated?.renewed).toBe(false);
		expect(validated?.session.expiresAt).toEqual(at(SESSION_LIFETIME_MS));
	});

	it('refuses a forged secret and keeps the real session', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const { token } = await createSession(database.db, user.id, T0);
		const [id, secret] = token.split('.') as [string, string];
		const other = await createSession(database.db, user.id, T0);
		const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		expect(await validateSessionToken(database.db, forged, at(1))).toBeNull();
		// Someone else's secret with this id is no better.
		expect(
			await validateSessionToken(database.db, `${id}.${other.token.split('.')[1]}`, at(1))
		).toBeNull();
		expect(await stored(id)).toBeDefined();
		expect(await validateSessionToken(database.db, token, at(1))).not.toBeNull();
	});

	it('refuses and deletes an expired session', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const { token, session } = await createSession(database.db, user.id, T0);
		expect(
			await validateSessionToken(database.db, token, at(SESSION_LIFETIME_MS - 1))
		).not.toBeNull();
		const renewedExpiry = (await stored(session.id))!.expiresAt;
		expect(await validateSessionToken(database.db, token, renewedExpiry)).toBeNull();
		expect(await stored(session.id)).toBeUndefined();
	});

	it('renews only in the second half of its life', async () => {
		const user = await newUser(database.db, 'admin');
		const { token, session } = await createSession(database.db, user.id, T0);
		const half = SESSION_LIFETIME_MS / 2;

		const early = await validateSessionToken(database.db, token, at(half));
		expect(early?.renewed).toBe(false);
		expect((await stored(session.id))?.expiresAt).toEqual(at(SESSION_LIFETIME_MS));

		const late = await validateSessionToken(database.db, token, at(half + 1));
		expect(late?.renewed).toBe(true);
		expect(late?.session.expiresAt).toEqual(at(half + 1 + SESSION_LIFETIME_MS));
		expect((await stored(session.id))?.expiresAt).toEqual(at(half + 1 + SESSION_LIFETIME_MS));

		// Past the first expiry, the renewed session still works.
		expect(
			await validateSessionToken(database.db, token, at(SESSION_LIFETIME_MS + 1))
		).not.toBeNull();
	});

	it('invalidateSession ends one session, invalidateUserSessions ends them all (and only theirs)', async () => {
		const user = await newUser(database.db, 'consultant');
		const someoneElse = await newUser(database.db, 'consultant');
		const a = await createSession(database.db, user.id, T0);
		const b = await createSession(database.db, user.id, T0);
		const c = await createSession(database.db, user.id, T0);
		const theirs = await createSession(database.db, someoneElse.id, T0);

		await invalidateSession(database.db, a.session.id);
		expect(await validateSessionToken(database.db, a.token, at(1))).toBeNull();
		expect(await validateSessionToken(database.db, b.token, at(1))).not.toBeNull();

		await invalidateUserSessions(database.db, user.id);
		expect(await validateSessionToken(database.db, b.token, at(1))).toBeNull();
		expect(await validateSessionToken(database.db, c.token, at(1))).toBeNull();
		expect(await validateSessionToken(database.db, theirs.token, at(1))).not.toBeNull();
	});

	it('refuses malformed tokens without touching the database rows', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const { token } = await createSession(database.db, user.id, T0);
		const [id] = token.split('.') as [string, string];
		for (const bad of [
			'',
			'.',
			id,
			`${id}.`,
			`.${id}`,
			`${id}.a.b`,
			`${id}.${'a'.repeat(300)}`,
			'%00.%00',
			"'; delete from sessions; --.x"
		]) {
			expect(await validateSessionToken(database.db, bad, at(1)), bad).toBeNull();
		}
		expect(await stored(id)).toBeDefined();
	});

	it('reads the token from a Cookie header', () => {
		expect(sessionTokenFromCookieHeader('a=1; atelier_session=abc.def; b=2')).toBe('abc.def');
		expect(sessionTokenFromCookieHeader('atelier_session_x=1')).toBeUndefined();
		expect(sessionTokenFromCookieHeader(undefined)).toBeUndefined();
	});
});
