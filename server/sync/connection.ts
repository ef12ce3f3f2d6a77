import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { MESSAGE_ACK } from '../../src/lib/boards/sync-protocol.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import type { SyncConfig } from '../../src/lib/server/config.ts';

/** The TCP socket under a WebSocket, as far as `ClientConnection.send` uses it. */
export interface Corkable {
	cork(): void;
	uncork(): void;
}

/**
 * Sockets corked during this turn of the event loop (`ClientConnection.send`), uncorked together
 * in its check phase: one immediate per turn, not one per socket written to (thousands a second
 * with thousands of connections).
 */
const corked = new Set<Corkable>();

function uncorkAll(): void {
	const sockets = [...corked];
	corked.clear();
	for (const socket of sockets) socket.uncork();
}

/** Unsent bytes beyond which a socket is not sent others' presence (`sendPresence`). */
const PRESENCE_BACKLOG_BYTES = 256 * 1024;

/**
 * Heartbeats a connection may send (`MESSAGE_PING`): our client sends one every 3 s, so one a
 * second with bursts of 5 leaves room for a tab whose timers catch up, and bounds the pongs a
 * client can make the server write.
 */
const PINGS_PER_SECOND = 1;
const PING_BURST = 5;

/** Token bucket: `perSecond` on average, bursts up to `burst` (default twice `perSecond`). */
export class RateLimit {
	#perSecond: number;
	#burst: number;
	#tokens: number;
	#at = performance.now();

	constructor(perSecond: number, burst = perSecond * 2) {
		this.#perSecond = perSecond;
		this.#burst = burst;
		this.#tokens = burst;
	}

	/**
	 * Takes `cost` tokens, or refuses when less than one is left. A cost above what is left still
	 * passes and leaves a debt, repaid before the next take: a byte budget smaller than one
	 * answer (a big board) slows its requests down but never refuses them all.
	 */
	take(cost = 1): boolean {
		const now = performance.now();
		this.#tokens = Math.min(
			this.#burst,
			this.#tokens + ((now - this.#at) / 1000) * this.#perSecond
		);
		this.#at = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= cost;
		return true;
	}
}

/** The limits a connection applies to itself (from `SyncConfig`). */
export type ConnectionLimits = Pick<
	SyncConfig,
	| 'updatesPerSecond'
	| 'awarenessPerSecond'
	| 'stateRequestsPerMinute'
	| 'stateBytesPerMinute'
	| 'maxBufferedBytes'
	| 'maxEarlyFrames'
	| 'maxEarlyBytes'
>;

export interface ConnectionIdentity {
	boardId: string;
	user: SessionUser;
	/** The session token, kept to re-validate the session while the socket is open. */
	sessionToken: string;
	readOnly: boolean;
	/** The client asked for acks (`?acks=1`). */
	wantsAcks: boolean;
	/** The version of the board's kind the client was built with (`?v=`), when it says. */
	version?: number;
}

/**
 * One client's WebSocket on one board: what it may do, its rate limits, the awareness client ids
 * it announced (removed when it leaves), and its acks, which leave in the order of its writes even
 * when a later write (a no-op) completes before an earlier one (waiting for its commit). A socket
 * that does not read what it is sent, or shows no sign of life for a heartbeat, is dropped at once
 * (`terminate`): a close handshake it would never read would keep its buffers alive.
 */
export class ClientConnection {
	readonly ws: WebSocket;
	readonly boardId: string;
	readonly user: SessionUser;
	readonly sessionToken: string;
	readonly wantsAcks: boolean;
	readOnly: boolean;
	readonly updates: RateLimit;
	readonly awareness: RateLimit;
	/** Messages that make the server send state (sync step 1, query awareness), and their bytes. */
	readonly stateRequests: RateLimit;
	readonly stateBytes: RateLimit;
	/** Heartbeats from the client (`MESSAGE_PING`), each answered with a pong. */
	readonly pings = new RateLimit(PINGS_PER_SECOND, PING_BURST);
	readonly awarenessClients = new Set<number>();
	#acks: { seq: number | undefined }[] = [];
	#lastAcked = 0;
	#closed = false;
	#socket: Corkable | undefined;
	#limits: ConnectionLimits;
	#early: Uint8Array[] = [];
	#earlyBytes = 0;
	#onDropped: (reason: string) => void;
	/** A frame or a pong arrived since the last heartbeat. */
	#alive = true;
	/** Bytes given to `ws.send`, and how many of them had left the process at the last beat. */
	#sent = 0;
	#drainedAtBeat = 0;

