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
		production: env.NODE_ENV === 'production'
	};
}

/** Reads `.env` (when present) into the environment, then the configuration. */
export function loadConfig(): Config {
	if (existsSync('.env')) process.loadEnvFile('.env');
	return readConfig();
}
