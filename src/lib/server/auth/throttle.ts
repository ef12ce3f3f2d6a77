import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { loginThrottles } from '../db/schema.ts';
import { pruneDevices } from './device.ts';

/**
 * Failed-login rate limiting, in the `login_throttles` table so that every app node shares the
 * counters. Three counters, so that nobody can lock someone else out (README, "Login attempts"):
 * - one account from one address: its owner's typos, or one attacker's guesses — locked for a
 *   while, which stops that attacker and nobody else;
 * - one address, whatever the accounts (password spraying) — locked for a while;
 * - one account, whatever the addresses (a botnet on one account) — slowed down, never locked:
 *   past a number of failures each attempt waits a delay that doubles up to a ceiling.
 * Slowing an account down is still a lock-out for its owner while someone keeps it slowed, so the
 * owner's known browsers skip all three (device cookies, device.ts; `authenticate` does not call
 * `check` for them): a device cookie is earned by the right password on that browser and counts
 * its own failures, ending after a few, so it never opens more guesses than that. The address
 * keys are skipped too: the owner may share an address (a training room's, a company's network)
 * with whoever is guessing, and a known device needs no address to be told apart.
 * The address is the client's as `event.getClientAddress()` gives it: behind a reverse proxy,
 * adapter-node's `ADDRESS_HEADER`/`XFF_DEPTH` must name the proxy's header, or every visitor
 * shares the proxy's address.
 */
export interface ThrottleLimit {
	/** Failures within `windowMs` that lock the key; the lock restarts the count. */
	maxFailures: number;
	windowMs: number;
	lockMs: number;
}

export interface ThrottleSlowDown {
	/** Failures within `windowMs` before any wait. */
	freeFailures: number;
	windowMs: number;
	/** The wait after the first failure past the free ones; it doubles with each further one. */
	firstDelayMs: number;
	maxDelayMs: number;
}

