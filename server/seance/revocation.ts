import { and, gt, inArray } from 'drizzle-orm';
import { sessionUserColumns } from '../../src/lib/server/auth/session.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { bilans, sessions, users } from '../../src/lib/server/db/schema.ts';
import { seanceAdmission } from './handshake.ts';
import type { AnySeanceSocket } from './types.ts';

/**
 * The ids of the sockets (of any node) that the handshake would refuse now: their session ended
 * (logout, « partout », a password change, an erasure, an expiry) or their person may no longer
 * be in the bilan (a consultant reassigned). The session is looked up by its id — its secret was
 * checked at the handshake and never changes — and the rule is the handshake's own
 * (`seanceAdmission`). Three statements, whatever the number of sockets.
 */
export async function endedSockets(
	db: Db,
	sockets: readonly AnySeanceSocket[],
	now = new Date()
): Promise<string[]> {
	if (sockets.length === 0) return [];
	const distinct = (values: string[]) => [...new Set(values)];
	const sessionIds = distinct(sockets.map((socket) => socket.data.sessionId));
	const userIds = distinct(sockets.map((socket) => socket.data.userId));
	const bilanIds = distinct(sockets.map((socket) => socket.data.bilanId));
	const [alive, people, refs] = await Promise.all([
		db
			.select({ id: sessions.id })
			.from(sessions)
			.where(and(inArray(sessions.id, sessionIds), gt(sessions.expiresAt, now))),
		db.select(sessionUserColumns).from(users).where(inArray(users.id, userIds)),
		db
			.select({
				id: bilans.id,
				organisationId: bilans.organisationId,
				beneficiaryId: bilans.beneficiaryId,
				consultantId: bilans.consultantId,
				phase: bilans.phase
			})
			.from(bilans)
			.where(inArray(bilans.id, bilanIds))
	]);
	const sessionAlive = new Set(alive.map((row) => row.id));
	const userById = new Map(people.map((user) => [user.id, user]));
	const bilanById = new Map(refs.map((bilan) => [bilan.id, bilan]));
	return sockets
		.filter(({ data }) => {
			const user = userById.get(data.userId);
			const bilan = bilanById.get(data.bilanId);
			return (
				!sessionAlive.has(data.sessionId) ||
				!user ||
				!bilan ||
				!seanceAdmission(user, bilan, data.mode)
			);
		})
		.map((socket) => socket.id);
}
