import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/lib/server/db/index.ts';

/**
 * The drivers a storage test runs against: PGlite always, PostgreSQL too when DATABASE_URL is set.
 * Each opened database is fresh (a new PGlite in memory, or a new PostgreSQL database created for
 * the test and dropped after), so test files can run in parallel.
 */
export interface TestDatabase extends Database {
	/** Closes and, for PostgreSQL, drops the database. */
	dispose(): Promise<void>;
	/** Connection URL for a server process (PostgreSQL only). */
	url?: string;
}

export type DriverName = Database['driver'];

export function testDrivers(): DriverName[] {
	return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openTestDatabase(driver: DriverName): Promise<TestDatabase> {
	if (driver === 'pglite') {
		const database = await openDatabase({
			dataDir: 'memory://',
			loadDataDir: await migratedPglite()
		});
		return { ...database, dispose: () => database.close() };
	}
	const url = await createPostgresDatabase();
	const database = await openDatabase({ databaseUrl: url });
	return {
		...database,
		url,
		async dispose() {
			await database.close();
			await dropPostgresDatabase(url);
		}
	};
}

/**
 * The database of a `describe.each(testDrivers())` suite: opened before its tests, disposed of
 * after them. `db` is only there once the suite has started (read it inside a test).
 */
export function useTestDatabase(driver: DriverName): { readonly db: Db } {
	let database: TestDatabase | undefined;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database?.dispose());
	return {
		get db() {
			if (!database) throw new Error('the test database is opened in beforeAll');
			return database.db;
		}
	};
}

/**
 * Where the global setup leaves a dump of an empty, migrated PGlite database (one per run, beside
 * the seeded template).
 */
export const MIGRATED_PGLITE_DUMP = resolve('test-results/pglite-migrated.tar');

/*
 * A fresh PGlite runs initdb, which is slow on a busy 2-core machine; loading a dump of an empty,
 * migrated database is several times faster. Every test file runs in its own module scope, so
 * the dump comes from the global setup (`MIGRATED_PGLITE_DUMP`), made once per run; without it
 * (a file run under another setup) the first database of the file makes one.
 */
let migrated: Promise<Uint8Array> | undefined;
function migratedPglite(): Promise<Uint8Array> {
	migrated ??= existsSync(MIGRATED_PGLITE_DUMP)
		? readFile(MIGRATED_PGLITE_DUMP).then((bytes) => new Uint8Array(bytes))
		: (async () => {
				const database = await openDatabase({ dataDir: 'memory://' });
				const dump = await database.dumpDataDir!();
				await database.close();
				return dump;
			})();
	return migrated;
}

function adminUrl(): string {
	const url = process.env.DATABASE_URL;
	if (!url) throw new Error('DATABASE_URL is not set');
	return url;
}

/** Creates an empty PostgreSQL database next to DATABASE_URL's and returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
	const name = `atelier_t_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
	const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl());
	url.pathname = `/${name}`;
	return url.toString();
}

export async function dropPostgresDatabase(url: string): Promise<void> {
	const name = new URL(url).pathname.slice(1);
	const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
	} finally {
		await admin.end();
	}
}
