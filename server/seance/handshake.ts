import { and, eq } from 'drizzle-orm';
import type { ExtendedError } from 'socket.io';
import {
	handshakeScope,
	SEANCE_REFUSAL,
	type RosterRole,
	type SeanceMode,
	type SeanceRefusal,
	type SeanceScope
} from '../../src/lib/seance/protocol.ts';
import {
	sessionTokenFromCookieHeader,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import type { SeanceConfig } from '../../src/lib/server/config.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { bilans, cohortMembers, cohorts } from '../../src/lib/server/db/schema.ts';
import { seancePart, type Actor, type SeanceRef } from '../../src/lib/server/permissions.ts';
import { OpenSockets, originAllowed } from '../admission.ts';
import type { Log, SeanceSocket } from './types.ts';
import { parseHandshake } from './validate.ts';

/** What a person may be in a séance, for the mode their page asked for. */
export interface SeanceAdmission {
	/** Null for `watch`: not in the roster. */
	role: RosterRole | null;
	/** The consultant who leads (suivez-moi, timer, locks, agenda); never the screen. */
	leads: boolean;
}

/**
 * The séance's permission rule, from `permissions.ts` (`seancePart`): a bilan's beneficiary and
 * its assigned consultant, a cohort's participants (charter accepted) and its facilitator, and
 * nobody else, not even an admin (admins never see content). The presentation screen is opened by
 * the one who leads only. Null: refused.
 */
export function seanceAdmission(
	actor: Actor,
	ref: SeanceRef,
	mode: SeanceMode
): SeanceAdmission | null {
	const part = seancePart(actor, ref);
	if (!part) return null;
	const { leads } = part;
	switch (mode) {
		case 'watch':
			return { role: null, leads: false };
		case 'screen':
			return leads ? { role: 'screen', leads: false } : null;
		case 'join':
			return { role: leads ? 'consultant' : 'beneficiary', leads };
	}
}

/**
 * What the rule needs of a scope, for `userId`: the bilan's fields, or the cohort's with the
 * person's membership; null when there is no such bilan or cohort.
 */
async function seanceRefOf(db: Db, scope: SeanceScope, userId: string): Promise<SeanceRef | null> {
	if (scope.kind === 'bilan') {
		const [bilan] = await db
			.select({
				organisationId: bilans.organisationId,
				beneficiaryId: bilans.beneficiaryId,
				consultantId: bilans.consultantId,
				phase: bilans.phase
			})
			.from(bilans)
			.where(eq(bilans.id, scope.id));
		return bilan ? { bilan } : null;
	}
	const [row] = await db
		.select({ cohort: cohorts, membership: cohortMembers })
		.from(cohorts)
		.leftJoin(
			cohortMembers,
			and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, userId))
		)
		.where(eq(cohorts.id, scope.id));
	return row ? { cohort: row.cohort, membership: row.membership } : null;
}

export interface HandshakeOptions {
	db: Db;
	/** `ORIGIN` when configured: the only origin allowed; otherwise the request's own host. */
	origin: string | undefined;
	limits: Pick<SeanceConfig, 'maxSocketsPerSession' | 'maxSocketsPerUser'>;
	/** Where the admitted socket's actor is kept (not in `socket.data`: that travels). */
	actors: WeakMap<SeanceSocket, Actor>;
	log: Log;
}

function refusal(reason: SeanceRefusal): ExtendedError {
	return new Error(reason);
}

/**
 * The socket.io middleware that admits a séance socket, the way `sync/upgrade.ts` admits a board
 * socket: Origin, then the session cookie (the pages' own rule, `validateSessionToken`), then the
 * handshake (`SeanceHandshake`: protocol version, bilan or cohort, mode) and the permission
 * (`seanceAdmission`), then the sockets per session and per user on this node. A refusal reaches
 * the client as `connect_error` with a `SEANCE_REFUSAL` message (it does not retry). It runs for
 * recovered connections too (`skipMiddlewares: false`): a reconnect within the recovery window
 * gets its rooms and data back only if its session is still valid and it is the same person.
 * When the database fails, the connection is closed without an answer: the client retries.
 */
export function createHandshake(
	options: HandshakeOptions
): (socket: SeanceSocket, next: (error?: ExtendedError) => void) => void {
	const sessionSockets = new OpenSockets();
	const userSockets = new OpenSockets();

	async function admit(socket: SeanceSocket): Promise<SeanceRefusal | null> {
		const { headers } = socket.handshake;
		if (!originAllowed(headers, options.origin)) return SEANCE_REFUSAL.forbidden;
		const token = sessionTokenFromCookieHeader(headers.cookie);
		const validated = token ? await validateSessionToken(options.db, token) : null;
		if (!validated) return SEANCE_REFUSAL.unauthenticated;
		const handshake = parseHandshake(socket.handshake.auth);
		if (!handshake) return SEANCE_REFUSAL.badRequest;
		const scope = handshakeScope(handshake);
		const actor = validated.user;
		const ref = await seanceRefOf(options.db, scope, actor.id);
		const admission = ref && seanceAdmission(actor, ref, handshake.mode);
		if (!admission) return SEANCE_REFUSAL.forbidden;
		const restored = socket.recovered ? socket.data : undefined;
		if (
			restored &&
			(restored.userId !== actor.id ||
				// A connection kept from before scopes existed has none: it connects afresh.
				restored.scope?.kind !== scope.kind ||
				restored.scope.id !== scope.id ||
				restored.mode !== handshake.mode)
		) {
			return SEANCE_REFUSAL.badRequest;
		}
		const sessionId = validated.session.id;
		if (
			sessionSockets.count(sessionId) >= options.limits.maxSocketsPerSession ||
			userSockets.count(actor.id) >= options.limits.maxSocketsPerUser
		) {
			return SEANCE_REFUSAL.tooMany;
		}
		// Gone while we checked: nothing to count, socket.io drops it.
		if (socket.conn.readyState !== 'open') return null;
		// Counted until the connection closes, whether or not the socket ever connects.
		sessionSockets.add(sessionId);
		userSockets.add(actor.id);
		socket.conn.once('close', () => {
			sessionSockets.remove(sessionId);
			userSockets.remove(actor.id);
		});
		options.actors.set(socket, actor);
		socket.data = {
			scope,
			mode: handshake.mode,
			userId: actor.id,
			sessionId,
			name: actor.name,
			role: admission.role,
			leads: admission.leads,
			// A recovered connection keeps where it was; the screen always follows.
			place: restored?.place ?? null,
			audience: restored?.audience ?? 'all',
			placeAt: restored?.placeAt ?? 0,
			active: restored?.active ?? true,
			following:
				admission.role === 'beneficiary' ? (restored?.following ?? true) : !admission.leads,
			handRaisedAt: restored?.handRaisedAt ?? null
		};
		return null;
	}

	return (socket, next) => {
		admit(socket).then(
			(refused) => next(refused ? refusal(refused) : undefined),
			(error: unknown) => {
				options.log('seance handshake failed', { error: String(error) });
				socket.conn.close();
				next(refusal(SEANCE_REFUSAL.badRequest));
			}
		);
	};
}
