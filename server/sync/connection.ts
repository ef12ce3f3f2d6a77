import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { MESSAGE_ACK } from '../../src/lib/boards/sync-protocol.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';

/** The TCP socket under a WebSocket, as far as `ClientConnection.send` uses it. */
export interface Corkable {
	cork(): void;
	uncork(): void;
}

/** A client beyond this many unsent bytes is too slow to follow the board: it is closed. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Token bucket: `perSecond` on average, bursts up to twice that. */
export class RateLimit {
	#perSecond: number;
	#tokens: number;
	#at = performance.now();

	constructor(perSecond: number) {
		this.#perSecond = perSecond;
		this.#tokens = perSecond * 2;
	}

	take(): boolean {
		const now = performance.now();
		this.#tokens = Math.min(
			this.#perSecond * 2,
			this.#tokens + ((now - this.#at) / 1000) * this.#perSecond
		);
		this.#at = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}

export interface ConnectionIdentity {
	boardId: string;
	user: SessionUser;
	/** The session token, kept to re-validate the session while the socket is open. */
	sessionToken: string;
	readOnly: boolean;
	/** The client asked for acks (`?acks=1`). */
	wantsAcks: boolean;
}

/**
 * One client's WebSocket on one board: what it may do, its rate limits, the awareness client ids
 * it announced (removed when it leaves), and its acks, which leave in the order of its writes even
 * when a later write (a no-op) completes before an earlier one (waiting for its commit).
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
	readonly awarenessClients = new Set<number>();
	#acks: { seq: number | undefined }[] = [];
	#lastAcked = 0;
	#closed = false;
	#socket: Corkable | undefined;
	#corked = false;

	constructor(
		ws: WebSocket,
		identity: ConnectionIdentity,
		limits: { updatesPerSecond: number; awarenessPerSecond: number },
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
		ws.once('close', () => (this.#closed = true));
	}

	get closed(): boolean {
		return this.#closed;
	}

	send(message: Uint8Array): void {
		if (this.#closed) return;
		if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
			this.close(4508, 'slow consumer');
			return;
		}
		// A commit delivers a batch of updates (and their acks) in one go: the frames sent to this
		// client in that turn leave in one write instead of one system call each, the largest cost
		// of the write path in CPU profiles.
		const socket = this.#socket;
		if (socket && !this.#corked) {
			this.#corked = true;
			socket.cork();
			process.nextTick(() => {
				this.#corked = false;
				socket.uncork();
			});
		}
		this.ws.send(message);
	}

	/** Closes with a code from `CLOSE` and a short reason the client can log. */
	close(code: number, reason: string): void {
		if (this.#closed) return;
		this.#closed = true;
		this.ws.close(code, reason);
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
