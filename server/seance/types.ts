import type { RemoteSocket, Server, Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	Place,
	RosterRole,
	SeanceMode,
	ServerToClientEvents
} from '../../src/lib/seance/protocol.ts';

/** What the nodes tell each other besides the sockets' own traffic (`io.serverSideEmit`). */
export interface InterServerEvents {
	/** A séance of this bilan started (its rendez-vous id) or ended (null). */
	'seance.live': (bilanId: string, rendezVousId: string | null) => void;
	/** "Ramener tout le monde": every participant of the bilan's séance follows again. */
	'seance.bring': (bilanId: string) => void;
	/** The leader lowered this person's hand: every node lowers it on their sockets. */
	'seance.hand.lower': (bilanId: string, userId: string) => void;
}

/**
 * What a socket carries that other nodes read (`fetchSockets`: the roster, the leader's place,
 * the re-check after a logout) and that a recovered connection gets back. No email, no token:
 * it travels through Redis.
 */
export interface SeanceSocketData {
	bilanId: string;
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

/** Every socket of the bilan (`seance.state`). */
export function bilanRoom(bilanId: string): string {
	return `bilan:${bilanId}`;
}

/** The `join` and `screen` sockets of the bilan: the roster, and the séance's events. */
export function seanceRoom(bilanId: string): string {
	return `seance:${bilanId}`;
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
