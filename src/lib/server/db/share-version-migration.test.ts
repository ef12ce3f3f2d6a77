import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../../../../tests/helpers/database.ts';
import { databaseAt, legacyBilans } from '../../../../tests/helpers/migrations.ts';
import * as schema from './schema.ts';

describe.each(testDrivers())('migration 0004 (share links pinned to a version) on %s', (driver) => {
	const opened: { dispose(): Promise<void> }[] = [];
	afterAll(async () => {
		for (const database of opened) await database.dispose();
	});

	it('pins each existing link to the version that was the latest when it was made', async () => {
		const database = await databaseAt(driver, '0003_bilan_record');
		opened.push(database);
		const { db } = database;
		const {
			bilanIds: [bilanId, unvalidatedId]
		} = await legacyBilans(db, 2);
		const bilan = { id: bilanId! };
		const unvalidated = { id: unvalidatedId! };
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
