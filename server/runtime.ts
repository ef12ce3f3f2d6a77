import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../src/lib/server/config.ts';
import { openDatabase, registerDatabase, type Database } from '../src/lib/server/db/index.ts';
import { seedDemoIfEmpty } from '../src/lib/server/seed.ts';

/** Everything the process holds besides HTTP: the database, and the realtime endpoints. */
export interface Runtime {
	database: Database;
	/** Takes a WebSocket upgrade for the paths we serve; returns false for any other path. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	close(): Promise<void>;
}

/**
 * Opens the database (migrations applied), seeds the demo organisation into an empty embedded
 * database, and registers the database for the SvelteKit handlers of this process.
 */
export async function startRuntime(config: Config): Promise<Runtime> {
	const database = await openDatabase({
		databaseUrl: config.databaseUrl,
		dataDir: config.dataDir
	});
	registerDatabase(database);
	if (database.driver === 'pglite' && (await seedDemoIfEmpty(database.db))) {
		log('demo data seeded', { dataDir: config.dataDir });
	}
	return {
		database,
		handleUpgrade: () => false,
		async close() {
			registerDatabase(undefined);
			await database.close();
		}
	};
}

/** One JSON line per event, for log collectors. */
export function log(message: string, context: Record<string, unknown> = {}): void {
	console.log(JSON.stringify({ time: new Date().toISOString(), message, ...context }));
}