export interface ThrottlePolicy {
	accountAddress: ThrottleLimit;
	address: ThrottleLimit;
	account: ThrottleSlowDown;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * 5 failures on one account from one address, or 30 from one address, within 15 minutes lock
 * that pair or that address for 15 minutes. Past 10 failures in a day on one account, from any
 * addresses, attempts are spaced by 1 s, 2 s, 4 s… up to 3 minutes: about 500 guesses a day at
 * most, and its owner never waits longer than 3 minutes.
 */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
	accountAddress: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
	address: { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
	account: {
		freeFailures: 10,
		windowMs: 24 * 60 * MINUTE,
		firstDelayMs: SECOND,
		maxDelayMs: 3 * MINUTE
	}
};

export interface ThrottleOptions {
	/** The clock, injectable so tests can move time. */
	now?: () => Date;
	policy?: ThrottlePolicy;
}

export interface LoginThrottle {
	/** The remaining wait when any of the three keys is locked or slowed, else null. */
	check(email: string, ip: string): Promise<{ retryAfterMs: number } | null>;
	recordFailure(email: string, ip: string): Promise<void>;
	/**
	 * A successful login clears the counter of its account from its address (the owner's own
	 * typos). The account's and the address's counters stay: someone else may be guessing.
	 */
	recordSuccess(email: string, ip: string): Promise<void>;
}

export function accountKey(email: string): string {
	return `account:${email}`;
}

export function ipKey(ip: string): string {
	return `ip:${ip}`;
}

/** An address holds no space, so the first space ends it whatever the email holds. */
export function accountAddressKey(email: string, ip: string): string {
	return `account-ip:${ip} ${email}`;
}

export function loginThrottle(db: Db, options: ThrottleOptions = {}): LoginThrottle {
	const clock = options.now ?? (() => new Date());
	const policy = options.policy ?? DEFAULT_THROTTLE_POLICY;
	const t = loginThrottles;

	// One statement per key, so concurrent failures on several nodes never lose a count.
	/** The count after this failure: one more, or 1 once the window that started it is over. */
	const nextCount = (cutoff: string) =>
		sql`(case when ${t.windowStart} <= ${cutoff}::timestamptz then 1 else ${t.failures} + 1 end)`;

	async function lockAfter(key: string, limit: ThrottleLimit, now: Date): Promise<void> {
		const at = now.toISOString();
		const cutoff = new Date(now.getTime() - limit.windowMs).toISOString();
		const until = new Date(now.getTime() + limit.lockMs);
		const max = limit.maxFailures;
		const next = nextCount(cutoff);
		const lockNow = max <= 1;
		await db
			.insert(t)
			.values({
				key,
				failures: lockNow ? 0 : 1,
				windowStart: now,
				lockedUntil: lockNow ? until : null
			})
			.onConflictDoUpdate({
				target: t.key,
				set: {
					failures: sql`case when ${next} >= ${max}::int then 0 else ${next} end`,
					windowStart: sql`case when ${t.windowStart} <= ${cutoff}::timestamptz or ${next} >= ${max}::int then ${at}::timestamptz else ${t.windowStart} end`,
					lockedUntil: sql`case when ${next} >= ${max}::int then ${until.toISOString()}::timestamptz else ${t.lockedUntil} end`
				}
			});
	}

	async function slowDown(key: string, limit: ThrottleSlowDown, now: Date): Promise<void> {
		const at = now.toISOString();
		const cutoff = new Date(now.getTime() - limit.windowMs).toISOString();
		const { freeFailures: free, firstDelayMs: first, maxDelayMs: max } = limit;
		const next = nextCount(cutoff);
		await db
			.insert(t)
			.values({
				key,
				failures: 1,
				windowStart: now,
				lockedUntil: free < 1 ? new Date(now.getTime() + first) : null
			})
			.onConflictDoUpdate({
				target: t.key,
				set: {
					failures: next,
					windowStart: sql`case when ${t.windowStart} <= ${cutoff}::timestamptz then ${at}::timestamptz else ${t.windowStart} end`,
					// The exponent is capped so that power() cannot overflow; the delay is capped anyway.
					lockedUntil: sql`case when ${next} > ${free}::int then ${at}::timestamptz + least(${max}::int, ${first}::int * power(2, least(${next} - ${free}::int - 1, 30))) * interval '1 millisecond' else ${t.lockedUntil} end`
				}
			});
	}

	return {
		async check(email, ip) {
			const now = clock();
			const rows = await db
				.select({ lockedUntil: t.lockedUntil })
				.from(t)
				.where(inArray(t.key, [accountAddressKey(email, ip), ipKey(ip), accountKey(email)]));
			let until = 0;
			for (const row of rows) until = Math.max(until, row.lockedUntil?.getTime() ?? 0);
			return until > now.getTime() ? { retryAfterMs: until - now.getTime() } : null;
		},
		async recordFailure(email, ip) {
			const now = clock();
			await lockAfter(accountAddressKey(email, ip), policy.accountAddress, now);
			await lockAfter(ipKey(ip), policy.address, now);
			await slowDown(accountKey(email), policy.account, now);
		},
		async recordSuccess(email, ip) {
			await db.delete(t).where(eq(t.key, accountAddressKey(email, ip)));
		}
	};
}

/**
 * Deletes counters whose window and lock are both over, and expired device tokens: they no longer
 * change any decision. Worth running now and then, since unknown emails leave rows behind.
 */
export async function pruneLoginThrottles(
	db: Db,
	now = new Date(),
	policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY
): Promise<void> {
	const longest = Math.max(
		policy.accountAddress.windowMs,
		policy.address.windowMs,
		policy.account.windowMs
	);
	const t = loginThrottles;
	await db
		.delete(t)
		.where(
			and(
				lte(t.windowStart, new Date(now.getTime() - longest)),
				or(isNull(t.lockedUntil), lte(t.lockedUntil, now))
			)
		);
	await pruneDevices(db, now);
}
