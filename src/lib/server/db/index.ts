import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { PgliteClient } from './pglite-client.ts';
import * as schema from './schema.ts';

/** One drizzle type for both drivers: domain code never knows which one it runs on. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** `db.execute` answers an array (postgres.js) or `{ rows }` (PGlite): the rows either way. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export interface Database {
	db: Db;
	driver: 'postgres' | 'pglite';
	/** True when a trivial query answers. */
	ping(): Promise<boolean>;
	/** PGlite only: the data folder as a tarball, for `DatabaseOptions.loadDataDir`. */
	dumpDataDir?(): Promise<Uint8Array>;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** PostgreSQL URL; without it the embedded PGlite is used. */
	databaseUrl?: string;
	/** PGlite data folder; `memory://` keeps everything in memory (tests). */
	dataDir?: string;
	/** PGlite: start from this dump of a data folder (`Database.dumpDataDir`; tests). */
	loadDataDir?: Uint8Array;
	/** Default: `drizzle/` (the tests of older releases' databases name another). */
	migrationsFolder?: string;
}

const defaultMigrations = fileURLToPath(new URL('../../../../drizzle', import.meta.url));

/**
 * Opens the database and applies the migrations. PGlite runs in a worker thread that owns the
 * only instance (`pglite-client.ts`); drizzle talks to it through a PGlite-shaped client.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	const migrationsFolder = options.migrationsFolder ?? defaultMigrations;
	if (options.databaseUrl) {
		const client = postgres(options.databaseUrl, { max: 10, onnotice: () => {} });
		const db = drizzlePostgres(client, { schema });
		await migratePostgres(db, { migrationsFolder });
		return wrap(db, 'postgres', () => client.end({ timeout: 5 }));
	}
	const dataDir = options.dataDir ?? './data';
	if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
	const client = new PgliteClient({ dataDir, loadDataDir: options.loadDataDir });
	try {
		// drizzle's PGlite driver only calls `query` and `transaction`, which the client has.
		const db = drizzlePglite(client as unknown as PGlite, { schema });
		await migratePglite(db, { migrationsFolder });
		return { ...wrap(db, 'pglite', () => client.close()), dumpDataDir: () => client.dumpDataDir() };
	} catch (error) {
		await client.close().catch(() => {});
		throw error;
	}
}

function wrap(db: Db, driver: Database['driver'], close: () => Promise<void>): Database {
	return {
		db,
		driver,
		async ping() {
			try {
				await db.execute(sql`select 1`);
				return true;
			} catch {
				return false;
			}
		},
		close
	};
}

/*
 * The process holds one database. The server entry (or the dev server) opens it and registers it
 * here; the SvelteKit bundle carries its own copy of this module, so the slot lives on globalThis.
 */
const slot = Symbol.for('atelier.database');
type Slot = { [slot]?: Database };

export function registerDatabase(database: Database | undefined): void {
	(globalThis as Slot)[slot] = database;
}

export function getDatabase(): Database {
	const database = (globalThis as Slot)[slot];
	if (!database) throw new Error('The database is not open: start the app through server/');
	return database;
}

/** The drizzle handle for request handlers. */
export function getDb(): Db {
	return getDatabase().db;
}
