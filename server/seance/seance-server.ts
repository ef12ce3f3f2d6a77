import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as Engine } from 'engine.io';
import { Server } from 'socket.io';
import {
	SEANCE_PATH,
	scopeKey,
	type SeanceScope,
	type SeanceState
} from '../../src/lib/seance/protocol.ts';
import { placeAudience, type PlaceAudience } from '../../src/lib/server/cohort-seance.service.ts';
import type { RecheckScope } from '../../src/lib/server/board-writer.ts';
import type { SeanceConfig } from '../../src/lib/server/config.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import type { Actor } from '../../src/lib/server/permissions.ts';
import type { SeanceNotifier } from '../../src/lib/server/seance-notifier.ts';
import { attachEvents } from './dispatch.ts';
import type { SeanceContext } from './handlers.ts';
import { createHandshake } from './handshake.ts';
import { createRedisAdapter } from './redis-adapter.ts';
import { endedSockets } from './revocation.ts';
import { RosterBroadcaster } from './roster.ts';
import { readSeanceState, type StateSource } from './state.ts';
import {
	keyOf,
	memberRoom,
	scopeRoom,
	screenRoom,
	seanceRoom,
	toSocket,
	userRoom,
	type Log,
	type SeanceIo,
	type SeanceSocket
} from './types.ts';

/** How long a dropped connection may come back and get its rooms, data and missed events. */
export const RECOVERY_MS = 2 * 60_000;
/**
 * Largest message a client may send. The protocol's biggest is a place or a lock (~150 bytes);
 * beyond this the connection is closed by the transport itself.
 */
