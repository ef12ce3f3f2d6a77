import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	DEVICE_LIFETIME_MS,
	DEVICE_MAX_FAILURES,
	rememberDevice
} from '../../src/lib/server/auth/device.ts';
import { authenticate } from '../../src/lib/server/auth/login.ts';
import {
	accountAddressKey,
	accountKey,
	DEFAULT_THROTTLE_POLICY,
	loginThrottle,
	pruneLoginThrottles
} from '../../src/lib/server/auth/throttle.ts';
import { loginDevices, loginThrottles, users } from '../../src/lib/server/db/schema.ts';
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

	async function attempt(
		email: string,
		password: string,
		ip: string,
		clock = fakeClock(),
		device?: string
	) {
		return authenticate(database.db, { email, password, ip, device }, { now: clock.now });
	}

	/** Twenty wrong guesses from twenty addresses: the account waits 3 minutes per attempt. */
	async function slowAccount(email: string, clock: ReturnType<typeof fakeClock>) {
		const throttle = loginThrottle(database.db, { now: clock.now });
		for (let i = 0; i < 20; i++) await throttle.recordFailure(email, freshIp());
		expect(await throttle.check(email, freshIp())).toEqual({ retryAfterMs: 3 * MINUTE });
	}

	/** The owner signed in once: their browser holds a device token for the account. */
	async function knownDevice(userId: string, clock: ReturnType<typeof fakeClock>) {
		return (await rememberDevice(database.db, userId, null, clock.now())).token;
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

	it('lets a device known to the account through when many addresses slowed it; other browsers wait', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const other = await newUser(database.db, 'beneficiary');
		const clock = fakeClock();
		const device = await knownDevice(user.id, clock);
		const othersDevice = await knownDevice(other.id, clock);
		await slowAccount(user.email, clock);

		expect(await attempt(user.email, TEST_PASSWORD, freshIp(), clock)).toMatchObject({
			reason: 'locked',
			retryAfterMs: 3 * MINUTE
		});
		// A device cookie of another account, or a forged one, is no exemption.
		for (const stranger of [othersDevice, `${device.split('.')[0]}.faux`, 'nimportequoi']) {
			expect(await attempt(user.email, TEST_PASSWORD, freshIp(), clock, stranger)).toMatchObject({
				reason: 'locked'
			});
		}
		const known = await attempt(user.email, TEST_PASSWORD, freshIp(), clock, device);
		expect(known).toMatchObject({ ok: true, device: device.split('.')[0] });
		// The owner getting in clears nothing for the others: someone is still guessing.
		expect(await attempt(user.email, TEST_PASSWORD, freshIp(), clock)).toMatchObject({
			reason: 'locked'
		});
	});

	it('lets the known device through the locks of an address it shares with the attacker', async () => {
		const user = await newUser(database.db, 'consultant');
		const clock = fakeClock();
		const device = await knownDevice(user.id, clock);
		const shared = freshIp();
		const throttle = loginThrottle(database.db, { now: clock.now });
		// 30 failures on the account from the owner's own network: the pair, the address, the account.
		for (let i = 0; i < 30; i++) await throttle.recordFailure(user.email, shared);
		expect(await attempt(user.email, TEST_PASSWORD, shared, clock)).toMatchObject({
			reason: 'locked',
			retryAfterMs: 15 * MINUTE
		});
		expect((await attempt(user.email, TEST_PASSWORD, shared, clock, device)).ok).toBe(true);
	});

	it(`forgets a device after ${DEVICE_MAX_FAILURES} wrong passwords in a row; the right one forgives`, async () => {
		const user = await newUser(database.db, 'beneficiary');
		const clock = fakeClock();
		const device = await knownDevice(user.id, clock);
		await slowAccount(user.email, clock);
		// Each wrong password is checked (not refused unheard), and counted on the device.
		for (let i = 0; i < DEVICE_MAX_FAILURES - 1; i++) {
			expect(await attempt(user.email, 'faux', freshIp(), clock, device)).toMatchObject({
				reason: 'invalid'
			});
		}
		expect((await attempt(user.email, TEST_PASSWORD, freshIp(), clock, device)).ok).toBe(true);
		for (let i = 0; i < DEVICE_MAX_FAILURES; i++) {
			expect(await attempt(user.email, 'faux', freshIp(), clock, device)).toMatchObject({
				reason: 'invalid'
			});
		}
		expect(await attempt(user.email, TEST_PASSWORD, freshIp(), clock, device)).toMatchObject({
			reason: 'locked'
		});
		expect(
			await database.db.select().from(loginDevices).where(eq(loginDevices.userId, user.id))
		).toEqual([]);
	});

	it(`gives concurrent guesses with one device cookie ${DEVICE_MAX_FAILURES} checks, no more`, async () => {
		const user = await newUser(database.db, 'beneficiary');
		const clock = fakeClock();
		const device = await knownDevice(user.id, clock);
		await slowAccount(user.email, clock);
		const results = await Promise.all(
			Array.from({ length: 2 * DEVICE_MAX_FAILURES }, (_, i) =>
				attempt(user.email, `faux-${i}`, freshIp(), clock, device)
			)
		);
		const reasons = results.map((result) => (result.ok ? 'ok' : result.reason));
		expect(reasons.filter((reason) => reason === 'invalid')).toHaveLength(DEVICE_MAX_FAILURES);
		expect(reasons.filter((reason) => reason === 'locked')).toHaveLength(DEVICE_MAX_FAILURES);
	});

	it('renews the device token at each login; an old or expired one exempts nothing, pruned or with its user', async () => {
		const user = await newUser(database.db, 'beneficiary');
		const clock = fakeClock();
		const old = await knownDevice(user.id, clock);
		const oldId = old.split('.')[0]!;
		const renewed = await rememberDevice(database.db, user.id, oldId, clock.now());
		expect(renewed.expiresAt.getTime()).toBe(clock.now().getTime() + DEVICE_LIFETIME_MS);
		await slowAccount(user.email, clock);
		expect(await attempt(user.email, TEST_PASSWORD, freshIp(), clock, old)).toMatchObject({
			reason: 'locked'
		});
		expect((await attempt(user.email, TEST_PASSWORD, freshIp(), clock, renewed.token)).ok).toBe(
			true
		);

		clock.advance(DEVICE_LIFETIME_MS);
		await slowAccount(user.email, clock);
		expect(await attempt(user.email, TEST_PASSWORD, freshIp(), clock, renewed.token)).toMatchObject(
			{ reason: 'locked' }
		);
		await pruneLoginThrottles(database.db, clock.now());
		const live = await knownDevice(user.id, clock);
		const rows = () =>
			database.db
				.select({ id: loginDevices.id })
				.from(loginDevices)
				.where(eq(loginDevices.userId, user.id));
		expect(await rows()).toEqual([{ id: live.split('.')[0] }]);
		await database.db.delete(users).where(eq(users.id, user.id));
		expect(await rows()).toEqual([]);
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
