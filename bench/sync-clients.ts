/**
 * A client process of `bench/sync.ts` (forked, driven over IPC). It holds whole boards, so every
 * latency is measured on one clock: a writer stamps its edit with `performance.now()`, a reader
 * of the same board (same process) subtracts it on arrival.
 *
 * The clients speak the y-websocket protocol with `ws` directly instead of `WebsocketProvider`:
 * a provider applies every update to its own document, which at thousands of clients in one
 * process measures the client process rather than the server. Here a reader only decodes the
 * update (`Y.decodeUpdate`, no integration) to read the stamp; a writer keeps a document of its own
 * edits, which move its own cards (it overwrites its own keys, like dragging a card around).
 * Every client announces an awareness state on connect and renews it every 15 s, as the provider
 * does. Writers asking for acks (`?acks=1`, ours only) time each edit until its ack.
 *
 * The reconnect storm (`keep`): every client keeps a document of the board (applying what it
 * receives) and, when its socket drops, reconnects as the provider does (exponential backoff from
 * 100 ms, at most 2.5 s) and syncs again: its step 1, and its step 2 answering the server's.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

export type ToClients =
	| {
			type: 'connect';
			url: string;
			headers: Record<string, string>;
			boards: string[];
			clientsPerBoard: number;
			writersPerBoard: number;
			concurrency: number;
			acks: boolean;
			keep: boolean;
	  }
	| { type: 'start'; editsPerSecond: number }
	| { type: 'measure' }
	| { type: 'stop' }
	| { type: 'snapshot' }
	| { type: 'status' }
	| { type: 'close' };

export type FromClients =
	| { type: 'connected'; clients: number; failed: number; ms: number }
	| { type: 'started' }
	| {
			type: 'stopped';
			latencies: number[];
			ackLatencies: number[];
			edits: number;
			unexpectedCloses: number;
			lateMs: number;
	  }
	| { type: 'snapshotted' }
	| { type: 'status'; clients: number; synced: number; boards: number; converged: number }
	| { type: 'closed' };

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_ACK = 100;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;
/** Keys a writer cycles through: it keeps moving the same few cards. */
const CARDS_PER_WRITER = 20;

let measuring = false;
let latencies: number[] = [];
let ackLatencies: number[] = [];
let edits = 0;
let unexpectedCloses = 0;
/** How late the writers' timers fired (the client process's own lag), worst case in the window. */
let lateMs = 0;
let stopping = false;
const clients: Client[] = [];
/** Storm: each board's state vector (client → clock) before the restart, merged over its clients. */
const targets = new Map<string, Map<number, number>>();
let writerTimers: ReturnType<typeof setTimeout>[] = [];

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

class Client {
	ws!: WebSocket;
	readonly board: string;
	/** Writers, and every client in the storm: a document (the writer's own edits, or the board). */
	readonly doc: Y.Doc | undefined;
	readonly writer: boolean;
	readonly clientId = Math.floor(Math.random() * 2 ** 31);
	/** Synced on the current socket (its server's step 2 received). */
	synced = false;
	#url: string;
	#headers: Record<string, string>;
	#keep: boolean;
	#awarenessClock = 0;
	#renew: ReturnType<typeof setInterval> | undefined;
	#n = 0;
	#failures = 0;
	/** Write frames sent on this socket and not acked yet: when, and whether an edit measured. */
	#unacked: { at: number; measured: boolean }[] = [];
	/** Resolves once the first socket is synced (true) or failed (false). */
	readonly firstSync: Promise<boolean>;
	#settle: (synced: boolean) => void = () => {};

