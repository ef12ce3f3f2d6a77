import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { MESSAGE_ACK } from '../../src/lib/boards/sync-protocol.ts';

/** A board kind for sync tests: two roots, and an initial title. */
export const testKind: BoardKind<{ items: string[] }> = {
	kind: 'test',
	roots: { items: 'array', meta: 'map' },
	init(doc) {
		doc.getMap('meta').set('title', 'Tableau de test');
	},
	summarize(doc) {
		return { items: doc.getArray<string>('items').toArray() };
	}
};

/** `ws` with the headers a browser would send: the session cookie and the page's origin. */
export function webSocketWith(headers: Record<string, string>): typeof WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	};
}

export interface TestClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Acks received so far, and the last acknowledged sequence. */
	acks: { count: number; seq: number };
	/** Close events the provider saw (code, reason). */
	closes: { code: number; reason: string }[];
	items(): string[];
	/** Pushes `text` to the items array (one update). */
	push(text: string): void;
	destroy(): void;
}

/**
 * A stock y-websocket `WebsocketProvider` in Node, on `/yjs/<boardId>` of `baseUrl`, asking for
 * acks. `headers` defaults to none: pass `{ cookie, origin }`.
 */
export function connectClient(
	baseUrl: string,
	boardId: string,
	headers: Record<string, string>,
	options: { acks?: boolean; connect?: boolean } = {}
): TestClient {
	const doc = new Y.Doc();
	const serverUrl = `${baseUrl.replace(/^http/, 'ws')}/yjs`;
	const provider = new WebsocketProvider(serverUrl, boardId, doc, {
		WebSocketPolyfill: webSocketWith(headers) as unknown as typeof globalThis.WebSocket,
		params: options.acks === false ? {} : { acks: '1' },
		disableBc: true,
		maxBackoffTime: 300,
		connect: options.connect ?? true
	});
	const acks = { count: 0, seq: 0 };
	provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder: decoding.Decoder) => {
		acks.count++;
		acks.seq = decoding.readVarUint(decoder);
	};
	const closes: TestClient['closes'] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	return {
		doc,
		provider,
		acks,
		closes,
		items: () => doc.getArray<string>('items').toArray(),
		push: (text) => doc.getArray<string>('items').push([text]),
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Sorted copy, to compare contents regardless of concurrent insertion order. */
export function sorted(values: readonly string[]): string[] {
	return [...values].sort();
}
