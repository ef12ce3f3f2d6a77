import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	ACKS_PARAM,
	CLOSE,
	MESSAGE_ACK,
	MESSAGE_SYNC,
	SYNC_PATH,
	isFinalClose
} from './sync-protocol.ts';

/** `connecting` (first attempt or retrying now), `connected`, `offline` (waiting to retry). */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

export interface BoardConnectionOptions {
	/** The document to sync (default: a new one). */
	doc?: Y.Doc;
	/** The member may only read (from the page's permission): views should not offer edits. */
	readOnly?: boolean;
	/** WebSocket base URL, e.g. `wss://atelier.example.fr/yjs` (default: this page's host). */
	url?: string;
	/** Upper bound of the reconnect delay, in ms (default 10 s). */
	maxReconnectDelayMs?: number;
	/** Another WebSocket implementation (tests in Node). */
	WebSocketPolyfill?: typeof WebSocket;
}

/** Why the server ended the connection for good (no reconnect): session ended, no access… */
export interface FinalClose {
	code: number;
	reason: string;
}

/**
 * The live connection of one board: a stock y-websocket `WebsocketProvider` on `/yjs/<boardId>`
 * with runes for the UI.
 *
 * - `status`: connecting / connected / offline; reconnects by itself after a transient close,
 *   with exponential backoff and full jitter (so a restarted server is not hit by everyone at
 *   once), and at once when the browser comes back online.
 * - `synced`: the first exchange with the server is complete (the board shows its real content).
 * - `saved`: every local change has been acknowledged as written to the database (the server's
 *   ack messages), so "Enregistré" is the truth; changes made offline stay unsaved until sent.
 * - `readOnly`: given by the page, and set too if the server refuses a write.
 * - `finalClose`: set when the server closed for good (4400–4499: session ended, access revoked,
 *   invalid data, a change to a locked part); the view should say so and offer to reload, which
 *   drops the refused change.
 *
 * Components read these getters; they never touch the provider. Call `destroy()` when leaving.
 */
export class BoardConnection {
	readonly boardId: string;
	readonly doc: Y.Doc;
	readonly awareness: Awareness;
	#provider: WebsocketProvider;
	#status = $state<ConnectionStatus>('connecting');
	#synced = $state(false);
	#readOnly = $state(false);
	#finalClose = $state<FinalClose | null>(null);
	/** Local changes made so far, and how many of them the server acknowledged. */
	#localChanges = $state(0);
	#savedChanges = $state(0);
	/** Per write frame on the current socket: the local change count it carried. */
	#unackedFrames: number[] = [];
	#attempt = 0;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#maxDelay: number;
	#destroyed = false;

	constructor(boardId: string, options: BoardConnectionOptions = {}) {
		this.boardId = boardId;
		this.doc = options.doc ?? new Y.Doc();
		this.#readOnly = options.readOnly ?? false;
		this.#maxDelay = options.maxReconnectDelayMs ?? 10_000;
		// Registered before the provider's own listener: a change is counted as it is sent.
		this.doc.on('update', this.#onUpdate);
		this.awareness = new Awareness(this.doc);
		this.#provider = new WebsocketProvider(options.url ?? defaultUrl(), boardId, this.doc, {
			awareness: this.awareness,
			params: { [ACKS_PARAM]: '1' },
			WebSocketPolyfill: options.WebSocketPolyfill ?? WebSocket,
			// We schedule reconnects ourselves (with jitter), see #onClosed.
			shouldReconnect: () => false
		});
		// A sync step 1 from the server is answered with our step 2: a write frame the server acks.
		// Another tab of this browser on the same board syncs over a BroadcastChannel too
		// (`fromSocket` false): a reply there never reaches the server, so no ack is awaited.
		const readSync = this.#provider.messageHandlers[MESSAGE_SYNC]!;
		this.#provider.messageHandlers[MESSAGE_SYNC] = (
			encoder,
			decoder,
			provider,
			fromSocket,
			type
		) => {
			const before = encoding.length(encoder);
			readSync(encoder, decoder, provider, fromSocket, type);
			if (fromSocket && encoding.length(encoder) > before + 1) {
				this.#unackedFrames.push(this.#localChanges);
			}
		};
		this.#provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder: decoding.Decoder) => {
			decoding.readVarUint(decoder);
			const carried = this.#unackedFrames.shift();
			if (carried !== undefined && carried > this.#savedChanges) this.#savedChanges = carried;
		};
		this.#provider.on('status', ({ status }) => {
			if (status === 'connected') this.#status = 'connected';
			else if (status === 'connecting') this.#status = 'connecting';
			else this.#status = 'offline';
		});
		this.#provider.on('sync', (synced: boolean) => {
			this.#synced = synced;
			if (synced) this.#attempt = 0;
		});
		this.#provider.on('connection-close', () => {
			// Frames not acked on that socket are resent in the next sync step 2.
			this.#unackedFrames.length = 0;
			this.#synced = false;
		});
		this.#provider.on('closed', (event: FinalClose) => this.#onClosed(event));
		if (typeof window !== 'undefined') {
			window.addEventListener('online', this.#onOnline);
			window.addEventListener('offline', this.#onOffline);
		}
	}

	get status(): ConnectionStatus {
		return this.#status;
	}

	get synced(): boolean {
		return this.#synced;
	}

	/** True when every local change is acknowledged as stored. */
	get saved(): boolean {
		return this.#savedChanges >= this.#localChanges;
	}

	get readOnly(): boolean {
		return this.#readOnly;
	}

	get finalClose(): FinalClose | null {
		return this.#finalClose;
	}

	/** Retries now (e.g. a "Réessayer" button); also resumes after a final close. */
	reconnect(): void {
		if (this.#destroyed) return;
		clearTimeout(this.#retryTimer);
		this.#finalClose = null;
		this.#provider.connect();
	}

	destroy(): void {
		this.#destroyed = true;
		clearTimeout(this.#retryTimer);
		if (typeof window !== 'undefined') {
			window.removeEventListener('online', this.#onOnline);
			window.removeEventListener('offline', this.#onOffline);
		}
		this.doc.off('update', this.#onUpdate);
		this.#provider.destroy();
		this.awareness.destroy();
	}

	#onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (origin === this.#provider) return;
		this.#localChanges++;
		// The provider sends the change right after this listener, on this condition (its own).
		const ws = this.#provider.ws;
		if (this.#provider.wsconnected && ws && ws.readyState === ws.OPEN) {
			this.#unackedFrames.push(this.#localChanges);
		}
	};

	/**
	 * The device lost its network: say so at once and stop the socket, rather than wait for it to
	 * time out (a dead socket can look open for a long while). `online` reconnects.
	 */
	#onOffline = () => {
		if (this.#finalClose !== null) return;
		clearTimeout(this.#retryTimer);
		this.#provider.disconnect();
		this.#status = 'offline';
	};

	#onOnline = () => {
		if (this.#status === 'offline' && this.#finalClose === null) this.reconnect();
	};

	#onClosed(event: FinalClose): void {
		this.#status = 'offline';
		if (this.#destroyed) return;
		if (isFinalClose(event.code)) {
			this.#finalClose = event;
			if (event.code === CLOSE.forbidden) this.#readOnly = true;
			return;
		}
		// Full jitter: a random delay up to an exponentially growing bound.
		const bound = Math.min(this.#maxDelay, 250 * 2 ** this.#attempt);
		this.#attempt++;
		this.#retryTimer = setTimeout(() => this.#provider.connect(), Math.random() * bound);
	}
}

function defaultUrl(): string {
	const { protocol, host } = window.location;
	return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${SYNC_PATH}`;
}
