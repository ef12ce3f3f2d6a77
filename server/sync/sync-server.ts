import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { RawData, WebSocket } from 'ws';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import {
	CLOSE,
	MESSAGE_AWARENESS,
	MESSAGE_SYNC,
	type CloseCode
} from '../../src/lib/boards/sync-protocol.ts';
import type { BoardWriter, RecheckScope } from '../../src/lib/server/board-writer.ts';
import type { SyncConfig } from '../../src/lib/server/config.ts';
import type { ChangeRow } from '../../src/lib/server/db/board-changes.ts';
import type { BoardStorage } from '../../src/lib/server/db/board-storage.ts';
import type { AuthorizeMany } from './authorize.ts';
import { ChangeLog } from './change-log.ts';
import { BoardGoneError, Committer } from './committer.ts';
import { ClientConnection, type ConnectionIdentity, type Corkable } from './connection.ts';
import { awarenessEntries, BoardDocument, REMOTE } from './document.ts';
import type { Fanout } from './fanout.ts';
import { receiveMessage, type ReceiverContext } from './message-receiver.ts';
import { SyncMetrics } from './metrics.ts';
import { inScope, reauthorize, type ReauthorizeOptions } from './recheck.ts';

/** A person's commits on a board within this window make one row of the change log. */
const CHANGE_LOG_WINDOW_MS = 2000;

export interface SyncServerOptions {
	storage: BoardStorage;
	/** The board kinds (the registry in production; tests pass their own). */
	boardKinds: readonly BoardKind[];
	config: SyncConfig;
	fanout: Fanout;
	/**
	 * How the committer runs (default: one transaction at a time, unpaced). PostgreSQL: several
	 * at once on distinct boards, since commits overlap; PGlite: one (one statement at a time);
	 * both paced (`pace`, see `Committer`).
	 */
	commit?: { parallel: number; pace: number };
	/**
	 * Session + permission check of many (session, board) pairs at once, in order: re-run
	 * periodically for every open connection, and at once when asked (`authorizeBoards`).
	 */
	authorize: AuthorizeMany;
	/** Writes rows of the change log (who changed which ids of a board: « nouveautés »). */
	recordChanges(rows: readonly ChangeRow[]): Promise<void>;
	log(message: string, context?: Record<string, unknown>): void;
}

/**
 * The orchestrator: which documents are loaded, who is connected to each, the commit pipeline,
 * fan-out between nodes, compaction, unloading and session re-checks. It never touches a socket
 * before the upgrade handler (`upgrade.ts`) has authorized it.
 */
export class SyncServer implements BoardWriter {
	readonly metrics = new SyncMetrics();
	#options: SyncServerOptions;
	#committer: Committer;
	#changes: ChangeLog;
	#receiver: ReceiverContext;
	#documents = new Map<string, BoardDocument>();
	#loading = new Map<string, Promise<BoardDocument>>();
	#unloadTimers = new Map<string, ReturnType<typeof setTimeout>>();
	#catchingUp = new Map<BoardDocument, Promise<void>>();
	/** Boards being loaded whose locks changed meanwhile: read again before the board opens. */
	#staleLocks = new Set<string>();
	#compacting = new Set<string>();
	#pending = new Set<ClientConnection>();
	#timers: ReturnType<typeof setInterval>[] = [];
	/** A node that just started has nothing loaded to compare with the log: no poll at once. */
	#lastPoll = Date.now();
	#reauthorize: ReauthorizeOptions;
	#rechecking = false;
	#recheckGeneration = 0;
	#closing = false;