	constructor(
		url: string,
		board: string,
		headers: Record<string, string>,
		options: { writer: boolean; acks: boolean; keep: boolean }
	) {
		this.#url = `${url}/${board}${options.acks ? '?acks=1' : ''}`;
		this.board = board;
		this.#headers = headers;
		this.#keep = options.keep;
		this.writer = options.writer;
		this.doc = options.writer || options.keep ? new Y.Doc() : undefined;
		this.doc?.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== this) this.#sendWrite(this.#updateFrame(update), measuring);
		});
		this.firstSync = new Promise((resolve) => (this.#settle = resolve));
		this.#open();
	}

	#open(): void {
		this.synced = false;
		this.#unacked = [];
		this.ws = new WebSocket(this.#url, { headers: this.#headers, perMessageDeflate: false });
		this.ws.binaryType = 'nodebuffer';
		this.ws.on('open', () => {
			this.#send(
				frame(MESSAGE_SYNC, (e) => {
					encoding.writeVarUint(e, STEP1);
					encoding.writeVarUint8Array(
						e,
						this.doc ? Y.encodeStateVector(this.doc) : new Uint8Array([0])
					);
				})
			);
			this.#announce();
			this.#renew = setInterval(() => this.#announce(), 15_000);
		});
		this.ws.on('message', (data: Buffer) => this.#receive(data));
		this.ws.on('error', () => {});
		this.ws.on('close', () => {
			clearInterval(this.#renew);
			this.synced = false;
			this.#settle(false);
			if (stopping) return;
			unexpectedCloses++;
			if (!this.#keep) return;
			const wait = Math.min(2 ** this.#failures++ * 100, 2500);
			setTimeout(() => this.#open(), wait);
		});
	}

	/** One edit: moves one of this writer's cards, stamped with the time of the edit. */
	edit(index: number): void {
		const key = `w${index}-${this.#n++ % CARDS_PER_WRITER}`;
		this.doc!.getMap<number>('items').set(key, performance.now());
		edits++;
	}

	close(): void {
		clearInterval(this.#renew);
		this.ws.close();
	}

	#send(message: Uint8Array): void {
		if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
	}

	/** A sync step 2 or update: the server acks each (when asked to), in order. */
	#sendWrite(message: Uint8Array, measured: boolean): void {
		if (this.ws.readyState !== WebSocket.OPEN) return;
		this.#unacked.push({ at: performance.now(), measured });
		this.ws.send(message);
	}

	#updateFrame(update: Uint8Array): Uint8Array {
		return frame(MESSAGE_SYNC, (e) => {
			encoding.writeVarUint(e, UPDATE);
			encoding.writeVarUint8Array(e, update);
		});
	}

	#announce(): void {
		const state = JSON.stringify({ user: { name: `Client ${this.clientId}` } });
		const update = frame(1, (e) => {
			encoding.writeVarUint(e, this.clientId);
			encoding.writeVarUint(e, ++this.#awarenessClock);
			encoding.writeVarString(e, state);
		});
		this.#send(frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update)));
	}

	#receive(data: Buffer): void {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_ACK) {
			const sent = this.#unacked.shift();
			if (sent?.measured && measuring) ackLatencies.push(performance.now() - sent.at);
			return;
		}
		if (type !== MESSAGE_SYNC) return;
		const subtype = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (subtype === STEP1) {
			const update = this.doc
				? Y.encodeStateAsUpdate(this.doc, payload)
				: Y.encodeStateAsUpdate(new Y.Doc());
			this.#sendWrite(
				frame(MESSAGE_SYNC, (e) => {
					encoding.writeVarUint(e, STEP2);
					encoding.writeVarUint8Array(e, update);
				}),
				false
			);
			return;
		}
		if (this.#keep && this.doc) Y.applyUpdate(this.doc, payload, this);
		if (subtype === STEP2) {
			this.synced = true;
			this.#failures = 0;
			this.#settle(true);
		} else if (subtype === UPDATE && measuring) {
			const now = performance.now();
			for (const struct of Y.decodeUpdate(payload).structs) {
				if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
				// The reference server echoes a writer's own edits back to it: not a propagation.
				if (this.doc && struct.id.client === this.doc.clientID) continue;
				const stamp = struct.content.arr[0];
				if (typeof stamp === 'number') latencies.push(now - stamp);
			}
		}
	}
}

