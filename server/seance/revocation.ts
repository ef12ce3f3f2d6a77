import { and, gt, inArray } from 'drizzle-orm';
import { sessionUserColumns } from '../../src/lib/server/auth/session.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { bilans, cohortMembers, cohorts, sessions, users } from '../../src/lib/server/db/schema.ts';
import type { SeanceRef } from '../../src/lib/server/permissions.ts';
import { seanceAdmission } from './handshake.ts';
import type { AnySeanceSocket } from './types.ts';

/**
 * The ids of the sockets (of any node) that the handshake would refuse now: their session ended
 * (logout, « partout », a password change, an erasure, an expiry) or their person may no longer
 * be in the bilan or the cohort (a consultant reassigned, a facilitator replaced). The session is looked up by its id — its secret was
 * checked at the handshake and never changes — and the rule is the handshake's own
 * (`seanceAdmission`). At most five statements, whatever the number of sockets.
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
	const idsOf = (kind: 'bilan' | 'cohort') =>
		distinct(
			sockets.filter(({ data }) => data.scope.kind === kind).map(({ data }) => data.scope.id)
		);
	const bilanIds = idsOf('bilan');
	const cohortIds = idsOf('cohort');
	const [alive, people, refs, cohortRows, members] = await Promise.all([
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
			.where(inArray(bilans.id, bilanIds)),
		db.select().from(cohorts).where(inArray(cohorts.id, cohortIds)),
		db
			.select()
			.from(cohortMembers)
			.where(
				and(inArray(cohortMembers.cohortId, cohortIds), inArray(cohortMembers.userId, userIds))
			)
	]);
	const sessionAlive = new Set(alive.map((row) => row.id));
	const userById = new Map(people.map((user) => [user.id, user]));
	const bilanById = new Map(refs.map((bilan) => [bilan.id, bilan]));
	const cohortById = new Map(cohortRows.map((cohort) => [cohort.id, cohort]));
	const membership = new Map(members.map((m) => [`${m.cohortId} ${m.userId}`, m]));
	const refOf = ({ scope, userId }: AnySeanceSocket['data']): SeanceRef | null => {
		if (scope.kind === 'bilan') {
			const bilan = bilanById.get(scope.id);
			return bilan ? { bilan } : null;
		}
		const cohort = cohortById.get(scope.id);
		return cohort ? { cohort, membership: membership.get(`${scope.id} ${userId}`) ?? null } : null;
	};
	return sockets
		.filter(({ data }) => {
			const user = userById.get(data.userId);
			const ref = refOf(data);
			return (
				!sessionAlive.has(data.sessionId) || !user || !ref || !seanceAdmission(user, ref, data.mode)
			);
		})
		.map((socket) => socket.id);
}
