import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { wipeLocalData } from '../offline/local-data.ts';
import { LocalCopy } from './local-copy.ts';
import {
	ACKS_PARAM,
	VERSION_PARAM,
	CLOSE,
	MESSAGE_ACK,
	MESSAGE_PING,
	MESSAGE_PONG,
	MESSAGE_SYNC,
	PING_INTERVAL_MS,
	PONG_TIMEOUT_MS,
	SYNC_PATH,
	isFinalClose
} from './sync-protocol.ts';

const PING_FRAME = new Uint8Array([MESSAGE_PING]);
/** A WebSocket still opening after this long is given up and tried again (a network that hangs). */
const CONNECT_TIMEOUT_MS = 10_000;
/** How often the heartbeat looks at the socket (its precision). */
const BEAT_MS = 500;

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
	/** Keep a copy of the board on this device (default: where IndexedDB exists). */
	keepLocally?: boolean;
	/**
	 * The version of the board's kind this page was built with (`BoardKind.version`): the server
	 * closes with `CLOSE.outdated` when its own is newer (the page must reload).
	 */
	version?: number;
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
 *   invalid data, a change to a locked part, a page older than the board's kind); the view should
 *   say so and offer to reload, which drops the refused change.
 * - `lost`: the connection went silent (a ping unanswered: a half-open socket) and has not come
 *   back yet.
 * - `keptLocally` / `loadedLocally`: the board is kept on this device (`LocalCopy`), and the copy
 *   found there is in the document (the board can show offline). Changes loaded from the device
 *   count as unsaved until the server acknowledges them, unless the copy records that the server
 *   had acknowledged exactly that state.
 *
 * A final close also deletes the board's copy from the device (a board the person may no longer
 * see or write, or whose unsent changes the server refuses), or every copy for a session that
 * ended; but not when the page is only outdated.
 *
 * Components read these getters; they never touch the provider. Call `destroy()` when leaving.
 */
