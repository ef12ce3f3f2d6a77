import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { RecheckScope } from '../../src/lib/server/board-writer.ts';
import type { StoredUpdate } from '../../src/lib/server/db/board-storage.ts';
import type { Fanout, FanoutHandler } from './fanout.ts';

/** One stream for every board: each node reads it all and keeps what it holds. */
const STREAM = 'atelier:sync';
/** Entries read at a time while looking for a destroyed board's. */
const SCAN_COUNT = 500;

/**
 * Fan-out over a Redis Stream. Each entry names its node, a type and a payload: `u` committed
 * updates of a board (`b`) with their sequences, `a` awareness of a board; `r` a re-check, `e` an
 * eviction and `l` a change of locks, as JSON. Publishing never waits and never fails a write: the
 * update is already committed. The reader notices a lost link, and when it comes back restarts
 * from the stream's end and asks the orchestrator to resync from the log.
 *
 * Board content passes through, so it does not stay: each entry added drops those older than
 * `maxAgeMs` (enough for a reader's lag; a reader that falls further behind sees a sequence gap
 * and reads the log), and `forget` deletes a destroyed board's entries at once.
 */
export function createRedisFanout(
	url: string,
	maxAgeMs: number,
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

	/**
	 * Exact trimming (no `~`): approximate trimming only drops whole internal nodes, which at low
	 * traffic can keep old entries for hours. The threshold is this node's clock: a skew beyond
	 * `maxAgeMs` only costs the readers a catch-up from the log.
	 */
	function publish(fields: (string | Buffer)[]): void {
		if (publisher.status !== 'ready') return;
		publisher
			.xadd(STREAM, 'MINID', Date.now() - maxAgeMs, '*', 'n', node, ...fields)
			.catch((error: unknown) => log('redis publish failed', { error: String(error) }));
	}

	/**
	 * Deletes every entry of these boards, updates and presence alike, reading the stream by chunks
	 * (it holds `maxAgeMs` of traffic at most). Presence a node publishes in the instant before it
	 * hears of the destruction goes with the age trim.
	 */
	async function forget(boardIds: readonly string[]): Promise<void> {
		const doomed = new Set(boardIds);
		let start = '-';
		for (;;) {
			const entries = await publisher.xrangeBuffer(STREAM, start, '+', 'COUNT', SCAN_COUNT);
			const ids = entries
				.filter(([, fields]) => doomed.has(fieldsOf(fields).get('b')?.toString() ?? ''))
				.map(([id]) => id);
			if (ids.length > 0) await publisher.xdel(STREAM, ...ids);
			if (entries.length < SCAN_COUNT) return;
			start = `(${entries.at(-1)![0].toString()}`;
		}
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
		const entry = fieldsOf(fields);
		if (entry.get('n')?.toString() === node) return;
		const type = entry.get('t')?.toString();
		const boardId = entry.get('b')?.toString();
		const payload = entry.get('p');
		if (!payload) return;
		try {
			if (type === 'r') return handler.recheck(JSON.parse(payload.toString()) as RecheckScope);
			if (type === 'e') return handler.evict(JSON.parse(payload.toString()) as string[]);
			if (type === 'l') return handler.locks(JSON.parse(payload.toString()) as string[]);
			if (!boardId) return;
			const bytes = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
			if (type === 'a') handler.awareness(boardId, bytes, entry.get('w')?.toString());
			else handler.updates(boardId, decodeUpdates(bytes));
		} catch (error) {
			log('redis entry refused', { type, board: boardId, error: String(error) });
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
			publish(['b', boardId, 't', 'u', 'p', Buffer.from(encodeUpdates(updates))]);
		},
		publishAwareness(boardId, update, userId) {
			publish(['b', boardId, 't', 'a', ...(userId ? ['w', userId] : []), 'p', Buffer.from(update)]);
		},
		publishRecheck(scope) {
			publish(['t', 'r', 'p', JSON.stringify(scope)]);
		},
		publishEvict(boardIds) {
			publish(['t', 'e', 'p', JSON.stringify(boardIds)]);
		},
		publishLocks(boardIds) {
			publish(['t', 'l', 'p', JSON.stringify(boardIds)]);
		},
		forget(boardIds) {
			// Not connected: the command fails at once, and the failure is logged.
			forget(boardIds).catch((error: unknown) =>
				log('redis forget failed', { boards: boardIds, error: String(error) })
			);
		},
		async close() {
			closed = true;
			reader.disconnect();
			await loop;
			await publisher.quit().catch(() => publisher.disconnect());
		}
	};
}

/** An entry's fields (name, value, name, value…) by name. */
function fieldsOf(fields: Buffer[]): Map<string, Buffer> {
	const entry = new Map<string, Buffer>();
	for (let i = 0; i + 1 < fields.length; i += 2) entry.set(fields[i]!.toString(), fields[i + 1]!);
	return entry;
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
