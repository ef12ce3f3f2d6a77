import { existsSync } from 'node:fs';

/**
 * The environment, read and validated once. Every variable is listed in `.env.example`.
 * Plain `process.env` (not `$env`) so that `server/` can import this under plain Node.
 */
export interface Config {
	port: number;
	host: string;
	/** Public origin of the app (`ORIGIN`), used for links and the WebSocket Origin check. */
	origin: string | undefined;
	databaseUrl: string | undefined;
	redisUrl: string | undefined;
	dataDir: string;
	smtpUrl: string | undefined;
	smtpFrom: string;
	production: boolean;
	/**
	 * Bearer token for `GET /metrics` from anywhere (`METRICS_TOKEN`); without it, only direct
	 * loopback requests are answered.
	 */
	metricsToken: string | undefined;
	/** How often the scheduled jobs (retention, login counters) run, in minutes. */
	retentionIntervalMinutes: number;
	assets: AssetConfig;
	sync: SyncConfig;
	seance: SeanceConfig;
}

/** Images placed on canvas boards (`ATELIER_ASSET_*` variables). */
export interface AssetConfig {
	/** Largest image, in bytes. */
	maxBytes: number;
	/** Total bytes of images one board may hold. */
	boardQuotaBytes: number;
	/** Total bytes of images one person may have placed, all boards together. */
	userQuotaBytes: number;
	/** Largest image in pixels (width × height), as its header declares it. */
	maxPixels: number;
	/** Longest side in pixels. */
	maxSide: number;
}

const MIB = 1024 * 1024;

/** Limits and timings of the board sync server (`server/sync/`), all `SYNC_*` variables. */
export interface SyncConfig {
	/** Largest WebSocket frame accepted; a bigger one closes the connection (1009). */
	maxFrameBytes: number;
	/**
	 * Largest document (encoded size: estimated, measured again when the estimate crosses it); an
	 * update beyond it is refused.
	 */
	maxDocumentBytes: number;
	/** Sync updates per second per connection (bursts up to twice as many). */
	updatesPerSecond: number;
	/** Awareness messages per second per connection; extra ones are dropped. */
	awarenessPerSecond: number;
	/**
	 * Messages per minute and connection that make the server send state it holds (sync step 1,
	 * query awareness), in bursts of as many. A stock client sends one step 1 per connection.
	 */
	stateRequestsPerMinute: number;
	/**
	 * Bytes of answers to those requests per minute and connection (bursts of as many). An answer
	 * bigger than what is left is still sent while the budget is not spent: a board bigger than
	 * the budget is never out of reach.
	 */
	stateBytesPerMinute: number;
	/** Largest presence (awareness state) of one client, in bytes of JSON; beyond: closed. */
	maxAwarenessBytes: number;
	/** Sum of the presences on one board; an update that would exceed it is dropped. */
	maxBoardAwarenessBytes: number;
	/**
	 * Bytes a socket may have waiting to be sent (the message about to be sent included); beyond,
	 * the client does not read fast enough and its socket is dropped. Above `maxDocumentBytes`.
	 */
	maxBufferedBytes: number;
	/** Sockets open at once (on this node) per session and per user; beyond: HTTP 429. */
	maxSocketsPerSession: number;
	maxSocketsPerUser: number;
	/** Ping interval; a socket with no sign of life during one interval is dropped. */
	heartbeatMs: number;
	/** Frames (and their bytes) a connection may send before its board is loaded. */
	maxEarlyFrames: number;
	maxEarlyBytes: number;
	/**
	 * Extra wait (ms) before a commit starts from idle; 0 (default) commits at once, and appends
	 * arriving while a transaction runs share the next one anyway (group commit).
	 */
	commitWindowMs: number;
	/** How long a document stays in memory after its last client left. */
	unloadGraceMs: number;
	/** How often open connections re-check their session and board permission. */
	sessionCheckMs: number;
	/** Log length that triggers a background compaction of a loaded board. */
	compactAfterUpdates: number;
	/** With Redis: how often loaded boards are checked against the database for missed updates. */
	pollMs: number;
	/**
	 * With Redis: how long an entry (board content, presence) stays in the fan-out stream, in ms;
	 * older ones are dropped as new ones are added.
	 */
	streamMaxAgeMs: number;
}

