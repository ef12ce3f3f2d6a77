import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/lib/server/auth/login.ts';
import {
	accountAddressKey,
	accountKey,
	DEFAULT_THROTTLE_POLICY,
	loginThrottle,
	pruneLoginThrottles
} from '../../src/lib/server/auth/throttle.ts';
import { loginThrottles, users } from '../../src/lib/server/db/schema.ts';
import { newUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { openTestDatabase, testDrivers, type TestDatabase } from '../helpers/database.ts';

const MINUTE = 60_000;

/** A clock the test moves by hand. */
function fakeClock(start = new Date('2026-11-02T09:00:00Z')) {
	let now = start.getTime();
	return {
		now: () => new Date(now),
		advance(ms: number) {
			now += ms;
		}
	};
}

describe.each(testDrivers())('login throttle on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	let ipCounter = 0;
	/** A fresh client address per test, so the per-address counters never mix between tests. */
	const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

	async function attempt(email: string, password: string, ip: string, clock = fakeClock()) {
		return authenticate(database.db, { email, password, ip }, { now: clock.now });
	}

	it('accepts the right password and refuses a wrong one', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const ok = await attempt(user.email, TEST_PASSWORD, freshIp());
		expect(ok.ok).toBe(true);
		const wrong = await attempt(user.email, 'pas-le-bon', freshIp());
		expect(wrong).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('answers "invalid" alike for an unknown email and a pending user without a password', async () => {
		const pending = await newUser(database.db, 'beneficiary');
		await database.db.update(users).set({ passwordHash: null }).where(eq(users.id, pending.id));
		const ip = freshIp();
		expect(await attempt(pending.email, TEST_PASSWORD, ip)).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
		expect(await attempt('inconnu@test.atelier.fr', TEST_PASSWORD, ip)).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
	});

	it('locks one account from one address after 5 failures for 15 minutes, not its owner elsewhere', async () => {
		const user = await newUser(database.db, 'consultant');
		const clock = fakeClock();
		const attacker = freshIp();
		for (let i = 0; i < 5; i++) {
			expect(
				await attempt(user.email, `faux-${i}`, attacker, clock),
				`failure ${i + 1}`
			).toMatchObject({ reason: 'invalid' });
		}
		clock.advance(MINUTE);
		const locked = await attempt(user.email, TEST_PASSWORD, attacker, clock);
		expect(locked).toMatchObject({ ok: false, reason: 'locked', retryAfterMs: 14 * MINUTE });
		// The owner, from their own address, is not concerned.
		const owner = freshIp();
		expect((await attempt(user.email, TEST_PASSWORD, owner, clock)).ok).toBe(true);

		clock.advance(14 * MINUTE - 1);
		expect(await attempt(user.email, TEST_PASSWORD, attacker, clock)).toMatchObject({
			reason: 'locked',
			retryAfterMs: 1
		});
		clock.advance(1);
		expect((await attempt(user.email, TEST_PASSWORD, attacker, clock)).ok).toBe(true);
	});

	it('locks an unknown email exactly like a real account', async () => {
		const clock = fakeClock();
		const email = `personne-${crypto.randomUUID()}@test.atelier.fr`;
		const ip = freshIp();
		for (let i = 0; i < 5; i++) await attempt(email, 'faux', ip, clock);
		expect(await attempt(email, 'faux', ip, clock)).toMatchObject({
			reason: 'locked',
			retryAfterMs: 15 * MINUTE
		});
	});

	it('resets the counter of the account from that address on success', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const clock = fakeClock();
		const ip = freshIp();
		for (let i = 0; i < 4; i++) await attempt(user.email, 'faux', ip, clock);
		expect((await attempt(user.email, TEST_PASSWORD, ip, clock)).ok).toBe(true);
		for (let i = 0; i < 4; i++) await attempt(user.email, 'faux', ip, clock);
		expect((await attempt(user.email, TEST_PASSWORD, ip, clock)).ok).toBe(true);
	});

	it('forgets failures older than the window', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const clock = fakeClock();
		const ip = freshIp();
		for (let i = 0; i < 4; i++) await attempt(user.email, 'faux', ip, clock);
		clock.advance(15 * MINUTE);
		for (let i = 0; i < 4; i++) await attempt(user.email, 'faux', ip, clock);
		expect((await attempt(user.email, TEST_PASSWORD, ip, clock)).ok).toBe(true);
	});

	it('locks an address after 30 failures across accounts; other addresses still get in', async () => {
		const user = await newUser(database.db, 'admin');
		const clock = fakeClock();
		const ip = freshIp();
		const throttle = loginThrottle(database.db, { now: clock.now });
		// Thirty different emails (so no account lock), one address.
		for (let i = 0; i < 29; i++) await throttle.recordFailure(`spray-${i}@test.atelier.fr`, ip);
		expect(await throttle.check(user.email, ip)).toBeNull();
		expect(await attempt('spray-29@test.atelier.fr', 'faux', ip, clock)).toMatchObject({
			reason: 'invalid'
		});
		expect(await attempt(user.email, TEST_PASSWORD, ip, clock)).toMatchObject({
			reason: 'locked',
			retryAfterMs: 15 * MINUTE
		});
		expect((await attempt(user.email, TEST_PASSWORD, freshIp(), clock)).ok).toBe(true);
		clock.advance(15 * MINUTE);
		expect((await attempt(user.email, TEST_PASSWORD, ip, clock)).ok).toBe(true);
	});

	it('slows one account down across many addresses, doubling the wait up to 3 minutes, never locking it', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const clock = fakeClock();
		const throttle = loginThrottle(database.db, { now: clock.now });
		// Ten guesses from ten addresses: no wait yet.
		for (let i = 0; i < 10; i++) {
			expect(await attempt(user.email, `faux-${i}`, freshIp(), clock)).toMatchObject({
				reason: 'invalid'
			});
		}
		expect(await throttle.check(user.email, freshIp())).toBeNull();
		const waits: number[] = [];
		for (let i = 0; i < 10; i++) {
			expect(await attempt(user.email, 'faux', freshIp(), clock)).toMatchObject({
				reason: 'invalid'
			});
			const wait = (await throttle.check(user.email, freshIp()))!.retryAfterMs;
			waits.push(wait);
			// While it lasts, even the right password is not checked.
			expect(await attempt(user.email, TEST_PASSWORD, freshIp(), clock)).toMatchObject({
				reason: 'locked',
				retryAfterMs: wait
			});
			clock.advance(wait);
		}
		expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 180, 180].map((seconds) => seconds * 1000));
		// The owner gets in as soon as the wait is over.
		expect((await attempt(user.email, TEST_PASSWORD, freshIp(), clock)).ok).toBe(true);
		// A day after the first failure, the count starts over.
		clock.advance(24 * 60 * MINUTE);
		await attempt(user.email, 'faux', freshIp(), clock);
		expect(await throttle.check(user.email, freshIp())).toBeNull();
	});

	it('counts concurrent failures exactly (one statement per key)', async () => {
		const clock = fakeClock();
		const policy = {
			...DEFAULT_THROTTLE_POLICY,
			account: { ...DEFAULT_THROTTLE_POLICY.account, freeFailures: 100 }
		};
		const throttle = loginThrottle(database.db, { now: clock.now, policy });
		const email = `parallele-${crypto.randomUUID()}@test.atelier.fr`;
		await Promise.all(Array.from({ length: 20 }, () => throttle.recordFailure(email, freshIp())));
		const [row] = await database.db
			.select()
			.from(loginThrottles)
			.where(eq(loginThrottles.key, accountKey(email)));
		expect(row?.failures).toBe(20);
		expect(row?.lockedUntil).toBeNull();
	});

	it('prunes only counters that no longer decide anything', async () => {
		const clock = fakeClock(new Date('2027-01-01T00:00:00Z'));
		const throttle = loginThrottle(database.db, { now: clock.now });
		const stale = `ancien-${crypto.randomUUID()}@test.atelier.fr`;
		const locked = `verrou-${crypto.randomUUID()}@test.atelier.fr`;
		await throttle.recordFailure(stale, freshIp());
		clock.advance(24 * 60 * MINUTE + 1);
		const ip = freshIp();
		for (let i = 0; i < 5; i++) await throttle.recordFailure(locked, ip);
		await pruneLoginThrottles(database.db, clock.now());
		const keys = (await database.db.select({ key: loginThrottles.key }).from(loginThrottles)).map(
			(r) => r.key
		);
		expect(keys).not.toContain(accountKey(stale));
		expect(keys).toContain(accountKey(locked));
		expect(keys).toContain(accountAddressKey(locked, ip));
	});
});
