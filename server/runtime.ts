import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { BoardKind } from '../src/lib/boards/kind.ts';
import { serverBoardKinds } from '../src/lib/boards/registry.server.ts';
import { registerConfig, type Config } from '../src/lib/server/config.ts';
import { upgradeBoards } from '../src/lib/server/board-upgrade.service.ts';
import { registerBoardWriter, type BoardWriter } from '../src/lib/server/board-writer.ts';
import { writeBoardChanges } from '../src/lib/server/db/board-changes.ts';
import { createBoardStorage } from '../src/lib/server/db/board-storage.ts';
import { openDatabase, registerDatabase, type Database } from '../src/lib/server/db/index.ts';
import { createMailer } from '../src/lib/server/mail.ts';
import { registerRomeIndex, romeIndexPath } from '../src/lib/server/rome/catalogue.ts';
import { registerSeanceNotifier } from '../src/lib/server/seance-notifier.ts';
import { seedDemoIfEmpty } from '../src/lib/server/seed.ts';
import { log } from '../src/lib/server/log.ts';
import { startJobs } from './jobs.ts';
import { createMetricsHandler } from './metrics-endpoint.ts';
import { SeanceServer } from './seance/seance-server.ts';
import { authorizeBoards, batchedAuthorizer, type AuthorizeMany } from './sync/authorize.ts';
import { createLocalFanout, type Fanout } from './sync/fanout.ts';
import { createRedisFanout } from './sync/fanout-redis.ts';
import { SyncServer } from './sync/sync-server.ts';
import { createUpgradeHandler } from './sync/upgrade.ts';

/**
 * How long the committer rests after a commit, in multiples of its duration (`Committer`): peers
 * see an update at once whatever it is, the writer's ack and other nodes wait for the commit.
 * Latency bench (4 boards × 30 clients × 2 edits/s, 8 s, idle machine), the process's CPU against
 * the reference's: PGlite pace 3 → 590 commits, 48 % (2.66×), ack p50 11 ms; pace 10 → 195
 * commits, 30 % (1.76×), ack p50 26 ms; pace 20 → 106 commits, 23 % (1.68×), ack p50 43 ms / p99
 * 108 ms. PostgreSQL unpaced: 1,760 commits, 25 % (1.64×), ack p50 3 ms; pace 20: 121 commits, 16 %
 * (1.23×), ack p50 38 ms / p99 100 ms — and peers' p99 1.78× → 1.18× the reference's, the
 * commits' driver work leaving the thread that broadcasts.
 */
const COMMIT_PACE = 20;

/** Everything the process holds besides HTTP: the database, and the realtime endpoints. */
export interface Runtime {
	database: Database;
	sync: SyncServer;
	/**
	 * Takes a WebSocket upgrade for the paths we serve (board sync, séances); returns false for
	 * any other path.
	 */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/**
	 * Answers the HTTP requests served before the app and returns true: `GET /metrics`
	 * (Prometheus text; loopback or `METRICS_TOKEN` only, see `metrics-endpoint.ts`) and the
	 * séance path (socket.io's engine refuses anything but a WebSocket); false for any other.
	 */
	handleRequest(request: IncomingMessage, response: ServerResponse): boolean;
	close(): Promise<void>;
}

export interface RuntimeOptions {
	/** The board kinds the sync server accepts (default: the registry). */
	boardKinds?: readonly BoardKind[];
}

/**
 * Opens the database (migrations applied), seeds the demo organisation into an empty embedded
 * database, upgrades the boards written in an older document format (`upgradeBoards`), registers
 * the configuration and the database for the SvelteKit handlers of this process, and starts the
 * board sync server (with Redis fan-out when REDIS_URL is set), the séance server (socket.io,
 * with its Redis adapter then) and the scheduled jobs.
 */
export async function startRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
	const database = await openDatabase({
		databaseUrl: config.databaseUrl,
		dataDir: config.dataDir
	});
	registerDatabase(database);
	registerConfig(config);
	// Read at the first search or fiche: from here, where the path beside the sources holds.
	registerRomeIndex(romeIndexPath);
	if (database.driver === 'pglite' && (await seedDemoIfEmpty(database.db))) {
		log('demo data seeded', { dataDir: config.dataDir });
	}
	const boardKinds = options.boardKinds ?? serverBoardKinds;
	const storage = createBoardStorage(database.db);
	// Boards written by older models are converted before anyone can open them.
	const upgrade = await upgradeBoards(database.db, storage, boardKinds, {
		exclusive: database.driver === 'postgres'
	});
	if (upgrade.checked > 0 || upgrade.skipped > 0) log('boards upgraded', { ...upgrade });
	const fanout: Fanout = config.redisUrl
		? createRedisFanout(config.redisUrl, config.sync.streamMaxAgeMs, log)
		: createLocalFanout();
	const authorize: AuthorizeMany = (requests) => authorizeBoards(database.db, requests);
	const sync = new SyncServer({
		storage,
		boardKinds,
		config: config.sync,
		fanout,
		// PostgreSQL: 4 of the pool's 10 connections at most, the rest for pages and upgrades. Both
		// paced: under load a commit every few tens of milliseconds (see `Committer`).
		commit: { parallel: database.driver === 'postgres' ? 4 : 1, pace: COMMIT_PACE },
		authorize,
		recordChanges: (rows) => writeBoardChanges(database.db, rows),
		log
	});
	const seance = new SeanceServer({
		db: database.db,
		origin: config.origin,
		config: config.seance,
		redisUrl: config.redisUrl,
		log
	});
	// Restores, destructions and locks from the SvelteKit handlers go through the sync server; a
	// re-check (a session ended, access changed) reaches the board and the séance sockets alike.
	const writer: BoardWriter = {
		apply: (boardId, update, userId) => sync.apply(boardId, update, userId),
		evict: (boardIds) => sync.evict(boardIds),
		recheck: async (scope) => {
			await Promise.all([sync.recheck(scope), seance.recheck(scope)]);
		},
		locksChanged: (boardId) => sync.locksChanged(boardId)
	};
	registerBoardWriter(writer);
	// Séances started and ended by the SvelteKit handlers reach every page of their bilan.
	registerSeanceNotifier(seance);
	// Retention (R6313-7), login counter pruning and the weekly digests (which need mail and the
	// public address their links point to), at start-up and then periodically.
	const mailer = createMailer(config);
	const jobs = startJobs({
		db: database.db,
		intervalMs: config.retentionIntervalMinutes * 60_000,
		digest: mailer && config.origin ? { mailer, origin: config.origin } : undefined,
		log
	});
	const handleSyncUpgrade = createUpgradeHandler({
		server: sync,
		origin: config.origin,
		maxFrameBytes: config.sync.maxFrameBytes,
		maxSocketsPerSession: config.sync.maxSocketsPerSession,
		maxSocketsPerUser: config.sync.maxSocketsPerUser,
		authorize: batchedAuthorizer(authorize),
		log
	});
	const handleMetrics = createMetricsHandler(() => sync.metrics.render(), config.metricsToken);
	return {
		database,
		sync,
		handleUpgrade: (request, socket, head) =>
			handleSyncUpgrade(request, socket, head) || seance.handleUpgrade(request, socket, head),
		handleRequest: (request, response) =>
			handleMetrics(request, response) || seance.handleRequest(request, response),
		async close() {
			await jobs.close();
			registerSeanceNotifier(undefined);
			await seance.close();
			// Queued appends are committed before the database closes.
			registerBoardWriter(undefined);
			await sync.close();
			registerDatabase(undefined);
			registerConfig(undefined);
			await database.close();
		}
	};
}
