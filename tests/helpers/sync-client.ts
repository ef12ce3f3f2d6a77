import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as s from '../../src/lib/boards/doc-schema.ts';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { MESSAGE_ACK } from '../../src/lib/boards/sync-protocol.ts';

// y-websocket adds a process 'exit' listener per provider in Node; tests open dozens at once.
process.setMaxListeners(200);

/** A board kind for sync tests: two roots (any JSON under `items`), and an initial title. */
export const testKind: BoardKind<{ items: string[] }> = {
	kind: 'test',
	version: 1,
	schema: s.docSchema({ items: s.mapOf(s.json), meta: s.map({ title: s.string(120) }) }),
	init(doc) {
		doc.getMap('meta').set('title', 'Tableau de test');
	},
	summarize(doc) {
		return { items: [...doc.getMap<string>('items').values()] };
	}
};

/** Prefix of the keys test clients write, so a kind's own initial content is left out. */
const PREFIX = 't:';

export interface TestClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Acks received on the current socket, and the last acknowledged sequence. */
	acks: { count: number; seq: number };
	/** Texts this client wrote whose write frame the server acknowledged. */
	acked: Set<string>;
	/** Close events the provider saw (code, reason). */
	closes: { code: number; reason: string }[];
	/** The texts in the document, sorted. */
	items(): string[];
	/** Writes `text` into the root map (one update). */
	push(text: string): void;
	destroy(): void;
}

export interface ClientOptions {
	/** Ask for acks (default true). */
	acks?: boolean;
	connect?: boolean;
	/**
	 * Map written by `push` (default `items`, the test kind's: the text itself; `cards` on a values
	 * board: a card labelled with it).
	 */
	root?: string;
	/** Rewrites the URL of each new socket: a load balancer sending a reconnect elsewhere. */
	resolveUrl?: (url: string) => string;
}

/**
 * A stock y-websocket `WebsocketProvider` in Node, on `/yjs/<boardId>` of `baseUrl`, with the
 * browser headers given (`{ cookie, origin }`). It counts its write frames (sync step 2 and
 * update) per socket, so an ack (one per write frame, in order) tells which texts are durable.
 */
export function connectClient(
	baseUrl: string,
	boardId: string,
	headers: Record<string, string>,
	options: ClientOptions = {}
): TestClient {
	const root = options.root ?? 'items';
	const doc = new Y.Doc();
	const acks = { count: 0, seq: 0 };
	const acked = new Set<string>();
	let writes = 0;
	let waiting: { text: string; frame: number }[] = [];
	const resolveUrl = options.resolveUrl ?? ((url: string) => url);

	class BrowserLikeWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(resolveUrl(String(url)), protocols, { headers });
			// The provider opens a socket only once the previous one is gone: counts start over.
			writes = 0;
			acks.count = 0;
			waiting = [];
		}
		override send(data: Uint8Array): void {
			if (data[0] === 0 && (data[1] === 1 || data[1] === 2)) writes++;
			super.send(data);
		}
	}

	const serverUrl = `${baseUrl.replace(/^http/, 'ws')}/yjs`;
	const provider = new WebsocketProvider(serverUrl, boardId, doc, {
		WebSocketPolyfill: BrowserLikeWebSocket as unknown as typeof globalThis.WebSocket,
		params: options.acks === false ? {} : { acks: '1' },
		disableBc: true,
		maxBackoffTime: 300,
		connect: options.connect ?? true
	});
	provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder: decoding.Decoder) => {
		acks.count++;
		acks.seq = decoding.readVarUint(decoder);
		while (waiting.length > 0 && waiting[0]!.frame <= acks.count) acked.add(waiting.shift()!.text);
	};
	const closes: TestClient['closes'] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	return {
		doc,
		provider,
		acks,
		acked,
		closes,
		items: () => itemsOf(doc, root),
		push(text) {
			const before = writes;
			doc.getMap(root).set(PREFIX + text, root === 'items' ? text : card(text));
			if (writes > before) waiting.push({ text, frame: writes });
		},
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/**
 * What `push` writes on a values board (root `cards`): a card labelled `text` (a Y.Text, as the
 * model writes it), with the fewest fields its schema accepts (the server refuses a plain string
 * there).
 */
function card(text: string): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	map.set('label', new Y.Text(text));
	return map;
}

/** The texts test clients wrote into `root` (a card's label on a values board), sorted. */
export function itemsOf(doc: Y.Doc, root = 'items'): string[] {
	return [...doc.getMap(root).entries()]
		.filter(([key]) => key.startsWith(PREFIX))
		.map(([, value]) => String(value instanceof Y.Map ? value.get('label') : value))
		.sort();
}

/** Sorted copy, to compare contents regardless of concurrent insertion order. */
export function sorted(values: readonly string[]): string[] {
	return [...values].sort();
}
