import { eq } from 'drizzle-orm';
import type { ExtendedError } from 'socket.io';
import {
	SEANCE_REFUSAL,
	type RosterRole,
	type SeanceMode,
	type SeanceRefusal
} from '../../src/lib/seance/protocol.ts';
import {
	sessionTokenFromCookieHeader,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import type { SeanceConfig } from '../../src/lib/server/config.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { bilans } from '../../src/lib/server/db/schema.ts';
import {
	boardAccess,
	canEndSeance,
	type Actor,
	type BilanRef
} from '../../src/lib/server/permissions.ts';
import { OpenSockets, originAllowed } from '../admission.ts';
import type { Log, SeanceSocket } from './types.ts';
import { parseHandshake } from './validate.ts';

/** What a person may be in a bilan's séance, for the mode their page asked for. */
export interface SeanceAdmission {
	/** Null for `watch`: not in the roster. */
	role: RosterRole | null;
	/** The consultant who leads (suivez-moi, timer, locks, agenda); never the screen. */
	leads: boolean;
}

/**
 * The séance's permission rule, from `permissions.ts`: the bilan's beneficiary and its assigned
 * consultant — who see its boards (`boardAccess`) — and nobody else, not even an admin (admins
 * never see content). The presentation screen is opened by the consultant only. Null: refused.
 */
export function seanceAdmission(
	actor: Actor,
	bilan: BilanRef,
	mode: SeanceMode
): SeanceAdmission | null {
	if (boardAccess(actor, bilan) === 'none') return null;
	const leads = canEndSeance(actor, bilan);
	switch (mode) {
		case 'watch':
			return { role: null, leads: false };
		case 'screen':
			return leads ? { role: 'screen', leads: false } : null;
		case 'join':
			return { role: leads ? 'consultant' : 'beneficiary', leads };
	}
}

/** The fields of a bilan the rule needs, or null when there is no such bilan. */
async function bilanRefOf(db: Db, bilanId: string): Promise<BilanRef | null> {
	const [bilan] = await db
		.select({
			organisationId: bilans.organisationId,
			beneficiaryId: bilans.beneficiaryId,
			consultantId: bilans.consultantId,
			phase: bilans.phase
		})
		.from(bilans)
		.where(eq(bilans.id, bilanId));
	return bilan ?? null;
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
 * handshake (`SeanceHandshake`: protocol version, bilan, mode) and the permission
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
		const bilan = await bilanRefOf(options.db, handshake.bilanId);
		const actor = validated.user;
		const admission = bilan && seanceAdmission(actor, bilan, handshake.mode);
		if (!admission) return SEANCE_REFUSAL.forbidden;
		const restored = socket.recovered ? socket.data : undefined;
		if (
			restored &&
			(restored.userId !== actor.id ||
				restored.bilanId !== handshake.bilanId ||
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
			bilanId: handshake.bilanId,
			mode: handshake.mode,
			userId: actor.id,
			sessionId,
			name: actor.name,
			role: admission.role,
			leads: admission.leads,
			// A recovered connection keeps where it was; the screen always follows.
			place: restored?.place ?? null,
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
