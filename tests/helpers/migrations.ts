import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf, type Db } from '../../src/lib/server/db/index.ts';
import * as schema from '../../src/lib/server/db/schema.ts';
import { createPostgresDatabase, dropPostgresDatabase, type DriverName } from './database.ts';

const MIGRATIONS = 'drizzle';

/** A copy of `drizzle/` whose journal stops at `lastTag`: the database as an older release left it. */
function migrationsUpTo(lastTag: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'atelier-migrations-'));
	cpSync(MIGRATIONS, dir, { recursive: true });
	const journalPath = join(dir, 'meta', '_journal.json');
	const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
		entries: { idx: number; tag: string }[];
	};
	const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
	journal.entries = journal.entries.slice(0, last + 1);
	writeFileSync(journalPath, JSON.stringify(journal));
	return dir;
}

/** A database migrated up to `lastTag`, and the way to apply every later migration. */
export async function databaseAt(driver: DriverName, lastTag: string) {
	const older = migrationsUpTo(lastTag);
	if (driver === 'pglite') {
		const database = await openDatabase({ dataDir: 'memory://', migrationsFolder: older });
		const db = database.db as unknown as PgliteDatabase<typeof schema>;
		return {
			db: database.db,
			upgrade: () => migratePglite(db, { migrationsFolder: MIGRATIONS }),
			dispose: async () => {
				await database.close();
				rmSync(older, { recursive: true, force: true });
			}
		};
	}
	const url = await createPostgresDatabase();
	const client = postgres(url, { max: 1, onnotice: () => {} });
	const db = drizzlePostgres(client, { schema });
	await migratePostgres(db, { migrationsFolder: older });
	return {
		db: db as Db,
		upgrade: () => migratePostgres(db, { migrationsFolder: MIGRATIONS }),
		dispose: async () => {
			await client.end();
			await dropPostgresDatabase(url);
			rmSync(older, { recursive: true, force: true });
		}
	};
}

/**
 * A beneficiary of an organisation and `count` bilans of theirs, written in SQL naming only the
 * columns the first release had: a database an older release left takes them, whatever columns
 * today's schema (and so the factories) added since.
 */
export async function legacyBilans(db: Db, count = 1): Promise<{ bilanIds: string[] }> {
	const org = rowsOf<{ id: string }>(
		await db.execute(sql`insert into organisations (name) values ('Cabinet de test') returning id`)
	)[0]!;
	const beneficiary = rowsOf<{ id: string }>(
		await db.execute(sql`insert into users (organisation_id, email, name, role)
			values (${org.id}, ${`ancien-${crypto.randomUUID()}@test.atelier.fr`}, 'Personne', 'beneficiary')
			returning id`)
	)[0]!;
	const bilanIds: string[] = [];
	for (let i = 0; i < count; i++) {
		const bilan = rowsOf<{ id: string }>(
			await db.execute(sql`insert into bilans (organisation_id, beneficiary_id, funding, format, phase, start_date, planned_minutes)
				values (${org.id}, ${beneficiary.id}, 'cpf', 'distanciel', 'investigation', '2026-10-01', 1440)
				returning id`)
		)[0]!;
		bilanIds.push(bilan.id);
	}
	return { bilanIds };
}
