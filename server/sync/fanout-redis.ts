import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { StoredUpdate } from '../../src/lib/server/db/board-storage.ts';
import type { Fanout, FanoutHandler } from './fanout.ts';

/** One stream for every board: each node reads it all and keeps what it holds. */
const STREAM = 'atelier:sync';
/** Approximate length kept: enough for a node to ride out a hiccup, not a history. */
const MAX_LENGTH = 10_000;

/**
 * Fan-out over a Redis Stream. Each entry names its node, its board, a type (`u` committed
 * updates with their sequences, `a` awareness) and a binary payload. Publishing never waits and
 * never fails a write: the update is already committed. The reader notices a lost link, and when
 * it comes back restarts from the stream's end and asks the orchestrator to resync from the log.
 */
export function createRedisFanout(
	url: string,
	log: (message: string, context?: Record<string, unknown>) => void
): Fanout {
	const node = crypto.randomUUID();
	const options = {
		enableOfflineQueue: false,
		maxRetriesPerRequest: 1,
		enableAutoPipelining: true
	};
	const publisher = new Redis(url, options);
	const reader = new Redis(url, { ...options, enableAutoPipelining: false });
	// Without listeners ioredis reports connection errors as unhandled: they are expected here.
	let lastError = '';
	const onError = (error: Error) => {
		if (error.message !== lastError) log('redis error', { error: error.message });
		lastError = error.message;
	};
	publisher.on('error', onError);
	reader.on('error', onError);
	publisher.on('ready', () => (lastError = ''));
	let readerHealthy = false;
	let closed = false;
	let loop: Promise<void> | undefined;

	function publish(boardId: string, type: 'u' | 'a', payload: Uint8Array, userId?: string): void {
		if (publisher.status !== 'ready') return;
		const user = userId ? ['w', userId] : [];
		publisher
			.xadd(
				STREAM,
				'MAXLEN',
				'~',
				MAX_LENGTH,
				'*',
				'n',
				node,
				'b',
				boardId,
				't',
				type,
				...user,
				'p',
				Buffer.from(payload)
			)
			.catch((error: unknown) => log('redis publish failed', { error: String(error) }));
	}

	async function lastId(): Promise<string> {
		const [entry] = await reader.xrevrange(STREAM, '+', '-', 'COUNT', 1);
		return entry?.[0] ?? '0-0';
	}

	async function read(handler: FanoutHandler): Promise<void> {
		let cursor: string | undefined;
		while (!closed) {
			try {
				if (cursor === undefined) {
					cursor = await lastId();
					// Whatever was published while we could not read is in the log.
					if (readerHealthy === false) handler.resync();
					readerHealthy = true;
				}
				const result = (await reader.xreadBuffer('BLOCK', 1000, 'STREAMS', STREAM, cursor)) as
					[Buffer, [Buffer, Buffer[]][]][] | null;
				for (const [, entries] of result ?? []) {
					for (const [id, fields] of entries) {
						cursor = id.toString();
						deliver(handler, fields);
					}
				}
			} catch (error) {
				if (closed) return;
				if (readerHealthy) log('redis stream lost', { error: String(error) });
				readerHealthy = false;
				cursor = undefined;
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	}

	function deliver(handler: FanoutHandler, fields: Buffer[]): void {
		const entry = new Map<string, Buffer>();
		for (let i = 0; i + 1 < fields.length; i += 2) entry.set(fields[i]!.toString(), fields[i + 1]!);
		if (entry.get('n')?.toString() === node) return;
		const boardId = entry.get('b')?.toString();
		const payload = entry.get('p');
		if (!boardId || !payload) return;
		const bytes = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
		try {
			if (entry.get('t')?.toString() === 'a') {
				handler.awareness(boardId, bytes, entry.get('w')?.toString());
			} else handler.updates(boardId, decodeUpdates(bytes));
		} catch (error) {
			log('redis entry refused', { board: boardId, error: String(error) });
		}
	}

	return {
		multiNode: true,
		get healthy() {
			return readerHealthy && publisher.status === 'ready';
		},
		start(handler) {
			loop = read(handler);
		},
		publishUpdates(boardId, updates) {
			publish(boardId, 'u', encodeUpdates(updates));
		},
		publishAwareness(boardId, update, userId) {
			publish(boardId, 'a', update, userId);
		},
		async close() {
			closed = true;
			reader.disconnect();
			await loop;
			await publisher.quit().catch(() => publisher.disconnect());
		}
	};
}

function encodeUpdates(updates: StoredUpdate[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, updates.length);
	for (const update of updates) {
		encoding.writeVarUint(encoder, update.seq);
		encoding.writeVarUint8Array(encoder, update.data);
	}
	return encoding.toUint8Array(encoder);
}

function decodeUpdates(payload: Uint8Array): StoredUpdate[] {
	const decoder = decoding.createDecoder(payload);
	const count = decoding.readVarUint(decoder);
	const updates: StoredUpdate[] = [];
	for (let i = 0; i < count; i++) {
		updates.push({ seq: decoding.readVarUint(decoder), data: decoding.readVarUint8Array(decoder) });
	}
	return updates;
}
