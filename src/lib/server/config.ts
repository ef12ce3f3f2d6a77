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
	sync: SyncConfig;
}

/** Limits and timings of the board sync server (`server/sync/`), all `SYNC_*` variables. */
export interface SyncConfig {
	/** Largest WebSocket frame accepted; a bigger one closes the connection (1009). */
	maxFrameBytes: number;
	/** Largest document (approximate encoded size); an update beyond it is refused. */
	maxDocumentBytes: number;
	/** Sync updates per second per connection (bursts up to twice as many). */
	updatesPerSecond: number;
	/** Awareness messages per second per connection; extra ones are dropped. */
	awarenessPerSecond: number;
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
	return {
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
			pollMs: positive('SYNC_POLL_MS', env.SYNC_POLL_MS, 5_000)
		}
	};
}

/** Reads `.env` (when present) into the environment, then the configuration. */
export function loadConfig(): Config {
	if (existsSync('.env')) process.loadEnvFile('.env');
	return readConfig();
}
