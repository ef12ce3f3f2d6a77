import type { RemoteSocket, Server, Socket } from 'socket.io';
import type { PlaceAudience } from '../../src/lib/server/cohort-seance.service.ts';
import {
	scopeKey,
	type ClientToServerEvents,
	type Place,
	type RosterRole,
	type SeanceMode,
	type SeanceScope,
	type ServerToClientEvents
} from '../../src/lib/seance/protocol.ts';

/**
 * What the nodes tell each other besides the sockets' own traffic (`io.serverSideEmit`). A séance
 * is named by its scope's key (`scopeKey`: `bilan:<id>`, `cohort:<id>`).
 */
export interface InterServerEvents {
	/** A séance of this scope started (its row's id) or ended (null). */
	'seance.live': (key: string, seanceId: string | null) => void;
	/** "Ramener tout le monde": every participant of the scope's séance follows again. */
	'seance.bring': (key: string) => void;
	/** The leader lowered this person's hand: every node lowers it on their sockets. */
	'seance.hand.lower': (key: string, userId: string) => void;
}

/**
 * What a socket carries that other nodes read (`fetchSockets`: the roster, the leader's place,
 * the re-check after a logout) and that a recovered connection gets back. No email, no token:
 * it travels through Redis.
 */
export interface SeanceSocketData {
	/** The bilan or the cohort whose séance this socket is in (named in the handshake). */
	scope: SeanceScope;
	mode: SeanceMode;
	userId: string;
	/** The session's id (not its secret): a logout ends the sockets of that session. */
	sessionId: string;
	name: string;
	/** Null for a `watch` socket: not in the roster. */
	role: RosterRole | null;
	/** The consultant who leads the séance (suivez-moi, timer, locks, agenda). */
	leads: boolean;
	place: Place | null;
	/**
	 * Who may learn of `place`'s board (`cohort-seance.service.placeAudience`): always `all` in a
	 * bilan; in a cohort, a participant's copy is theirs and the leader's only.
	 */
	audience: PlaceAudience;
	/** When `place` last changed (this node's clock): the leader's latest tab wins. */
	placeAt: number;
	active: boolean;
	following: boolean;
	/** When this tab raised its hand (this node's clock), or null. */
	handRaisedAt: number | null;
}

export type SeanceIo = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SeanceSocketData
>;
export type SeanceSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SeanceSocketData
>;
/** A socket of any node, as `fetchSockets` returns it. */
export type AnySeanceSocket = SeanceSocket | RemoteSocket<ServerToClientEvents, SeanceSocketData>;

/** The key of a socket's scope (rooms, per-séance maps, messages between nodes). */
export function keyOf(data: Pick<SeanceSocketData, 'scope'>): string {
	return scopeKey(data.scope);
}

/** Every socket of the scope, watching ones too (`seance.state`): `bilan:<id>`, `cohort:<id>`. */
export function scopeRoom(key: string): string {
	return key;
}

/** The `join` and `screen` sockets of the scope: the roster, and the séance's events. */
export function seanceRoom(key: string): string {
	return `seance:${key}`;
}

/**
 * The `join` sockets of one person in the séance: what only they (and the leader) may know —
 * suivez-moi onto their private copy, the screen's question — is sent there.
 */
export function memberRoom(key: string, userId: string): string {
	return `seance:${key}:user:${userId}`;
}

/** The presentation screens of the séance. */
export function screenRoom(key: string): string {
	return `seance:${key}:screen`;
}

/** Every socket of a user (re-checked when their sessions end or their access changes). */
export function userRoom(userId: string): string {
	return `user:${userId}`;
}

/**
 * Sends to one socket of this node. With connection state recovery on, `socket.emit` goes through
 * the adapter like a broadcast (to be kept for a reconnect) — with Redis, a round trip to the
 * stream before it leaves; an answer meant for that socket only (its state, a refusal) need not:
 * sent locally, it leaves at once, before a disconnection that follows it.
 */
export function toSocket(io: SeanceIo, socket: SeanceSocket) {
	return io.local.to(socket.id);
}

/** How the séance server logs. */
export type Log = (message: string, context?: Record<string, unknown>) => void;
