/**
 * Our server as a bench server process runs it: the app's runtime on a fresh database, its
 * WebSocket upgrades taken from the bench's own HTTP server, and everything removed on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime, type RuntimeOptions } from '../server/runtime.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../tests/helpers/database.ts';

/**
 * Starts the runtime with `env` over the process environment. With DATABASE_URL, a fresh
 * PostgreSQL database per run (dropped on exit), so runs never see each other's data; without it,
 * PGlite in a fresh folder on disk, as the embedded mode runs in production. A bench that restarts
 * its server owns the storage instead (`BENCH_DATABASE_URL` or `BENCH_DATA_DIR`): kept on exit.
 */
export async function startBenchRuntime(
	server: Server,
	env: Record<string, string>,
	options: RuntimeOptions = {}
): Promise<Runtime> {
	const owned = process.env.BENCH_DATABASE_URL || process.env.BENCH_DATA_DIR;
	const databaseUrl = owned
		? process.env.BENCH_DATABASE_URL || undefined
		: process.env.DATABASE_URL
			? await createPostgresDatabase()
			: undefined;
	const dataDir = owned
		? process.env.BENCH_DATA_DIR || undefined
		: databaseUrl
			? undefined
			: mkdtempSync(join(tmpdir(), 'atelier-bench-'));
	const config = readConfig({
		...process.env,
		DATABASE_URL: databaseUrl,
		ATELIER_DATA_DIR: dataDir,
		...env
	});
	// Upgrades wait for the runtime, as `server/index.ts` holds them, rather than being refused.
	const starting = startRuntime(config, options);
	server.on('upgrade', (req, socket, head) => {
		socket.on('error', () => socket.destroy());
		void starting.then((runtime) => {
			if (!runtime.handleUpgrade(req, socket, head)) socket.destroy();
		});
	});
	const runtime = await starting;
	// An exit rather than death by signal, so that `--cpu-prof` writes its profile.
	process.once('SIGTERM', () => {
		void (async () => {
			await runtime.close();
			if (!owned && databaseUrl) await dropPostgresDatabase(databaseUrl);
			if (!owned && dataDir) rmSync(dataDir, { recursive: true, force: true });
			process.exit(0);
		})();
	});
	return runtime;
}
