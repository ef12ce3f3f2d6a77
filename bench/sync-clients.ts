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
 * does.
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
	  }
	| { type: 'start'; editsPerSecond: number }
	| { type: 'measure' }
	| { type: 'stop' }
	| { type: 'close' };

export type FromClients =
	| { type: 'connected'; clients: number; failed: number; ms: number }
	| { type: 'started' }
	| {
			type: 'stopped';
			latencies: number[];
			edits: number;
			unexpectedCloses: number;
			lateMs: number;
	  }
	| { type: 'closed' };

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;
/** Keys a writer cycles through: it keeps moving the same few cards. */
const CARDS_PER_WRITER = 20;

let measuring = false;
let latencies: number[] = [];
let edits = 0;
let unexpectedCloses = 0;
/** How late the writers' timers fired (the client process's own lag), worst case in the window. */
let lateMs = 0;
let stopping = false;
const clients: Client[] = [];
let writerTimers: ReturnType<typeof setTimeout>[] = [];

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

class Client {
	readonly ws: WebSocket;
	/** Writers only: the document of their own edits. */
	readonly doc: Y.Doc | undefined;
	readonly clientId = Math.floor(Math.random() * 2 ** 31);
	#awarenessClock = 0;
	#renew: ReturnType<typeof setInterval> | undefined;
	#n = 0;
	synced: Promise<boolean>;

	constructor(url: string, headers: Record<string, string>, writer: boolean) {
		this.doc = writer ? new Y.Doc() : undefined;
		this.ws = new WebSocket(url, { headers, perMessageDeflate: false });
		this.ws.binaryType = 'nodebuffer';
		this.doc?.on('update', (update: Uint8Array) => this.#send(this.#updateFrame(update)));
		this.synced = new Promise((resolve) => {
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
			this.ws.on('message', (data: Buffer) => {
				if (this.#receive(data)) resolve(true);
			});
			this.ws.on('error', () => resolve(false));
			this.ws.on('close', () => {
				clearInterval(this.#renew);
				if (!stopping) unexpectedCloses++;
				resolve(false);
			});
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

	/** Returns true on the server's sync step 2 (this client is synced). */
	#receive(data: Buffer): boolean {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return false;
		const subtype = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (subtype === STEP1) {
			const update = this.doc
				? Y.encodeStateAsUpdate(this.doc, payload)
				: Y.encodeStateAsUpdate(new Y.Doc());
			this.#send(
				frame(MESSAGE_SYNC, (e) => {
					encoding.writeVarUint(e, STEP2);
					encoding.writeVarUint8Array(e, update);
				})
			);
			return false;
		}
		if (subtype === STEP2) return true;
		if (subtype === UPDATE && measuring) {
			const now = performance.now();
			for (const struct of Y.decodeUpdate(payload).structs) {
				if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
				// The reference server echoes a writer's own edits back to it: not a propagation.
				if (this.doc && struct.id.client === this.doc.clientID) continue;
				const stamp = struct.content.arr[0];
				if (typeof stamp === 'number') latencies.push(now - stamp);
			}
		}
		return false;
	}
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
			const client = new Client(`${message.url}/${next.board}`, message.headers, next.writer);
			if (await client.synced) fresh.push(client);
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
		if (!client.doc) return;
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
		edits = 0;
		lateMs = 0;
		measuring = true;
	} else if (message.type === 'stop') {
		measuring = false;
		for (const timer of writerTimers) clearTimeout(timer);
		writerTimers = [];
		reply({ type: 'stopped', latencies, edits, unexpectedCloses, lateMs: Math.round(lateMs) });
		latencies = [];
	} else if (message.type === 'close') {
		stopping = true;
		for (const client of clients.splice(0)) client.close();
		reply({ type: 'closed' });
	}
});
