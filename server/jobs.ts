import { pruneLoginThrottles } from '../src/lib/server/auth/throttle.ts';
import { runCohortClosures } from '../src/lib/server/cohort-end.service.ts';
import type { Db } from '../src/lib/server/db/index.ts';
import { sendWeeklyDigests } from '../src/lib/server/digest.service.ts';
import type { Mailer } from '../src/lib/server/mail.ts';
import { runRetention } from '../src/lib/server/retention.service.ts';

/**
 * Scheduled work of a node: the retention job (R6313-7: what was kept for the follow-up is
 * destroyed one year after the close), the closing of ended cohorts (their uncarried private
 * copies destroyed once the notice is over) and the pruning of stale login counters and expired device
 * tokens, and the weekly digest e-mails when mail is set up. It runs at start-up and then every `intervalMs`, never twice at once in a process;
 * across nodes the retention transaction takes an advisory lock, so one node does the work and
 * the others skip.
 */
export interface JobsOptions {
	db: Db;
	intervalMs: number;
	/** With `SMTP_URL` and `ORIGIN`: the weekly digests, sent with this mailer, linking there. */
	digest?: { mailer: Mailer; origin: string };
	/** The clock (tests inject one). */
	now?: () => Date;
	log: (message: string, context?: Record<string, unknown>) => void;
}

export interface Jobs {
	/** Runs the jobs once more now, after the run under way if any; resolves when done. */
	runNow(): Promise<void>;
	/** Stops the timer and waits for the run under way. */
	close(): Promise<void>;
}

export function startJobs(options: JobsOptions): Jobs {
	const { db, log } = options;
	const clock = options.now ?? (() => new Date());
	let running: Promise<void> | undefined;

	async function runOnce(): Promise<void> {
		const now = clock();
		const started = performance.now();
		try {
			const run = await runRetention(db, now);
			log('retention run', {
				at: now.toISOString(),
				skipped: run === null,
				bilans: run?.bilanIds.length ?? 0,
				boards: run?.boardIds.length ?? 0,
				ms: Math.round(performance.now() - started)
			});
		} catch (error) {
			// Logged and retried at the next tick: a failed run destroys nothing (one transaction).
			log('retention run failed', { at: now.toISOString(), error: String(error) });
		}
		try {
			const closed = await runCohortClosures(db, now);
			if (closed && closed.cohortIds.length > 0) {
				log('cohort closing run', {
					at: now.toISOString(),
					cohorts: closed.cohortIds.length,
					boards: closed.boardIds.length
				});
			}
		} catch (error) {
			// Same as retention: one transaction, retried at the next tick.
			log('cohort closing run failed', { at: now.toISOString(), error: String(error) });
		}
		try {
			await pruneLoginThrottles(db, now);
		} catch (error) {
			log('login throttle pruning failed', { error: String(error) });
		}
		if (options.digest) {
			try {
				const digests = await sendWeeklyDigests(
					db,
					options.digest.mailer,
					options.digest.origin,
					now
				);
				if (digests.sent > 0 || digests.failed > 0) log('weekly digests', digests);
			} catch (error) {
				log('weekly digests failed', { error: String(error) });
			}
		}
	}

	function start(): Promise<void> {
		running = runOnce().finally(() => {
			running = undefined;
		});
		return running;
	}

	function tick(): void {
		if (running) {
			log('scheduled jobs still running, tick skipped');
			return;
		}
		void start();
	}

	tick();
	const timer = setInterval(tick, options.intervalMs);
	timer.unref();
	return {
		async runNow() {
			while (running) await running;
			await start();
		},
		async close() {
			clearInterval(timer);
			while (running) await running;
		}
	};
}