export class BoardConnection {
	readonly boardId: string;
	readonly doc: Y.Doc;
	readonly awareness: Awareness;
	#provider: WebsocketProvider;
	#local: LocalCopy | null = null;
	#status = $state<ConnectionStatus>('connecting');
	#lost = $state(false);
	#loadedLocally = $state(false);
	#synced = $state(false);
	#readOnly = $state(false);
	#finalClose = $state<FinalClose | null>(null);
	/** Local changes made so far, and how many of them the server acknowledged. */
	#localChanges = $state(0);
	#savedChanges = $state(0);
	/** Per write frame on the current socket: the local change count it carried. */
	#unackedFrames: number[] = [];
	/** The local change that loaded the device's copy into the document (0: none). */
	#loadedChange = 0;
	#attempt = 0;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#heartbeat: ReturnType<typeof setInterval> | undefined;
	#lastPing = 0;
	#connectingSince = 0;
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
			params: {
				[ACKS_PARAM]: '1',
				...(options.version === undefined ? {} : { [VERSION_PARAM]: String(options.version) })
			},
			WebSocketPolyfill: options.WebSocketPolyfill ?? WebSocket,
			// We schedule reconnects ourselves (with jitter), see #onClosed.
			shouldReconnect: () => false,
			// No tab-to-tab channel: a change another tab relayed would be in this document without
			// being this tab's to send or to count, and `saved` would say more than it knows. Tabs
			// meet through the server.
			disableBc: true
		});
		if (options.keepLocally ?? typeof indexedDB !== 'undefined') this.#keepLocally();
		// A sync step 1 from the server is answered with our step 2: a write frame the server acks.
		// (Only the server asks: the tab-to-tab channel is off, see `disableBc`.)
		const readSync = this.#provider.messageHandlers[MESSAGE_SYNC]!;
		this.#provider.messageHandlers[MESSAGE_SYNC] = (encoder, ...rest) => {
			const before = encoding.length(encoder);
			readSync(encoder, ...rest);
			if (encoding.length(encoder) > before + 1) this.#unackedFrames.push(this.#localChanges);
		};
		this.#provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder: decoding.Decoder) => {
			decoding.readVarUint(decoder);
			const carried = this.#unackedFrames.shift();
			if (carried !== undefined && carried > this.#savedChanges) this.#savedChanges = carried;
			this.#rememberIfSaved();
		};
		// Any frame proves the socket alive (the provider notes when it arrived); a pong says no more.
		this.#provider.messageHandlers[MESSAGE_PONG] = () => {};
		this.#provider.on('status', ({ status }) => {
			if (status === 'connected') {
				this.#status = 'connected';
				this.#lost = false;
				this.#lastPing = 0;
			} else if (status === 'connecting') {
				this.#status = 'connecting';
				this.#connectingSince = Date.now();
			} else this.#status = 'offline';
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
		this.#heartbeat = setInterval(this.#beat, BEAT_MS);
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

	/** The connection went silent (a half-open socket) and has not been re-established. */
	get lost(): boolean {
		return this.#lost;
	}

	/** The board is kept on this device: unsaved changes survive a reload, offline too. */
	get keptLocally(): boolean {
		return this.#local !== null;
	}

	/** The copy kept on this device held the board and is in the document. */
	get loadedLocally(): boolean {
		return this.#loadedLocally;
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
		clearInterval(this.#heartbeat);
		void this.#local?.destroy();
		if (typeof window !== 'undefined') {
			window.removeEventListener('online', this.#onOnline);
			window.removeEventListener('offline', this.#onOffline);
		}
		this.doc.off('update', this.#onUpdate);
		this.#provider.destroy();
		this.awareness.destroy();
	}

	#onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (origin === this.#provider) {
			this.#rememberIfSaved();
			return;
		}
		// Changes loaded from the device count as local: the server may not have them.
		this.#localChanges++;
		if (this.#local && origin === this.#local.origin && this.#local.loading) {
			this.#loadedChange = this.#localChanges;
		}
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
			this.#forget(event.code);
			return;
		}
		this.#scheduleRetry();
	}

	#scheduleRetry(): void {
		clearTimeout(this.#retryTimer);
		// Full jitter: a random delay up to an exponentially growing bound.
		const bound = Math.min(this.#maxDelay, 250 * 2 ** this.#attempt);
		this.#attempt++;
		this.#retryTimer = setTimeout(() => this.#provider.connect(), Math.random() * bound);
	}

	/**
	 * After a final close, what this device keeps goes: everything when the session ended (a
	 * shared computer), else this board's copy — the person may no longer see it, or only read
	 * it, or the server refuses what it holds, so sending it again could only be refused again.
	 * A presence too large says nothing about the board, nor does a page older than the server:
	 * the copy stays (the reloaded page sends it again).
	 */
	#forget(code: number): void {
		if (code === CLOSE.awarenessTooLarge || code === CLOSE.outdated) return;
		const local = this.#local;
		this.#local = null;
		const wiped = code === CLOSE.unauthenticated ? wipeLocalData() : local?.drop();
		wiped?.catch((error: unknown) => console.error('local copy not deleted', error));
	}

	#keepLocally(): void {
		const local = new LocalCopy(this.boardId, this.doc);
		this.#local = local;
		local.onLoaded((acked) => {
			const change = this.#loadedChange;
			if (change === 0) return;
			this.#loadedLocally = true;
			// The copy held exactly a state the server had acknowledged: nothing in it is unsaved.
			// Only when every change before it is saved too (the count is a high-water mark).
			void acked.then((yes) => {
				if (yes && this.#savedChanges >= change - 1 && this.#savedChanges < change) {
					this.#savedChanges = change;
				}
			});
		});
	}

	/** Records the document's state as acknowledged while it is (see `LocalCopy`). */
	#rememberIfSaved(): void {
		if (this.saved && this.#synced) this.#local?.remember(() => this.saved && this.#synced);
	}

	/**
	 * Every `BEAT_MS`: pings the server while connected, and gives up a socket that did not answer
	 * a ping in time (a half-open connection: the network dropped it without a word) or that is
	 * still opening after `CONNECT_TIMEOUT_MS`, then reconnects.
	 */
	#beat = () => {
		const provider = this.#provider;
		const ws = provider.ws;
		const now = Date.now();
		if (provider.wsconnected && ws && ws.readyState === ws.OPEN) {
			// Any frame since the ping answers it; while one is awaited, no other is sent.
			if (this.#lastPing > provider.wsLastMessageReceived) {
				if (now - this.#lastPing > PONG_TIMEOUT_MS) {
					this.#lost = true;
					this.#giveUp();
				}
			} else if (now - this.#lastPing >= PING_INTERVAL_MS) {
				this.#lastPing = now;
				ws.send(PING_FRAME);
			}
		} else if (provider.wsconnecting && now - this.#connectingSince > CONNECT_TIMEOUT_MS) {
			this.#giveUp();
		}
	};

	#giveUp(): void {
		this.#provider.disconnect();
		this.#status = 'offline';
		this.#lastPing = 0;
		this.#scheduleRetry();
	}
}

function defaultUrl(): string {
	const { protocol, host } = window.location;
	return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${SYNC_PATH}`;
}