	/** `onDropped`: the socket was dropped without a close handshake (for metrics). */
	constructor(
		ws: WebSocket,
		identity: ConnectionIdentity,
		limits: ConnectionLimits,
		onDropped: (reason: string) => void,
		socket?: Corkable
	) {
		this.ws = ws;
		this.#socket = socket;
		this.boardId = identity.boardId;
		this.user = identity.user;
		this.sessionToken = identity.sessionToken;
		this.readOnly = identity.readOnly;
		this.wantsAcks = identity.wantsAcks;
		this.updates = new RateLimit(limits.updatesPerSecond);
		this.awareness = new RateLimit(limits.awarenessPerSecond);
		this.stateRequests = new RateLimit(
			limits.stateRequestsPerMinute / 60,
			limits.stateRequestsPerMinute
		);
		this.stateBytes = new RateLimit(limits.stateBytesPerMinute / 60, limits.stateBytesPerMinute);
		this.#limits = limits;
		this.#onDropped = onDropped;
		ws.once('close', () => (this.#closed = true));
		ws.on('message', () => (this.#alive = true));
		ws.on('pong', () => (this.#alive = true));
	}

	get closed(): boolean {
		return this.#closed;
	}

	send(message: Uint8Array): void {
		if (this.#closed) return;
		if (this.ws.bufferedAmount + message.byteLength > this.#limits.maxBufferedBytes) {
			this.#drop('slow consumer');
			return;
		}
		// Frames sent to this client until the event loop's check phase leave in one write instead
		// of one system call each, the largest cost of the write path in CPU profiles: the updates
		// of every frame read in one poll phase (broadcast at once), a commit's acks.
		const socket = this.#socket;
		if (socket && !corked.has(socket)) {
			if (corked.size === 0) setImmediate(uncorkAll);
			corked.add(socket);
			socket.cork();
		}
		this.#sent += message.byteLength;
		this.ws.send(message);
	}

	/**
	 * Sends others' presence, unless this socket already has a backlog: presence is ephemeral (a
	 * person's next update replaces it, a removal missed expires in the browser after 30 s), and a
	 * reader on a slow link must not fall behind on the board — nor be dropped — for cursors.
	 * Returns false when skipped.
	 */
	sendPresence(message: Uint8Array): boolean {
		if (this.ws.bufferedAmount > PRESENCE_BACKLOG_BYTES) return false;
		this.send(message);
		return true;
	}

	/** Closes with a code from `CLOSE` and a short reason the client can log. */
	close(code: number, reason: string): void {
		if (this.#closed) return;
		this.#closed = true;
		this.ws.close(code, reason);
	}

	/**
	 * Keeps a frame that arrived before the board was loaded. Returns false, keeping none, beyond
	 * `maxEarlyFrames` or `maxEarlyBytes`: they are held in memory until the load completes.
	 */
	holdEarly(frame: Uint8Array): boolean {
		this.#earlyBytes += frame.byteLength;
		const { maxEarlyFrames, maxEarlyBytes } = this.#limits;
		if (this.#early.length >= maxEarlyFrames || this.#earlyBytes > maxEarlyBytes) {
			this.#early = [];
			return false;
		}
		this.#early.push(frame);
		return true;
	}

	/** The frames held while the board loaded, in arrival order (once). */
	takeEarly(): Uint8Array[] {
		const frames = this.#early;
		this.#early = [];
		return frames;
	}

	/**
	 * Called every heartbeat interval: drops the socket if, since the previous call, it sent
	 * nothing, answered no ping and read nothing of what it had buffered (a slow client draining a
	 * big board is alive); otherwise pings it.
	 */
	heartbeat(): void {
		if (this.#closed) return;
		const drained = this.#sent - this.ws.bufferedAmount;
		if (!this.#alive && drained <= this.#drainedAtBeat) {
			this.#drop('no heartbeat');
			return;
		}
		this.#alive = false;
		this.#drainedAtBeat = drained;
		this.ws.ping();
	}

	/** Destroys the socket at once: no close frame, the client sees 1006 and reconnects. */
	#drop(reason: string): void {
		this.#closed = true;
		this.#onDropped(reason);
		this.ws.terminate();
	}

	/**
	 * Reserves the ack slot of a write, in arrival order. Call the returned function with the
	 * committed sequence once the write is durable; acks are released in slot order.
	 */
	reserveAck(): (seq: number) => void {
		const slot: { seq: number | undefined } = { seq: undefined };
		this.#acks.push(slot);
		return (seq) => {
			slot.seq = seq;
			this.#releaseAcks();
		};
	}

	#releaseAcks(): void {
		while (this.#acks.length > 0 && this.#acks[0]!.seq !== undefined) {
			const { seq } = this.#acks.shift()!;
			// A no-op write is acked with the sequence already durable: acks never go backwards.
			this.#lastAcked = Math.max(this.#lastAcked, seq!);
			if (!this.wantsAcks) continue;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_ACK);
			encoding.writeVarUint(encoder, this.#lastAcked);
			this.send(encoding.toUint8Array(encoder));
		}
	}
}
