import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { users, type User } from '../db/schema.ts';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '../../auth/limits.ts';
import { claimDevice, settleDevice } from './device.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { loginThrottle, type ThrottleOptions } from './throttle.ts';

/** Emails are stored lower-cased (see the `users` table), so every lookup normalises first. */
export function normalizeEmail(raw: string): string {
	return raw.trim().toLowerCase();
}

export type LoginFormProblem =
	'email_required' | 'email_too_long' | 'password_required' | 'password_too_long';

export interface LoginForm {
	email: string;
	password: string;
}

/** Reads and checks the two login fields; the email comes back normalised either way. */
export function readLoginForm(
	data: FormData
): { ok: true; form: LoginForm } | { ok: false; email: string; problem: LoginFormProblem } {
	const rawEmail = data.get('email');
	const rawPassword = data.get('password');
	const email = typeof rawEmail === 'string' ? normalizeEmail(rawEmail) : '';
	const password = typeof rawPassword === 'string' ? rawPassword : '';
	// Echo back at most the allowed length: the field is shown again with the error.
	const shown = email.slice(0, EMAIL_MAX_LENGTH);
	if (email === '') return { ok: false, email: shown, problem: 'email_required' };
	if (email.length > EMAIL_MAX_LENGTH)
		return { ok: false, email: shown, problem: 'email_too_long' };
	if (password === '') return { ok: false, email, problem: 'password_required' };
	if (password.length > PASSWORD_MAX_LENGTH) {
		return { ok: false, email, problem: 'password_too_long' };
	}
	return { ok: true, form: { email, password } };
}

export type LoginResult =
	/** `device`: the id of the device token presented for this user (device.ts), or null. */
	| { ok: true; user: User; device: string | null }
	/** Unknown email, wrong password or pending user: deliberately indistinguishable. */
	| { ok: false; reason: 'invalid'; user: User | undefined }
	/** Too many failures (see throttle.ts); `retryAfterMs` until the next attempt is heard. */
	| { ok: false; reason: 'locked'; retryAfterMs: number; user: User | undefined };

/*
 * A hash to verify against when there is no account (or no password yet), so that an unknown
 * email costs the same argon2 time as a known one and the timing reveals nothing.
 */
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
	decoyHash ??= hashPassword('atelier-decoy-password-never-matches');
	return decoyHash;
}

/**
 * Checks an email and password, counting failures per account and address, per address and per
 * account (throttle.ts). While any of them is locked or slowed down the attempt is refused before
 * any password check, even with the right password, so that waiting is the only way through;
 * unknown emails are counted exactly like real ones. `device`, the browser's device cookie, exempts
 * the attempt from all three when it belongs to this account (device.ts): it counts on its own.
 */
export async function authenticate(
	db: Db,
	credentials: LoginForm & { ip: string; device?: string },
	options: ThrottleOptions = {}
): Promise<LoginResult> {
	const throttle = loginThrottle(db, options);
	const [user] = await db.select().from(users).where(eq(users.email, credentials.email));
	const now = options.now?.() ?? new Date();
	const device =
		user && credentials.device ? await claimDevice(db, credentials.device, user.id, now) : null;
	const locked = device ? null : await throttle.check(credentials.email, credentials.ip);
	if (locked) return { ok: false, reason: 'locked', retryAfterMs: locked.retryAfterMs, user };

	const valid = user?.passwordHash
		? await verifyPassword(user.passwordHash, credentials.password)
		: (await verifyPassword(await decoy(), credentials.password)) && false;
	if (device) await settleDevice(db, device, valid);
	if (!valid || !user) {
		await throttle.recordFailure(credentials.email, credentials.ip);
		return { ok: false, reason: 'invalid', user };
	}
	await throttle.recordSuccess(credentials.email, credentials.ip);
	return { ok: true, user, device };
}
