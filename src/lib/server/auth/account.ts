import { and, eq, ne } from 'drizzle-orm';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/limits.ts';
import { recheckConnections } from '../board-writer.ts';
import type { Db } from '../db/index.ts';
import { sessions, users } from '../db/schema.ts';
import { hashPassword } from './password.ts';

export type NewPasswordProblem = 'too_short' | 'too_long' | 'mismatch';

/** Checks a new password and its confirmation; null when it is acceptable. */
export function checkNewPassword(
	password: string,
	confirmation: string
): NewPasswordProblem | null {
	if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
	if (password !== confirmation) return 'mismatch';
	return null;
}

/**
 * Sets a new password and ends every other session of the user, open board sockets included:
 * whoever may have learnt the old password is signed out, the device making the change stays
 * signed in.
 */
export async function changePassword(
	db: Db,
	userId: string,
	newPassword: string,
	keepSessionId: string | null
): Promise<void> {
	const passwordHash = await hashPassword(newPassword);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
		await tx
			.delete(sessions)
			.where(
				keepSessionId
					? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
					: eq(sessions.userId, userId)
			);
	});
	await recheckConnections({ userIds: [userId] });
}
