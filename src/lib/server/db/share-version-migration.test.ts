import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { asc, eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import {
	createPostgresDatabase,
	dropPostgresDatabase,
	testDrivers,
	type DriverName
} from '../../../../tests/helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../../../../tests/helpers/factories.ts';
import type { Db } from './index.ts';
import * as schema from './schema.ts';

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
async function databaseAt(driver: DriverName, lastTag: string) {
	const older = migrationsUpTo(lastTag);
	if (driver === 'pglite') {
		const client = await PGlite.create();
		const db = drizzlePglite(client, { schema });
		await migratePglite(db, { migrationsFolder: older });
		return {
			db: db as Db,
			upgrade: () => migratePglite(db, { migrationsFolder: MIGRATIONS }),
			dispose: async () => {
				await client.close();
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

describe.each(testDrivers())('migration 0004 (share links pinned to a version) on %s', (driver) => {
	const opened: { dispose(): Promise<void> }[] = [];
	afterAll(async () => {
		for (const database of opened) await database.dispose();
	});

	it('pins each existing link to the version that was the latest when it was made', async () => {
		const database = await databaseAt(driver, '0003_bilan_record');
		opened.push(database);
		const { db } = database;
		const org = await newOrganisation(db);
		const beneficiary = await newUser(db, 'beneficiary', org.id);
		const bilan = await newBilan(db, { organisationId: org.id, beneficiaryId: beneficiary.id });
		const unvalidated = await newBilan(db, {
			organisationId: org.id,
			beneficiaryId: beneficiary.id
		});
		const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10)).toISOString();
		const version = (n: number, day: number) =>
			db.execute(sql`insert into synthese_versions (bilan_id, version, state, content, validated_at)
				values (${bilan.id}, ${n}, decode('00', 'hex'), '{}'::jsonb, ${at(day)}::timestamptz)`);
		const link = (id: string, bilanId: string, day: number) =>
			db.execute(sql`insert into share_links (id, secret_hash, bilan_id, recipient_name, expires_at, created_at)
				values (${id}, decode('00', 'hex'), ${bilanId}, ${id}, ${at(28)}::timestamptz, ${at(day)}::timestamptz)`);
		await version(1, 3);
		await version(2, 10);
		await link('before-any', bilan.id, 1);
		await link('after-v1', bilan.id, 5);
		await link('same-moment-as-v2', bilan.id, 10);
		await link('after-v2', bilan.id, 20);
		await link('other-bilan', unvalidated.id, 20);

		await database.upgrade();

		const pinned = await db
			.select({ id: schema.shareLinks.id, version: schema.shareLinks.syntheseVersion })
			.from(schema.shareLinks)
			.orderBy(asc(schema.shareLinks.createdAt), asc(schema.shareLinks.id));
		expect(pinned).toEqual([
			{ id: 'before-any', version: null },
			{ id: 'after-v1', version: 1 },
			{ id: 'same-moment-as-v2', version: 2 },
			{ id: 'after-v2', version: 2 },
			{ id: 'other-bilan', version: null }
		]);
		const [row] = await db
			.select()
			.from(schema.shareLinks)
			.where(eq(schema.shareLinks.id, 'after-v1'));
		expect(row?.recipientName).toBe('after-v1');
	});
});
