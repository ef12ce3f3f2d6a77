import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	boardWithContent,
	contentRows,
	rowsFor,
	syntheseWithContent
} from '../tests/helpers/bilan-content.ts';
import { testDrivers, useTestDatabase } from '../tests/helpers/database.ts';
import { newBilan, newBilanWorld, newOrganisation, newUser } from '../tests/helpers/factories.ts';
import { startFakeSmtp } from '../tests/helpers/smtp.ts';
import { endCohort } from '../src/lib/server/cohort-end.service.ts';
import { COHORT_NOTICE_DAYS } from '../src/lib/server/retention.service.ts';
import { createCohort } from '../src/lib/server/cohorts.service.ts';
import {
	bilanClosures,
	boards,
	cohorts,
	loginThrottles,
	rendezVous
} from '../src/lib/server/db/schema.ts';
import { createMailer } from '../src/lib/server/mail.ts';
import { RETENTION_LOCK, runRetention } from '../src/lib/server/retention.service.ts';
import { startJobs, type Jobs, type JobsOptions } from './jobs.ts';

const DAY = 86_400_000;

/** What the jobs logged under one message, in order. */
type RunsOf = (message: string) => (Record<string, unknown> | undefined)[];

/** Runs `test` against a node's jobs on the test's clock, then stops them, even on failure. */
async function withJobs(
	options: Omit<JobsOptions, 'intervalMs' | 'log'>,
	test: (jobs: Jobs, runsOf: RunsOf) => Promise<void>
): Promise<void> {
	const logs: { message: string; context?: Record<string, unknown> }[] = [];
	const jobs = startJobs({
		intervalMs: 3_600_000,
		log: (message, context) => void logs.push({ message, context }),
		...options
	});
	try {
		await test(jobs, (message) => logs.filter((l) => l.message === message).map((l) => l.context));
	} finally {
		await jobs.close();
	}
}

describe.each(testDrivers())('scheduled jobs on %s', (driver) => {
	const database = useTestDatabase(driver);

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
		await withJobs({ db, now: () => now }, async (jobs, runsOf) => {
			await jobs.runNow();
			expect(await contentRows(db, [kept, synthese], bilan.id)).toEqual(rowsFor(2, true));
			expect(await db.select().from(loginThrottles)).toEqual([]);

			now = retainUntil;
			await jobs.runNow();
			expect(await contentRows(db, [kept, synthese], bilan.id)).toEqual(rowsFor(0, false));
			const runs = runsOf('retention run');
			expect(runs.at(-1)).toMatchObject({ skipped: false, bilans: 1, boards: 2 });
			expect(runs.slice(0, -1).every((r) => r?.bilans === 0)).toBe(true);
		});
	});
});

describe.each(testDrivers())('cohort closing job on %s', (driver) => {
	const database = useTestDatabase(driver);

	it('closes a cohort once its notice is over, destroying the boards it still holds', async () => {
		const db = database.db;
		const org = await newOrganisation(db);
		const facilitator = await newUser(db, 'consultant', org.id);
		const cohort = await createCohort(db, facilitator, { name: 'Hiver', startDate: '2026-11-02' });
		const endedAt = new Date('2026-12-07T16:00:00Z');
		await endCohort(
			db,
			facilitator,
			cohort.id,
			{ mailer: null, origin: 'https://atelier.test' },
			endedAt
		);

		let now = new Date(endedAt.getTime() + DAY);
		await withJobs({ db, now: () => now }, async (jobs, runsOf) => {
			await jobs.runNow();
			expect(await db.select().from(boards).where(eq(boards.cohortId, cohort.id))).toHaveLength(1);
			now = new Date(endedAt.getTime() + COHORT_NOTICE_DAYS * DAY);
			await jobs.runNow();
			expect(await db.select().from(boards).where(eq(boards.cohortId, cohort.id))).toEqual([]);
			const [closed] = await db.select().from(cohorts).where(eq(cohorts.id, cohort.id));
			expect(closed!.closedAt).toEqual(now);
			expect(runsOf('cohort closing run')).toEqual([
				{ at: now.toISOString(), cohorts: 1, boards: 1 }
			]);
		});
	});
});

describe.each(testDrivers())('weekly digest job on %s', (driver) => {
	const database = useTestDatabase(driver);

	it('sends the digests through SMTP, then not again the same week', async () => {
		const db = database.db;
		const { beneficiary, bilan } = await newBilanWorld(db);
		const now = new Date('2026-12-07T08:00:00Z');
		await db.insert(rendezVous).values({
			bilanId: bilan.id,
			startsAt: new Date('2026-12-08T09:00:00Z'),
			durationMinutes: 60,
			mode: 'distanciel',
			phase: 'investigation'
		});
		const smtp = await startFakeSmtp();
		const mailer = createMailer({ smtpUrl: smtp.url, smtpFrom: 'Atelier <atelier@exemple.fr>' })!;
		const digest = { mailer, origin: 'https://atelier.exemple.fr' };
		try {
			await withJobs({ db, now: () => now, digest }, async (jobs) => {
				await jobs.runNow();
				await jobs.runNow();
				// The consultant has nothing awaiting them but the rendez-vous too: both are told once.
				expect(smtp.messages).toHaveLength(2);
				const mine = smtp.messages.find((mail) => mail.to.includes(beneficiary.email))!;
				expect(mine.data).toContain('Votre semaine sur Atelier');
				expect(mine.data).toContain('https://atelier.exemple.fr/');
			});
		} finally {
			await smtp.close();
		}
	});
});

// PGlite has a single session (it always holds the lock): only PostgreSQL has other nodes' sessions.
describe.each(testDrivers().filter((d) => d === 'postgres'))('retention lock on %s', (driver) => {
	const database = useTestDatabase(driver);

	it('skips the run while another node holds the retention lock', async () => {
		const db = database.db;
		await db.transaction(async (tx) => {
			await tx.execute(sql`select pg_advisory_xact_lock(${RETENTION_LOCK})`);
			expect(await runRetention(db, new Date())).toBeNull();
		});
		expect(await runRetention(db, new Date())).not.toBeNull();
	});
});
