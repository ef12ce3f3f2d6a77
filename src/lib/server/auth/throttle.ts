import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { loginThrottles } from '../db/schema.ts';

/**
 * Failed-login rate limiting, per account and per client address, in the `login_throttles` table
 * so that every app node shares the counters. Each key counts failures in a fixed window; the
 * failure that reaches the limit locks the key and restarts its count, so after the lock a fresh
 * series of failures is needed to lock it again.
 */
export interface ThrottleLimit {
	/** Failures within `windowMs` that lock the key. */
	maxFailures: number;
	windowMs: number;
	lockMs: number;
}

export interface ThrottlePolicy {
	account: ThrottleLimit;
	ip: ThrottleLimit;
}

const MINUTE = 60 * 1000;

/** 5 failures per account or 30 per address within 15 minutes lock it for 15 minutes. */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
	account: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
	ip: { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE }
};

export interface ThrottleOptions {
	/** The clock, injectable so tests can move time. */
	now?: () => Date;
	policy?: ThrottlePolicy;
}

export interface LoginThrottle {
	/** The remaining lock time when the account or the address is locked, else null. */
	check(email: string, ip: string): Promise<{ retryAfterMs: number } | null>;
	recordFailure(email: string, ip: string): Promise<void>;
	/** A successful login clears the account's counter (not the address's). */
	recordSuccess(email: string): Promise<void>;
}

export function accountKey(email: string): string {
	return `account:${email}`;
}

export function ipKey(ip: string): string {
	return `ip:${ip}`;
}

export function loginThrottle(db: Db, options: ThrottleOptions = {}): LoginThrottle {
	const clock = options.now ?? (() => new Date());
	const policy = options.policy ?? DEFAULT_THROTTLE_POLICY;
	const t = loginThrottles;

	// One statement per key, so concurrent failures on several nodes never lose a count.
	async function fail(key: string, limit: ThrottleLimit, now: Date): Promise<void> {
		const at = now.toISOString();
		const cutoff = new Date(now.getTime() - limit.windowMs).toISOString();
		const until = new Date(now.getTime() + limit.lockMs).toISOString();
		const max = limit.maxFailures;
		const next = sql`(case when ${t.windowStart} <= ${cutoff}::timestamptz then 1 else ${t.failures} + 1 end)`;
		const lockNow = max <= 1;
		await db
			.insert(t)
			.values({
				key,
				failures: lockNow ? 0 : 1,
				windowStart: now,
				lockedUntil: lockNow ? new Date(until) : null
			})
			.onConflictDoUpdate({
				target: t.key,
				set: {
					failures: sql`case when ${next} >= ${max}::int then 0 else ${next} end`,
					windowStart: sql`case when ${t.windowStart} <= ${cutoff}::timestamptz or ${next} >= ${max}::int then ${at}::timestamptz else ${t.windowStart} end`,
					lockedUntil: sql`case when ${next} >= ${max}::int then ${until}::timestamptz else ${t.lockedUntil} end`
				}
			});
	}

	return {
		async check(email, ip) {
			const now = clock();
			const rows = await db
				.select({ lockedUntil: t.lockedUntil })
				.from(t)
				.where(inArray(t.key, [accountKey(email), ipKey(ip)]));
			let until = 0;
			for (const row of rows) until = Math.max(until, row.lockedUntil?.getTime() ?? 0);
			return until > now.getTime() ? { retryAfterMs: until - now.getTime() } : null;
		},
		async recordFailure(email, ip) {
			const now = clock();
			await fail(accountKey(email), policy.account, now);
			await fail(ipKey(ip), policy.ip, now);
		},
		async recordSuccess(email) {
			await db.delete(t).where(eq(t.key, accountKey(email)));
		}
	};
}

/**
 * Deletes counters whose window and lock are both over: they no longer change any decision.
 * Worth running now and then, since unknown emails leave rows behind.
 */
export async function pruneLoginThrottles(
	db: Db,
	now = new Date(),
	policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY
): Promise<void> {
	const longest = Math.max(policy.account.windowMs, policy.ip.windowMs);
	const t = loginThrottles;
	await db
		.delete(t)
		.where(
			and(
				lte(t.windowStart, new Date(now.getTime() - longest)),
				or(isNull(t.lockedUntil), lte(t.lockedUntil, now))
			)
		);
}
