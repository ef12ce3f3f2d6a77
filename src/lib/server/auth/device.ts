import { and, eq, gt, gte, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { loginDevices } from '../db/schema.ts';
import { newSecretToken, secretMatches, splitToken } from './token.ts';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): each
 * successful login leaves in the browser a long-lived `id.secret` token bound to the account
 * (only its SHA-256 is stored, as for sessions). An attempt on that account carrying it is the
 * owner's known browser: it skips the throttle's locks and slow-down (throttle.ts), so that
 * nobody guessing the password, from however many addresses, keeps the owner out. A device that
 * fails `DEVICE_MAX_FAILURES` times in a row is forgotten, so a stolen laptop's cookie is worth
 * that many guesses at most.
 */
export const DEVICE_COOKIE = 'atelier_device';
export const DEVICE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;
export const DEVICE_MAX_FAILURES = 5;

/**
 * Gives the browser a new device token for the user after a successful login; the one it
 * presented for them (`replaces`, from `authenticate`) is dropped, so each login renews the year.
 */
export async function rememberDevice(
	db: Db,
	userId: string,
	replaces: string | null,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	if (replaces) await db.delete(loginDevices).where(eq(loginDevices.id, replaces));
	const { id, secretHash, token } = newSecretToken();
	const expiresAt = new Date(now.getTime() + DEVICE_LIFETIME_MS);
	await db.insert(loginDevices).values({ id, secretHash, userId, createdAt: now, expiresAt });
	return { token, expiresAt };
}

/**
 * The id of the device when `token` is a live device token of this user, else null. The attempt
 * is counted as a failure before the password is checked (settled by {@link settleDevice}), in
 * one statement: concurrent attempts with one cookie never get more than the allowed failures.
 */
export async function claimDevice(
	db: Db,
	token: string,
	userId: string,
	now: Date
): Promise<string | null> {
	const parsed = splitToken(token);
	if (!parsed) return null;
	const d = loginDevices;
	const [row] = await db.select().from(d).where(eq(d.id, parsed.id));
	if (!row || row.userId !== userId || !secretMatches(parsed.secret, row.secretHash)) return null;
	const claimed = await db
		.update(d)
		.set({ failures: sql`${d.failures} + 1` })
		.where(and(eq(d.id, row.id), lt(d.failures, DEVICE_MAX_FAILURES), gt(d.expiresAt, now)))
		.returning({ id: d.id });
	return claimed.length > 0 ? row.id : null;
}

/** After a claimed attempt: the right password forgives the device, its last failure ends it. */
export async function settleDevice(db: Db, id: string, succeeded: boolean): Promise<void> {
	const d = loginDevices;
	if (succeeded) await db.update(d).set({ failures: 0 }).where(eq(d.id, id));
	else await db.delete(d).where(and(eq(d.id, id), gte(d.failures, DEVICE_MAX_FAILURES)));
}

/** Deletes the expired device tokens (run with the login counters' pruning). */
export async function pruneDevices(db: Db, now: Date): Promise<void> {
	await db.delete(loginDevices).where(lte(loginDevices.expiresAt, now));
}
