import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	boardWithContent,
	contentRows,
	rowsFor,
	syntheseWithContent
} from '../tests/helpers/bilan-content.ts';
import { openTestDatabase, testDrivers, type TestDatabase } from '../tests/helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../tests/helpers/factories.ts';
import { bilanClosures, loginThrottles } from '../src/lib/server/db/schema.ts';
import { RETENTION_LOCK, runRetention } from '../src/lib/server/retention.service.ts';
import { startJobs } from './jobs.ts';

const DAY = 86_400_000;

describe.each(testDrivers())('scheduled jobs on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	it('runs at start-up, then again when asked: one year after the close, what was kept is gone', async () => {
		const db = database.db;
		const org = await newOrganisation(db);
		const beneficiary = await newUser(db, 'beneficiary', org.id);
		const bilan = await newBilan(db, { organisationId: org.id, beneficiaryId: beneficiary.id });
		const kept = await boardWithContent(db, bilan.id);
		const synthese = await syntheseWithContent(db, bilan.id);
		const closedAt = new Date('2026-06-30T10:00:00Z');
		const retainUntil = new Date(closedAt.getTime() + 365 * DAY);
		await db.insert(bilanClosures).values({
			bilanId: bilan.id,
			kept: { synthese: true, boardIds: [kept] },
			agreedAt: closedAt,
			closedAt,
			retainUntil
		});
		// A stale login counter, pruned by the same job.
		await db.insert(loginThrottles).values({
			key: 'ip:192.0.2.1',
			failures: 3,
			windowStart: new Date(closedAt.getTime() - DAY)
		});

		let now = new Date(closedAt.getTime() + DAY);
		const logs: { message: string; context?: Record<string, unknown> }[] = [];
		const jobs = startJobs({
			db,
			intervalMs: 3_600_000,
			now: () => now,
			log: (message, context) => void logs.push({ message, context })
		});
		try {
			await jobs.runNow();
			expect(await contentRows(db, [kept, synthese], bilan.id)).toEqual(rowsFor(2, true));
			expect(await db.select().from(loginThrottles)).toEqual([]);

			now = retainUntil;
			await jobs.runNow();
			expect(await contentRows(db, [kept, synthese], bilan.id)).toEqual(rowsFor(0, false));
			const runs = logs.filter((l) => l.message === 'retention run').map((l) => l.context);
			expect(runs.at(-1)).toMatchObject({ skipped: false, bilans: 1, boards: 2 });
			expect(runs.slice(0, -1).every((r) => r?.bilans === 0)).toBe(true);
		} finally {
			await jobs.close();
		}
	});
});

// PGlite has a single session (it always holds the lock): only PostgreSQL has other nodes' sessions.
describe.each(testDrivers().filter((d) => d === 'postgres'))('retention lock on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	it('skips the run while another node holds the retention lock', async () => {
		const db = database.db;
		await db.transaction(async (tx) => {
			await tx.execute(sql`select pg_advisory_xact_lock(${RETENTION_LOCK})`);
			expect(await runRetention(db, new Date())).toBeNull();
		});
		expect(await runRetention(db, new Date())).not.toBeNull();
	});
});