export const MAX_MESSAGE_BYTES = 4 * 1024;
/** A connection that has not completed the séance handshake by then is closed. */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * Cohort boards whose audience is remembered (`placeAudience`: whose copy, which exercise —
 * fixed at a board's creation), so that suivez-moi asks the database once per board. Forgotten
 * all at once beyond this many, which a node's séances reach only over days.
 */
const AUDIENCES_KEPT = 5_000;

export interface SeanceServerOptions {
	db: Db;
	/** `ORIGIN` when configured; otherwise a socket's Origin must be the host it connects to. */
	origin: string | undefined;
	config: SeanceConfig;
	/** With Redis, several nodes: broadcasts, rosters and recovery span them all. */
	redisUrl: string | undefined;
	log: Log;
}

/**
 * The séance layer (`src/lib/seance/protocol.ts`, `server/CONTEXT.md` « Séances »): socket.io on
 * the app's own port, next to the board sync. It admits sockets (`handshake.ts`), puts each in
 * its scope's rooms (a bilan's or a cohort's, `types.ts`), sends the séance state on connect and
 * whenever a séance starts or ends
 * (`seanceChanged`, called by the services through `seance-notifier.ts`), relays suivez-moi and
 * the séance's events (`dispatch.ts`, `handlers.ts`) and keeps the roster (`roster.ts`).
 *
 * Transport: WebSocket only, on both ends. A browser WebSocket always carries Origin, so the
 * handshake can refuse other sites' pages (long polling is a plain request a page elsewhere can
 * make with our cookie where SameSite allows it); and every page that joins a séance already needs
 * WebSockets for the board sync, so polling would be a second path that nothing else requires.
 */
export class SeanceServer implements SeanceNotifier {
	readonly io: SeanceIo;
	#engine: Engine;
	#options: SeanceServerOptions;
	#redis: ReturnType<typeof createRedisAdapter> | undefined;
	#roster: RosterBroadcaster;
	#context: SeanceContext;
	#source: StateSource;
	#actors = new WeakMap<SeanceSocket, Actor>();
	/** The séance in progress of each scope (by key) with sockets on this node (its row's id). */
	#live = new Map<string, string | null>();
	/** Bumped by every start or end heard: a state read that began before is not cached. */
	#generation = 0;
	/** Per scope, the announcement in progress: they go out in the order they were asked for. */
	#announcing = new Map<string, Promise<void>>();
	/** Who may open a cohort's board, by `<cohort> <board>` (see `AUDIENCES_KEPT`). */
	#audiences = new Map<string, Promise<PlaceAudience | null>>();

	constructor(options: SeanceServerOptions) {
		this.#options = options;
		this.#redis = options.redisUrl ? createRedisAdapter(options.redisUrl, options.log) : undefined;
		this.#engine = new Engine({
			transports: ['websocket'],
			maxHttpBufferSize: MAX_MESSAGE_BYTES,
			// Compression costs CPU per message; ours are a few dozen bytes.
			perMessageDeflate: false
		});
		this.io = new Server({
			path: SEANCE_PATH,
			serveClient: false,
			connectTimeout: CONNECT_TIMEOUT_MS,
			adapter: this.#redis?.adapter,
			// A recovered connection passes the handshake again: its session may have ended.
			connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS, skipMiddlewares: false }
		});
		this.io.bind(this.#engine);
		this.#roster = new RosterBroadcaster(this.io, options.log);
		this.#source = { db: options.db, io: this.io, log: options.log };
		this.#context = {
			io: this.io,
			db: options.db,
			log: options.log,
			roster: this.#roster,
			live: (key) => this.#live.get(key) ?? null,
			bring: (key) => {
				this.#bringHere(key);
				if (this.#redis) this.io.serverSideEmit('seance.bring', key);
			},
			lowerHand: (key, userId) => {
				this.#lowerHere(key, userId);
				if (this.#redis) this.io.serverSideEmit('seance.hand.lower', key, userId);
			},
			audience: (cohortId, boardId) => this.#audience(cohortId, boardId)
		};
		this.io.use(
			createHandshake({
				db: options.db,
				origin: options.origin,
				limits: options.config,
				actors: this.#actors,
				log: options.log
			})
		);
		this.io.on('connection', (socket) => this.#connected(socket));
		this.io.on('seance.live', (key, seanceId) => this.#heard(key, seanceId));
		this.io.on('seance.bring', (key) => this.#bringHere(key));
		this.io.on('seance.hand.lower', (key, userId) => this.#lowerHere(key, userId));
	}

	/** Takes the WebSocket upgrades of `SEANCE_PATH`; false for any other path. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		if (!isSeancePath(request)) return false;
		// A client that vanishes mid-handshake must not crash the process.
		socket.on('error', () => socket.destroy());
		this.#engine.handleUpgrade(request, socket, head);
		return true;
	}

	/**
	 * Takes the plain HTTP requests of `SEANCE_PATH` (a client trying long polling: refused by the
	 * engine, which only speaks WebSocket); false for any other path.
	 */
	handleRequest(request: IncomingMessage, response: ServerResponse): boolean {
		if (!isSeancePath(request)) return false;
		this.#engine.handleRequest(request, response);
		return true;
	}

	/**
	 * A séance of this scope started or ended (committed): every socket of the scope, on every
	 * node, gets the new state (null once ended), and every node learns whether events of that
	 * séance are to be accepted. Never rejects: the séance is already started or ended.
	 */
	seanceChanged(scope: SeanceScope): Promise<void> {
		const key = scopeKey(scope);
		const previous = this.#announcing.get(key) ?? Promise.resolve();
		const next = previous.then(() => this.#announce(scope));
		this.#announcing.set(key, next);
		void next.then(() => {
			if (this.#announcing.get(key) === next) this.#announcing.delete(key);
		});
		return next;
	}

	/**
	 * Sessions ended or access changed (`recheckConnections`): the séance sockets of these users,
	 * on every node, whose session is gone or who may no longer be in the séance are disconnected.
	 * Resolves once the disconnection is sent (this node's at once, the others' through Redis).
	 */
	async recheck(scope: RecheckScope): Promise<void> {
		if (!scope.userIds?.length) return;
		try {
			const sockets = await this.io.in(scope.userIds.map(userRoom)).fetchSockets();
			const ended = await endedSockets(this.#options.db, sockets);
			if (ended.length > 0) this.io.in(ended).disconnectSockets(true);
		} catch (error) {
			this.#options.log('seance re-check failed', { error: String(error) });
		}
	}

	async close(): Promise<void> {
		await this.io.close();
		await this.#redis?.close();
	}

	#connected(socket: SeanceSocket): void {
		const actor = this.#actors.get(socket)!;
		const { role, userId } = socket.data;
		const key = keyOf(socket.data);
		// A recovered socket is in them already; joining again changes nothing.
		void socket.join([
			scopeRoom(key),
			userRoom(userId),
			...(role ? [seanceRoom(key)] : []),
			...(role === 'screen' ? [screenRoom(key)] : role ? [memberRoom(key, userId)] : [])
		]);
		attachEvents(socket, actor, this.#context, this.#options.config);
		socket.on('disconnect', () => {
			if (role && this.#live.get(key)) this.#roster.changed(key);
			// The last socket of this scope here: nothing to accept events for any more.
			if (!this.io.of('/').adapter.rooms.has(scopeRoom(key))) this.#live.delete(key);
		});
		void this.#greet(socket, actor);
	}

	/** The state for a socket that just connected; the others see it in the roster. */
	async #greet(socket: SeanceSocket, actor: Actor): Promise<void> {
		const { scope, role } = socket.data;
		const key = keyOf(socket.data);
		try {
			// Read again if a start or an end was heard meanwhile: the answer may predate it.
			let generation: number;
			let state: SeanceState | null;
			do {
				generation = this.#generation;
				state = await readSeanceState(this.#source, scope, { actor, data: socket.data });
			} while (generation !== this.#generation);
			if (socket.connected) this.#live.set(key, state?.rendezVousId ?? null);
			toSocket(this.io, socket).emit('seance.state', state);
			if (state && role) this.#roster.changed(key);
		} catch (error) {
			this.#options.log('seance state failed', { seance: key, error: String(error) });
			// Without its state the page cannot show the séance: it connects again.
			socket.disconnect(true);
		}
	}

	/**
	 * The state after a start or an end, to every socket of the scope: read for no one in
	 * particular, so in a cohort it names only boards everyone may open (the copy on the screen
	 * and the locks of private copies reach their people with the next change, or a reconnect).
	 */
	async #announce(scope: SeanceScope): Promise<void> {
		const key = scopeKey(scope);
		this.#generation++;
		try {
			const state = await readSeanceState(this.#source, scope);
			this.#heard(key, state?.rendezVousId ?? null);
			if (this.#redis) this.io.serverSideEmit('seance.live', key, state?.rendezVousId ?? null);
			this.io.to(scopeRoom(key)).emit('seance.state', state);
		} catch (error) {
			this.#options.log('seance state not sent', { seance: key, error: String(error) });
		}
	}

	/** A séance of this scope started or ended, here or on another node. */
	#heard(key: string, seanceId: string | null): void {
		this.#generation++;
		if (this.io.of('/').adapter.rooms.has(scopeRoom(key))) {
			this.#live.set(key, seanceId);
		}
	}

	#audience(cohortId: string, boardId: string): Promise<PlaceAudience | null> {
		const id = `${cohortId} ${boardId}`;
		let known = this.#audiences.get(id);
		if (!known) {
			if (this.#audiences.size >= AUDIENCES_KEPT) this.#audiences.clear();
			known = placeAudience(this.#options.db, cohortId, boardId);
			this.#audiences.set(id, known);
			// A failed read is not remembered: the next place asks again.
			known.catch(() => this.#audiences.delete(id));
		}
		return known;
	}

	/** "Ramener tout le monde" on this node: its participants of the séance follow again. */
	#bringHere(key: string): void {
		const nsp = this.io.of('/');
		let changed = false;
		for (const id of nsp.adapter.rooms.get(seanceRoom(key)) ?? []) {
			const data = nsp.sockets.get(id)?.data;
			if (data?.role === 'beneficiary' && !data.following) {
				data.following = true;
				changed = true;
			}
		}
		if (changed) this.#roster.changed(key);
	}

	/** The leader lowered a person's hand: lowered on this node's sockets of theirs. */
	#lowerHere(key: string, userId: string): void {
		const nsp = this.io.of('/');
		let changed = false;
		for (const id of nsp.adapter.rooms.get(seanceRoom(key)) ?? []) {
			const data = nsp.sockets.get(id)?.data;
			if (data?.userId === userId && data.handRaisedAt !== null) {
				data.handRaisedAt = null;
				changed = true;
			}
		}
		if (changed) this.#roster.changed(key);
	}
}

function isSeancePath(request: IncomingMessage): boolean {
	return request.url?.startsWith(`${SEANCE_PATH}/`) ?? false;
}