	constructor(options: SyncServerOptions) {
		this.#options = options;
		const log = options.log;
		this.#changes = new ChangeLog(options.recordChanges, CHANGE_LOG_WINDOW_MS, log);
		this.#committer = new Committer(
			options.storage,
			{
				windowMs: options.config.commitWindowMs,
				...(options.commit ?? { parallel: 1, pace: 0 })
			},
			this.metrics,
			(error) => log('sync commit callback failed', { error: String(error) })
		);
		this.#receiver = {
			committer: this.#committer,
			metrics: this.metrics,
			limits: options.config,
			log,
			onCommitted: (document, seq, update, inOrder, userId) => {
				this.#changes.record(document.id, seq, userId, update);
				options.fanout.publishUpdates(document.id, [{ seq, data: update }]);
				if (!inOrder) this.#catchUp(document);
				if (document.logLength >= options.config.compactAfterUpdates) this.#compact(document);
			},
			onFailed: (document, error) => this.#commitFailed(document, error)
		};
		this.metrics.gauges = () => ({
			connections: [...this.#connections()].length,
			documents: this.#documents.size
		});
		this.#reauthorize = {
			authorize: options.authorize,
			log,
			stopped: () => this.#closing
		};
		options.fanout.start({
			updates: (boardId, updates) => this.#remoteUpdates(boardId, updates),
			awareness: (boardId, update, userId) => {
				const document = this.#documents.get(boardId);
				if (!document) return;
				try {
					// Checked by the client's node: its ids are that user's here too.
					if (userId) {
						const ids = awarenessEntries(update).map((entry) => entry.id);
						document.claimAwareness(ids, { userId, connection: null });
					}
					awarenessProtocol.applyAwarenessUpdate(document.awareness, update, REMOTE);
				} catch (error) {
					log('remote awareness refused', { board: boardId, error: String(error) });
				}
			},
			resync: () => {
				for (const document of this.#documents.values()) this.#catchUp(document);
				void this.#recheckAll();
				this.#reloadLocksLogged([...this.#documents.keys()]);
			},
			recheck: (scope) => void this.#recheckHere(scope),
			evict: (boardIds) => this.#evictHere(boardIds),
			locks: (boardIds) => this.#reloadLocksLogged(boardIds)
		});
		this.#timers.push(setInterval(() => this.#recheckAll(), options.config.sessionCheckMs));
		this.#timers.push(setInterval(() => this.#heartbeat(), options.config.heartbeatMs));
		if (options.fanout.multiNode) this.#timers.push(setInterval(() => this.#poll(), 1000));
	}

	/**
	 * Counts the immediate re-checks this node ran. The upgrade reads it before authorizing: if it
	 * moved by the time the socket connects, a re-check may have missed that socket.
	 */
	get recheckGeneration(): number {
		return this.#recheckGeneration;
	}

	/** Loaded documents (tests and metrics). */
	get documents(): ReadonlyMap<string, BoardDocument> {
		return this.#documents;
	}

	/**
	 * Takes an authorized socket: loads the board (if needed) and starts the sync. `socket` is the
	 * TCP socket under `ws`, corked while a batch of messages is written to it.
	 */
	connect(
		ws: WebSocket,
		identity: ConnectionIdentity & { kind: string; recheckGeneration: number },
		socket?: Corkable
	): void {
		const connection = new ClientConnection(
			ws,
			identity,
			this.#options.config,
			(reason) => this.metrics.refused.inc({ reason }),
			socket
		);
		if (this.#closing) return connection.close(CLOSE.goingAway, 'server shutting down');
		const outdated = this.#versionMismatch(identity);
		if (outdated) {
			this.metrics.refused.inc({ reason: outdated.reason });
			return connection.close(outdated.code, outdated.reason);
		}
		this.#pending.add(connection);
		if (identity.recheckGeneration !== this.#recheckGeneration) {
			void reauthorize([connection], this.#reauthorize);
		}
		let document: BoardDocument | undefined;
		ws.on('message', (data: RawData, isBinary: boolean) => {
			// Frames already on their way when we decided to close are not acted upon.
			if (connection.closed) return;
			if (!isBinary) {
				this.metrics.refused.inc({ reason: 'text frame' });
				return connection.close(CLOSE.malformed, 'binary frames only');
			}
			const bytes = toBytes(data);
			if (document) return receiveMessage(this.#receiver, connection, document, bytes);
			if (!connection.holdEarly(bytes)) {
				this.metrics.refused.inc({ reason: 'too many frames before load' });
				connection.close(CLOSE.rateLimited, 'too many frames before load');
			}
		});
		ws.on('error', (error: Error & { code?: string }) => {
			// ws closes the socket itself (1009) for an oversized frame: a refusal, not a fault.
			if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
				this.metrics.refused.inc({ reason: 'frame too large' });
				return;
			}
			this.#options.log('sync socket error', { board: identity.boardId, error: String(error) });
		});
		ws.on('close', () => {
			this.#pending.delete(connection);
			if (document) this.#disconnect(connection, document);
		});
		this.#open(identity.boardId, identity.kind).then(
			(loaded) => {
				this.#pending.delete(connection);
				if (connection.closed) return this.#scheduleUnload(loaded);
				document = loaded;
				this.#cancelUnload(loaded.id);
				loaded.connections.add(connection);
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				syncProtocol.writeSyncStep1(encoder, loaded.doc);
				connection.send(encoding.toUint8Array(encoder));
				const awareness = loaded.awarenessMessage();
				if (awareness) connection.send(awareness);
				for (const bytes of connection.takeEarly()) {
					if (connection.closed) break;
					receiveMessage(this.#receiver, connection, loaded, bytes);
				}
			},
			(error: unknown) => {
				this.#pending.delete(connection);
				this.#options.log('board load failed', { board: identity.boardId, error: String(error) });
				connection.close(CLOSE.unavailable, 'board unavailable');
			}
		);
	}

	/**
	 * A server-made update (a restore): committed through the same group commit as the clients'
	 * updates, then applied to the loaded document — which broadcasts it — and published to the
	 * other nodes, exactly like a committed update from elsewhere. A board not loaded here just
	 * gets the log entry: its next load reads it.
	 */
	apply(boardId: string, update: Uint8Array, userId: string | null): Promise<number> {
		if (this.#closing) return Promise.reject(new Error('server shutting down'));
		return new Promise((resolve, reject) => {
			this.#committer.enqueue(boardId, update, (result) => {
				if ('error' in result) return reject(result.error);
				this.#changes.record(boardId, result.seq, userId, update);
				// In the callback, not after it: the board's later commits are applied in order.
				this.#options.fanout.publishUpdates(boardId, [{ seq: result.seq, data: update }]);
				const document = this.#documents.get(boardId);
				if (document) {
					if (document.applyRemote(result.seq, update) === 'gap') this.#catchUp(document);
				} else {
					// A load that read the log before this commit catches up once registered.
					this.#loading.get(boardId)?.then(
						(loaded) => this.#catchUp(loaded),
						() => {}
					);
				}
				resolve(result.seq);
			});
		});
	}

	/**
	 * Deleted boards: their connections are closed for good (4404) and they are unloaded, here and
	 * on the other nodes, and the fan-out forgets what it still holds of them (their content).
	 */
	evict(boardIds: readonly string[]): void {
		this.#evictHere(boardIds);
		this.#options.fanout.publishEvict(boardIds);
		this.#options.fanout.forget(boardIds);
	}

	/**
	 * Sessions ended or access changed (logout, password change, bilan closed): the connections in
	 * `scope` are checked now on every node, not at the next periodic round. Resolves once this
	 * node's are.
	 */
	recheck(scope: RecheckScope): Promise<void> {
		this.#options.fanout.publishRecheck(scope);
		return this.#recheckHere(scope);
	}

	/**
	 * A board's locks changed in the database: this node reads them again (resolves once they are
	 * in force here), the others when the fan-out tells them, within its latency.
	 */
	locksChanged(boardId: string): Promise<void> {
		this.#options.fanout.publishLocks([boardId]);
		return this.#reloadLocks([boardId]);
	}

	/** Reads the locks of the boards loaded here again; a board being loaded reads them first. */
	async #reloadLocks(boardIds: readonly string[]): Promise<void> {
		const documents: BoardDocument[] = [];
		const loading: Promise<unknown>[] = [];
		for (const boardId of boardIds) {
			const document = this.#documents.get(boardId);
			const load = this.#loading.get(boardId);
			if (document) documents.push(document);
			else if (load) {
				this.#staleLocks.add(boardId);
				loading.push(load.catch(() => {}));
			}
		}
		if (documents.length > 0) {
			const applies = documents.map((document) => document.locks.read());
			const found = await this.#options.storage.locks(documents.map((document) => document.id));
			documents.forEach((document, i) => applies[i]!(found.get(document.id) ?? []));
		}
		await Promise.all(loading);
	}

	#reloadLocksLogged(boardIds: readonly string[]): void {
		this.#reloadLocks(boardIds).catch((error: unknown) =>
			this.#options.log('locks reload failed', { boards: boardIds, error: String(error) })
		);
	}

	#recheckHere(scope: RecheckScope): Promise<void> {
		this.#recheckGeneration++;
		const matching = [...this.#connections()].filter((connection) => inScope(connection, scope));
		return reauthorize(matching, this.#reauthorize);
	}

	/**
	 * A commit of this board failed: what its clients were shown is ahead of the log. The first
	 * failure drops the document (the next connection loads it from storage) and closes its
	 * connections, transiently: they reconnect and resync, and their step 2 brings the lost updates
	 * back, committed then. Their unacked writes stay unacked. A deleted board is evicted.
	 */
	#commitFailed(document: BoardDocument, error: Error): void {
		if (this.#documents.get(document.id) !== document) return;
		if (error instanceof BoardGoneError) return this.#evictHere([document.id]);
		// The driver's message carries the statement's parameters, board content: its cause only.
		const cause = error.cause instanceof Error ? error.cause : error;
		this.#options.log('sync commit failed', { board: document.id, error: String(cause) });
		this.metrics.refused.inc({ reason: 'commit failed' });
		this.#cancelUnload(document.id);
		this.#documents.delete(document.id);
		for (const connection of document.connections) {
			connection.close(CLOSE.unavailable, 'storage unavailable');
		}
		document.destroy();
	}

	#evictHere(boardIds: readonly string[]): void {
		for (const boardId of boardIds) {
			this.#loading.get(boardId)?.then(
				() => this.#evictHere([boardId]),
				() => {}
			);
			const document = this.#documents.get(boardId);
			if (!document) continue;
			this.#cancelUnload(boardId);
			this.#documents.delete(boardId);
			for (const connection of document.connections) {
				connection.close(CLOSE.gone, 'board deleted');
			}
			document.destroy();
		}
	}

	/** Closes every connection, commits what is queued, and stops. */
	async close(): Promise<void> {
		this.#closing = true;
		for (const timer of this.#timers) clearInterval(timer);
		for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
		for (const connection of this.#connections()) {
			connection.close(CLOSE.goingAway, 'server shutting down');
		}
		await this.#committer.flush();
		await this.#changes.flush();
		await Promise.allSettled([...this.#loading.values(), ...this.#catchingUp.values()]);
		await this.#options.fanout.close();
		for (const document of this.#documents.values()) document.destroy();
		this.#documents.clear();
	}

	/**
	 * A client built for another version of the board's kind than this server's: an older one must
	 * reload (final), a newer one — this node not upgraded yet, during a deploy — retries until it
	 * reaches an upgraded node (transient). A client that does not say is not checked.
	 */
	#versionMismatch(
		identity: ConnectionIdentity & { kind: string }
	): { code: CloseCode; reason: string } | null {
		const kind = this.#options.boardKinds.find((k) => k.kind === identity.kind);
		if (identity.version === undefined || !kind || identity.version === kind.version) return null;
		return identity.version < kind.version
			? { code: CLOSE.outdated, reason: 'client outdated: reload' }
			: { code: CLOSE.serverOutdated, reason: 'server outdated: retry' };
	}

	#open(boardId: string, kindName: string): Promise<BoardDocument> {
		const loaded = this.#documents.get(boardId);
		if (loaded) return Promise.resolve(loaded);
		const loading = this.#loading.get(boardId);
		if (loading) return loading;
		const kind = this.#options.boardKinds.find((k) => k.kind === kindName);
		if (!kind) return Promise.reject(new Error(`unknown board kind ${kindName}`));
		const storage = this.#options.storage;
		const lockedParts = async () => (await storage.locks([boardId])).get(boardId) ?? [];
		const promise = Promise.all([storage.load(boardId), lockedParts()])
			.then(async ([state, firstLocks]) => {
				let locks = firstLocks;
				while (this.#staleLocks.delete(boardId)) locks = await lockedParts();
				const document = new BoardDocument(boardId, kind, state);
				// Before any client's update is read: the board opens with its locks in force.
				document.locks.read()(locks);
				this.#watchAwareness(document);
				this.#documents.set(boardId, document);
				// Another node may have committed between our read and our registration.
				if (this.#options.fanout.multiNode) this.#catchUp(document);
				// A long log (a crash before the unload's compaction, writes made while it was not
				// loaded here) is paid at this load only: the next one reads the compacted state.
				if (document.logLength >= this.#options.config.compactAfterUpdates) this.#compact(document);
				return document;
			})
			.finally(() => {
				this.#loading.delete(boardId);
				this.#staleLocks.delete(boardId);
			});
		this.#loading.set(boardId, promise);
		return promise;
	}

	#watchAwareness(document: BoardDocument): void {
		document.awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				// The server's own state ('local'), never set, is "removed" when the document is
				// destroyed: news to nobody, and it would outlive an evicted board in the stream.
				if (origin === 'local') return;
				const client = origin instanceof ClientConnection ? origin : undefined;
				if (client) {
					document.claimAwareness([...added, ...updated], {
						userId: client.user.id,
						connection: client
					});
				}
				document.releaseAwareness(removed);
				const changed = [...added, ...updated, ...removed];
				const update = awarenessProtocol.encodeAwarenessUpdate(document.awareness, changed);
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
				encoding.writeVarUint8Array(encoder, update);
				const message = encoding.toUint8Array(encoder);
				for (const connection of document.connections) {
					if (connection === origin || connection.sendPresence(message)) continue;
					this.metrics.awarenessDropped.inc({ reason: 'backlog' });
				}
				if (origin !== REMOTE) {
					this.#options.fanout.publishAwareness(document.id, update, client?.user.id);
				}
			}
		);
	}

	#disconnect(connection: ClientConnection, document: BoardDocument): void {
		document.connections.delete(connection);
		if (connection.awarenessClients.size > 0) {
			awarenessProtocol.removeAwarenessStates(
				document.awareness,
				[...connection.awarenessClients],
				null
			);
		}
		if (document.connections.size === 0) this.#scheduleUnload(document);
	}

	#scheduleUnload(document: BoardDocument): void {
		if (this.#closing || document.connections.size > 0) return;
		// Dropped already (evicted, failed commit): a later copy of the board is not ours to time.
		if (this.#documents.get(document.id) !== document) return;
		this.#cancelUnload(document.id);
		const timer = setTimeout(() => {
			this.#unloadTimers.delete(document.id);
			if (document.connections.size > 0 || this.#documents.get(document.id) !== document) return;
			if (document.busy) return this.#scheduleUnload(document);
			this.#documents.delete(document.id);
			document.destroy();
			if (document.logLength > 0) this.#compact(document);
		}, this.#options.config.unloadGraceMs);
		this.#unloadTimers.set(document.id, timer);
	}

	#cancelUnload(boardId: string): void {
		const timer = this.#unloadTimers.get(boardId);
		if (timer) clearTimeout(timer);
		this.#unloadTimers.delete(boardId);
	}

	/** Background compaction, at most one per board at a time on this node. */
	#compact(document: BoardDocument): void {
		if (this.#compacting.has(document.id)) return;
		this.#compacting.add(document.id);
		this.#options.storage
			.compact(document.id)
			.then((result) => {
				this.metrics.compactions.inc();
				if (this.#documents.get(document.id) === document) {
					document.logLength = Math.max(0, document.logLength - result.merged);
					document.measureSize();
				}
			})
			.catch((error: unknown) =>
				this.#options.log('compaction failed', { board: document.id, error: String(error) })
			)
			.finally(() => this.#compacting.delete(document.id));
	}

	/** Pings every socket; drops those that showed no sign of life since the previous beat. */
	#heartbeat(): void {
		for (const connection of this.#connections()) connection.heartbeat();
	}

	#remoteUpdates(boardId: string, updates: { seq: number; data: Uint8Array }[]): void {
		const document = this.#documents.get(boardId);
		if (!document) return;
		for (const update of updates) {
			const result = document.applyRemote(update.seq, update.data);
			if (result === 'applied') this.metrics.remoteUpdates.inc({ source: 'redis' });
			if (result === 'gap') return this.#catchUp(document);
		}
	}

	/** Reads the log after the document's sequence (or reloads it if compacted), one at a time. */
	#catchUp(document: BoardDocument): void {
		if (this.#catchingUp.has(document)) return;
		const storage = this.#options.storage;
		const run = (async () => {
			const updates = await storage.updatesSince(document.id, document.seq);
			if (this.#documents.get(document.id) !== document) return;
			const before = document.seq;
			if (!document.applyLog(updates)) document.load(await storage.load(document.id));
			if (document.seq > before) {
				this.metrics.remoteUpdates.inc({ source: 'database' }, document.seq - before);
			}
		})()
			.catch((error: unknown) =>
				this.#options.log('catch-up failed', { board: document.id, error: String(error) })
			)
			.finally(() => this.#catchingUp.delete(document));
		this.#catchingUp.set(document, run);
	}

	/**
	 * Several nodes: compare loaded boards with the log, and read their locks again; every second
	 * while fan-out is down.
	 */
	async #poll(): Promise<void> {
		const fanout = this.#options.fanout;
		const now = Date.now();
		if (fanout.healthy && now - this.#lastPoll < this.#options.config.pollMs) {
			for (const document of this.#documents.values()) {
				if (document.hasGap) this.#catchUp(document);
			}
			return;
		}
		this.#lastPoll = now;
		const ids = [...this.#documents.keys()];
		if (ids.length === 0) return;
		try {
			const lastSeqs = await this.#options.storage.lastSeqs(ids);
			for (const [id, seq] of lastSeqs) {
				const document = this.#documents.get(id);
				if (document && (seq > document.seq || document.hasGap)) this.#catchUp(document);
			}
			// A lock change whose message was lost is in force here from this poll on.
			await this.#reloadLocks(ids);
		} catch (error) {
			this.#options.log('sync poll failed', { error: String(error) });
		}
	}

	/** Every connection: those waiting for their board to load, then those attached to one. */
	*#connections(): Iterable<ClientConnection> {
		yield* this.#pending;
		for (const document of this.#documents.values()) yield* document.connections;
	}

	/**
	 * Sessions revoked or expired, permissions changed: applied within `sessionCheckMs` even when
	 * nobody asked for an immediate re-check (an expiry, a node that missed the request).
	 */
	async #recheckAll(): Promise<void> {
		if (this.#rechecking) return;
		this.#rechecking = true;
		try {
			await reauthorize(this.#connections(), this.#reauthorize);
		} finally {
			this.#rechecking = false;
		}
	}
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