/** Per board: the clients' state vectors merged (the highest clock of each Yjs client). */
function boardStates(): Map<string, Map<number, number>> {
	const states = new Map<string, Map<number, number>>();
	for (const client of clients) {
		if (!client.doc) continue;
		const merged = states.get(client.board) ?? new Map<number, number>();
		for (const [id, clock] of Y.decodeStateVector(Y.encodeStateVector(client.doc))) {
			merged.set(id, Math.max(merged.get(id) ?? 0, clock));
		}
		states.set(client.board, merged);
	}
	return states;
}

/** Storm: synced clients, and boards whose every client holds all the board held before. */
function status(): FromClients {
	const converged = [...targets].filter(([board, target]) =>
		clients
			.filter((client) => client.board === board)
			.every((client) => {
				const theirs = Y.decodeStateVector(Y.encodeStateVector(client.doc!));
				return [...target].every(([id, clock]) => (theirs.get(id) ?? 0) >= clock);
			})
	).length;
	return {
		type: 'status',
		clients: clients.length,
		synced: clients.filter((client) => client.synced).length,
		boards: targets.size,
		converged
	};
}

async function connect(message: Extract<ToClients, { type: 'connect' }>): Promise<FromClients> {
	const started = performance.now();
	const fresh: Client[] = [];
	const queue: { board: string; writer: boolean }[] = [];
	for (const board of message.boards) {
		for (let c = 0; c < message.clientsPerBoard; c++) {
			queue.push({ board, writer: c < message.writersPerBoard });
		}
	}
	let failed = 0;
	// A bounded number of handshakes in flight, like clients arriving over a short while.
	const worker = async () => {
		for (let next = queue.shift(); next; next = queue.shift()) {
			const client = new Client(message.url, next.board, message.headers, {
				writer: next.writer,
				acks: message.acks,
				keep: message.keep
			});
			if (await client.firstSync) fresh.push(client);
			else failed++;
		}
	};
	await Promise.all(Array.from({ length: message.concurrency }, worker));
	clients.push(...fresh);
	return {
		type: 'connected',
		clients: fresh.length,
		failed,
		ms: Math.round(performance.now() - started)
	};
}

function start(editsPerSecond: number): void {
	const period = 1000 / editsPerSecond;
	clients.forEach((client, index) => {
		if (!client.writer) return;
		// Writers start at random phases and keep a fixed pace, so load is spread evenly.
		let due = performance.now() + Math.random() * period;
		const tick = () => {
			const now = performance.now();
			if (measuring) lateMs = Math.max(lateMs, now - due);
			client.edit(index);
			due += period;
			while (due < now) due += period;
			writerTimers[index] = setTimeout(tick, due - now);
		};
		writerTimers[index] = setTimeout(tick, due - performance.now());
	});
}

function reply(message: FromClients): void {
	process.send!(message);
}

process.on('message', async (message: ToClients) => {
	if (message.type === 'connect') {
		reply(await connect(message));
	} else if (message.type === 'start') {
		start(message.editsPerSecond);
		reply({ type: 'started' });
	} else if (message.type === 'measure') {
		latencies = [];
		ackLatencies = [];
		edits = 0;
		lateMs = 0;
		measuring = true;
	} else if (message.type === 'stop') {
		measuring = false;
		for (const timer of writerTimers) clearTimeout(timer);
		writerTimers = [];
		reply({
			type: 'stopped',
			latencies,
			ackLatencies,
			edits,
			unexpectedCloses,
			lateMs: Math.round(lateMs)
		});
		latencies = [];
		ackLatencies = [];
	} else if (message.type === 'snapshot') {
		for (const [board, state] of boardStates()) targets.set(board, state);
		reply({ type: 'snapshotted' });
	} else if (message.type === 'status') {
		reply(status());
	} else if (message.type === 'close') {
		stopping = true;
		for (const client of clients.splice(0)) client.close();
		reply({ type: 'closed' });
	}
});