/** Limits of the séance server (`server/seance/`, socket.io), all `SEANCE_*` variables. */
export interface SeanceConfig {
	/** Séance sockets open at once (on this node) per session and per user; beyond: refused. */
	maxSocketsPerSession: number;
	maxSocketsPerUser: number;
	/** `seance.place` events per second per socket (suivez-moi, scroll), bursts ×2. */
	placesPerSecond: number;
	/** Every other event per second per socket (timer, locks, agenda…), bursts ×2. */
	eventsPerSecond: number;
}

export class ConfigError extends Error {
	readonly reason = 'config';
}

function integer(name: string, raw: string | undefined, fallback: number): number {
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) {
		throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
	}
	return value;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
	const value = integer(name, raw, fallback);
	if (value === 0) throw new ConfigError(`${name} must be greater than 0`);
	return value;
}

function optional(raw: string | undefined): string | undefined {
	return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const origin = optional(env.ORIGIN);
	if (origin !== undefined && !URL.canParse(origin)) {
		throw new ConfigError(
			`ORIGIN must be a URL such as https://atelier.example.fr, got "${origin}"`
		);
	}
	const config: Config = {
		port: integer('PORT', env.PORT, 3000),
		host: optional(env.HOST) ?? '0.0.0.0',
		origin,
		databaseUrl: optional(env.DATABASE_URL),
		redisUrl: optional(env.REDIS_URL),
		dataDir: optional(env.ATELIER_DATA_DIR) ?? './data',
		smtpUrl: optional(env.SMTP_URL),
		smtpFrom: optional(env.SMTP_FROM) ?? 'Atelier <no-reply@atelier.local>',
		production: env.NODE_ENV === 'production',
		metricsToken: optional(env.METRICS_TOKEN),
		retentionIntervalMinutes: positive(
			'RETENTION_INTERVAL_MINUTES',
			env.RETENTION_INTERVAL_MINUTES,
			60
		),
		assets: {
			maxBytes: positive('ATELIER_ASSET_MAX_BYTES', env.ATELIER_ASSET_MAX_BYTES, 5 * MIB),
			boardQuotaBytes: positive(
				'ATELIER_ASSET_BOARD_QUOTA_BYTES',
				env.ATELIER_ASSET_BOARD_QUOTA_BYTES,
				50 * MIB
			),
			userQuotaBytes: positive(
				'ATELIER_ASSET_USER_QUOTA_BYTES',
				env.ATELIER_ASSET_USER_QUOTA_BYTES,
				250 * MIB
			),
			maxPixels: positive('ATELIER_ASSET_MAX_PIXELS', env.ATELIER_ASSET_MAX_PIXELS, 40_000_000),
			maxSide: positive('ATELIER_ASSET_MAX_SIDE', env.ATELIER_ASSET_MAX_SIDE, 16_384)
		},
		sync: {
			maxFrameBytes: positive('SYNC_MAX_FRAME_BYTES', env.SYNC_MAX_FRAME_BYTES, 1024 * 1024),
			maxDocumentBytes: positive(
				'SYNC_MAX_DOCUMENT_BYTES',
				env.SYNC_MAX_DOCUMENT_BYTES,
				16 * 1024 * 1024
			),
			updatesPerSecond: positive('SYNC_UPDATES_PER_SECOND', env.SYNC_UPDATES_PER_SECOND, 60),
			awarenessPerSecond: positive('SYNC_AWARENESS_PER_SECOND', env.SYNC_AWARENESS_PER_SECOND, 30),
			commitWindowMs: integer('SYNC_COMMIT_WINDOW_MS', env.SYNC_COMMIT_WINDOW_MS, 0),
			unloadGraceMs: integer('SYNC_UNLOAD_GRACE_MS', env.SYNC_UNLOAD_GRACE_MS, 30_000),
			sessionCheckMs: positive('SYNC_SESSION_CHECK_MS', env.SYNC_SESSION_CHECK_MS, 30_000),
			compactAfterUpdates: positive(
				'SYNC_COMPACT_AFTER_UPDATES',
				env.SYNC_COMPACT_AFTER_UPDATES,
				500
			),
			pollMs: positive('SYNC_POLL_MS', env.SYNC_POLL_MS, 5_000),
			stateRequestsPerMinute: positive(
				'SYNC_STATE_REQUESTS_PER_MINUTE',
				env.SYNC_STATE_REQUESTS_PER_MINUTE,
				10
			),
			stateBytesPerMinute: positive(
				'SYNC_STATE_BYTES_PER_MINUTE',
				env.SYNC_STATE_BYTES_PER_MINUTE,
				32 * 1024 * 1024
			),
			maxAwarenessBytes: positive(
				'SYNC_MAX_AWARENESS_BYTES',
				env.SYNC_MAX_AWARENESS_BYTES,
				16 * 1024
			),
			maxBoardAwarenessBytes: positive(
				'SYNC_MAX_BOARD_AWARENESS_BYTES',
				env.SYNC_MAX_BOARD_AWARENESS_BYTES,
				256 * 1024
			),
			maxBufferedBytes: positive(
				'SYNC_MAX_BUFFERED_BYTES',
				env.SYNC_MAX_BUFFERED_BYTES,
				32 * 1024 * 1024
			),
			maxSocketsPerSession: positive(
				'SYNC_MAX_SOCKETS_PER_SESSION',
				env.SYNC_MAX_SOCKETS_PER_SESSION,
				// A facilitator's live gallery holds one socket per copy (up to 20), beside the
				// copy, wall or template they open in another tab.
				32
			),
			maxSocketsPerUser: positive('SYNC_MAX_SOCKETS_PER_USER', env.SYNC_MAX_SOCKETS_PER_USER, 64),
			heartbeatMs: positive('SYNC_HEARTBEAT_MS', env.SYNC_HEARTBEAT_MS, 30_000),
			maxEarlyFrames: positive('SYNC_MAX_EARLY_FRAMES', env.SYNC_MAX_EARLY_FRAMES, 64),
			maxEarlyBytes: positive('SYNC_MAX_EARLY_BYTES', env.SYNC_MAX_EARLY_BYTES, 2 * 1024 * 1024),
			streamMaxAgeMs: positive('SYNC_STREAM_MAX_AGE_MS', env.SYNC_STREAM_MAX_AGE_MS, 120_000)
		},
		seance: {
			maxSocketsPerSession: positive(
				'SEANCE_MAX_SOCKETS_PER_SESSION',
				env.SEANCE_MAX_SOCKETS_PER_SESSION,
				10
			),
			maxSocketsPerUser: positive(
				'SEANCE_MAX_SOCKETS_PER_USER',
				env.SEANCE_MAX_SOCKETS_PER_USER,
				20
			),
			placesPerSecond: positive('SEANCE_PLACES_PER_SECOND', env.SEANCE_PLACES_PER_SECOND, 20),
			eventsPerSecond: positive('SEANCE_EVENTS_PER_SECOND', env.SEANCE_EVENTS_PER_SECOND, 5)
		}
	};
	if (config.sync.maxBufferedBytes <= config.sync.maxDocumentBytes) {
		// Otherwise a client could never be sent a board of the largest size.
		throw new ConfigError('SYNC_MAX_BUFFERED_BYTES must be greater than SYNC_MAX_DOCUMENT_BYTES');
	}
	return config;
}

/**
 * The process reads its configuration once, at start-up (`server/runtime.ts` registers it), and
 * the SvelteKit handlers use that one; the SvelteKit bundle carries its own copy of this module,
 * so the slot lives on globalThis. Tests register the configuration they want.
 */
const slot = Symbol.for('atelier.config');
type Slot = { [slot]?: Config };

export function registerConfig(config: Config | undefined): void {
	(globalThis as Slot)[slot] = config;
}

/** The registered configuration; without a runtime (scripts), the environment's, read once. */
export function getConfig(): Config {
	return ((globalThis as Slot)[slot] ??= readConfig());
}

/** Reads `.env` (when present) into the environment, then the configuration. */
export function loadConfig(): Config {
	if (existsSync('.env')) process.loadEnvFile('.env');
	return readConfig();
}
