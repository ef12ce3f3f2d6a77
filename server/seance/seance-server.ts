import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as Engine } from 'engine.io';
import { Server } from 'socket.io';
import { SEANCE_PATH, type SeanceState } from '../../src/lib/seance/protocol.ts';
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
	bilanRoom,
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
 * its bilan's rooms, sends the séance state on connect and whenever a séance starts or ends
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
	/** The séance in progress of each bilan with sockets on this node (its rendez-vous id). */
	#live = new Map<string, string | null>();
	/** Bumped by every start or end heard: a state read that began before is not cached. */
	#generation = 0;
	/** Per bilan, the announcement in progress: they go out in the order they were asked for. */
	#announcing = new Map<string, Promise<void>>();

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
			live: (bilanId) => this.#live.get(bilanId) ?? null,
			bring: (bilanId) => {
				this.#bringHere(bilanId);
				if (this.#redis) this.io.serverSideEmit('seance.bring', bilanId);
			},
			lowerHand: (bilanId, userId) => {
				this.#lowerHere(bilanId, userId);
				if (this.#redis) this.io.serverSideEmit('seance.hand.lower', bilanId, userId);
			}
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
		this.io.on('seance.live', (bilanId, rendezVousId) => this.#heard(bilanId, rendezVousId));
		this.io.on('seance.bring', (bilanId) => this.#bringHere(bilanId));
		this.io.on('seance.hand.lower', (bilanId, userId) => this.#lowerHere(bilanId, userId));
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
	 * A séance of this bilan started or ended (committed): every socket of the bilan, on every
	 * node, gets the new state (null once ended), and every node learns whether events of that
	 * séance are to be accepted. Never rejects: the séance is already started or ended.
	 */
	seanceChanged(bilanId: string): Promise<void> {
		const previous = this.#announcing.get(bilanId) ?? Promise.resolve();
		const next = previous.then(() => this.#announce(bilanId));
		this.#announcing.set(bilanId, next);
		void next.then(() => {
			if (this.#announcing.get(bilanId) === next) this.#announcing.delete(bilanId);
		});
		return next;
	}

	/**
	 * Sessions ended or access changed (`recheckConnections`): the séance sockets of these users,
	 * on every node, whose session is gone or who may no longer be in the bilan are disconnected.
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
		const { bilanId, role, userId } = socket.data;
		// A recovered socket is in them already; joining again changes nothing.
		void socket.join([
			bilanRoom(bilanId),
			userRoom(userId),
			...(role ? [seanceRoom(bilanId)] : [])
		]);
		attachEvents(socket, actor, this.#context, this.#options.config);
		socket.on('disconnect', () => {
			if (role && this.#live.get(bilanId)) this.#roster.changed(bilanId);
			// The last socket of this bilan here: nothing to accept events for any more.
			if (!this.io.of('/').adapter.rooms.has(bilanRoom(bilanId))) this.#live.delete(bilanId);
		});
		void this.#greet(socket, actor);
	}

	/** The state for a socket that just connected; the others see it in the roster. */
	async #greet(socket: SeanceSocket, actor: Actor): Promise<void> {
		const { bilanId, role } = socket.data;
		try {
			// Read again if a start or an end was heard meanwhile: the answer may predate it.
			let generation: number;
			let state: SeanceState | null;
			do {
				generation = this.#generation;
				state = await readSeanceState(this.#source, bilanId, actor);
			} while (generation !== this.#generation);
			if (socket.connected) this.#live.set(bilanId, state?.rendezVousId ?? null);
			toSocket(this.io, socket).emit('seance.state', state);
			if (state && role) this.#roster.changed(bilanId);
		} catch (error) {
			this.#options.log('seance state failed', { bilan: bilanId, error: String(error) });
			// Without its state the page cannot show the séance: it connects again.
			socket.disconnect(true);
		}
	}

	async #announce(bilanId: string): Promise<void> {
		this.#generation++;
		try {
			const state = await readSeanceState(this.#source, bilanId);
			this.#heard(bilanId, state?.rendezVousId ?? null);
			if (this.#redis) this.io.serverSideEmit('seance.live', bilanId, state?.rendezVousId ?? null);
			this.io.to(bilanRoom(bilanId)).emit('seance.state', state);
		} catch (error) {
			this.#options.log('seance state not sent', { bilan: bilanId, error: String(error) });
		}
	}

	/** A séance of this bilan started or ended, here or on another node. */
	#heard(bilanId: string, rendezVousId: string | null): void {
		this.#generation++;
		if (this.io.of('/').adapter.rooms.has(bilanRoom(bilanId))) {
			this.#live.set(bilanId, rendezVousId);
		}
	}

	/** "Ramener tout le monde" on this node: its participants of the bilan follow again. */
	#bringHere(bilanId: string): void {
		const nsp = this.io.of('/');
		let changed = false;
		for (const id of nsp.adapter.rooms.get(seanceRoom(bilanId)) ?? []) {
			const data = nsp.sockets.get(id)?.data;
			if (data?.role === 'beneficiary' && !data.following) {
				data.following = true;
				changed = true;
			}
		}
		if (changed) this.#roster.changed(bilanId);
	}

	/** The leader lowered a person's hand: lowered on this node's sockets of theirs. */
	#lowerHere(bilanId: string, userId: string): void {
		const nsp = this.io.of('/');
		let changed = false;
		for (const id of nsp.adapter.rooms.get(seanceRoom(bilanId)) ?? []) {
			const data = nsp.sockets.get(id)?.data;
			if (data?.userId === userId && data.handRaisedAt !== null) {
				data.handRaisedAt = null;
				changed = true;
			}
		}
		if (changed) this.#roster.changed(bilanId);
	}
}

function isSeancePath(request: IncomingMessage): boolean {
	return request.url?.startsWith(`${SEANCE_PATH}/`) ?? false;
}
