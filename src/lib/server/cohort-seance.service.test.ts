import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actorOf, newCohortWorld } from '../../../tests/helpers/cohort-world.ts';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { testKind } from '../../../tests/helpers/sync-client.ts';
import { SCREEN_CONSENT_MS } from '../seance/protocol.ts';
import type { TimerChange } from '../seance/timer.ts';
import {
	answerScreen,
	askScreen,
	changeCohortTimer,
	clearScreen,
	COHORT_SEANCE_ALREADY_LIVE,
	endCohortSeance,
	expireScreenRequest,
	liveCohortSeanceOf,
	placeAudience,
	screenShowOf,
	startCohortSeance
} from './cohort-seance.service.ts';
import { addSeance } from './cohorts.service.ts';
import { cohorts, cohortSeances } from './db/schema.ts';

describe.each(testDrivers())('group séances of a cohort on %s', (driver) => {
	const database = useTestDatabase(driver);

	const world = () => newCohortWorld(database.db, [testKind], testKind.kind);

	it('starts a planned or an unplanned séance for the facilitator only, one at a time, and ends it', async () => {
		const { u, cohort } = await world();
		const db = database.db;
		const planned = await addSeance(db, actorOf(u.facilitator), cohort.id, {
			startsAt: '2026-12-07T09:00',
			durationMinutes: '180'
		});
		for (const who of [u.a, u.admin, u.otherCohort, u.stranger]) {
			await expect(
				startCohortSeance(db, actorOf(who), cohort.id, { seanceId: planned.id })
			).rejects.toMatchObject({ status: expect.any(Number) });
		}
		expect(await liveCohortSeanceOf(db, cohort.id)).toBeNull();

		const now = new Date('2026-12-07T09:05:00Z');
		const started = await startCohortSeance(
			db,
			actorOf(u.facilitator),
			cohort.id,
			{ seanceId: planned.id },
			now
		);
		expect(started).toMatchObject({ id: planned.id, startedAt: now, endedAt: null });
		await expect(startCohortSeance(db, actorOf(u.facilitator), cohort.id)).rejects.toMatchObject({
			status: 400,
			fields: { mode: COHORT_SEANCE_ALREADY_LIVE }
		});
		await expect(endCohortSeance(db, actorOf(u.a), cohort.id)).rejects.toMatchObject({
			status: 403
		});
		const ended = await endCohortSeance(db, actorOf(u.facilitator), cohort.id);
		expect(ended.id).toBe(planned.id);
		expect(await liveCohortSeanceOf(db, cohort.id)).toBeNull();
		// An ended séance is not started again; an unplanned one is made now.
		await expect(
			startCohortSeance(db, actorOf(u.facilitator), cohort.id, { seanceId: planned.id })
		).rejects.toMatchObject({ status: 400 });
		const unplanned = await startCohortSeance(db, actorOf(u.facilitator), cohort.id);
		expect(unplanned.id).not.toBe(planned.id);
		expect((await liveCohortSeanceOf(db, cohort.id))?.id).toBe(unplanned.id);
		// A cohort that is over has no séance any more.
		await endCohortSeance(db, actorOf(u.facilitator), cohort.id);
		await db.update(cohorts).set({ endedAt: new Date() }).where(eq(cohorts.id, cohort.id));
		await expect(startCohortSeance(db, actorOf(u.facilitator), cohort.id)).rejects.toMatchObject({
			status: 403
		});
	});

	it('keeps the timer: the facilitator leads it, a participant adds a minute only when allowed', async () => {
		const { u, cohort } = await world();
		const db = database.db;
		const live = await startCohortSeance(db, actorOf(u.facilitator), cohort.id);
		const change = (who: typeof u.a, timerChange: TimerChange) =>
			changeCohortTimer(db, actorOf(who), cohort.id, live.id, timerChange, 1_000);
		await expect(change(u.a, { type: 'start', minutes: 10 })).rejects.toMatchObject({
			status: 403
		});
		expect(await change(u.facilitator, { type: 'start', minutes: 10 })).toMatchObject({
			totalMs: 600_000,
			endsAt: 601_000
		});
		await change(u.facilitator, { type: 'extendable', allowed: false });
		await expect(change(u.a, { type: 'extend' })).rejects.toMatchObject({
			message: 'La personne qui anime n’a pas ouvert la prolongation.'
		});
		await change(u.facilitator, { type: 'extendable', allowed: true });
		expect(await change(u.a, { type: 'extend' })).toMatchObject({ totalMs: 660_000 });
		await expect(change(u.otherCohort, { type: 'extend' })).rejects.toMatchObject({ status: 404 });
	});

	it('tells who may learn of a board: everyone the wall, the staff a template, its participant a copy', async () => {
		const { u, cohort, other, copyOf, templateId, wallId } = await world();
		const db = database.db;
		expect(await placeAudience(db, cohort.id, wallId)).toBe('all');
		expect(await placeAudience(db, cohort.id, templateId)).toBe('staff');
		expect(await placeAudience(db, cohort.id, copyOf(u.a))).toEqual({ ownerId: u.a.id });
		expect(await placeAudience(db, other.id, copyOf(u.a))).toBeNull();
	});

	it('shows a copy on the screen only once its participant accepts, until they withdraw or the séance ends', async () => {
		const { u, cohort, copyOf, wallId } = await world();
		const db = database.db;
		const live = await startCohortSeance(db, actorOf(u.facilitator), cohort.id);
		const ask = (boardId: string, now = 0) =>
			askScreen(db, actorOf(u.facilitator), cohort.id, live.id, boardId, now);
		const shown = async () => screenShowOf(db, (await liveCohortSeanceOf(db, cohort.id))!);

		// Only the facilitator asks, only about a participant's copy.
		await expect(
			askScreen(db, actorOf(u.a), cohort.id, live.id, copyOf(u.b), 0)
		).rejects.toMatchObject({ status: 403 });
		await expect(ask(wallId)).rejects.toMatchObject({ status: 400 });

		// B refuses; A cannot answer for B.
		await ask(copyOf(u.b));
		await expect(
			answerScreen(db, actorOf(u.a), cohort.id, live.id, copyOf(u.b), true, 1)
		).rejects.toMatchObject({ status: 403 });
		const refused = await answerScreen(db, actorOf(u.b), cohort.id, live.id, copyOf(u.b), false, 1);
		expect(refused.answer.outcome).toBe('refused');
		expect(await shown()).toBeNull();

		// No answer in time: the question expires, and a late yes changes nothing.
		const { request } = await ask(copyOf(u.a), 10);
		expect(request.until).toBe(10 + SCREEN_CONSENT_MS);
		await expect(
			answerScreen(db, actorOf(u.a), cohort.id, live.id, copyOf(u.a), true, request.until + 1)
		).rejects.toMatchObject({ status: 400 });
		expect(await expireScreenRequest(db, live.id, request)).toBe(true);
		expect(await expireScreenRequest(db, live.id, request)).toBe(false);

		// A accepts: A's copy is on the screen; B may not take it off, A may.
		await ask(copyOf(u.a), 100);
		const accepted = await answerScreen(
			db,
			actorOf(u.a),
			cohort.id,
			live.id,
			copyOf(u.a),
			true,
			101
		);
		expect(accepted).toMatchObject({
			answer: { outcome: 'accepted', ownerName: 'Alice' },
			shown: { boardId: copyOf(u.a), ownerId: u.a.id },
			leaderId: u.facilitator.id
		});
		// The question is spent: it cannot be answered twice.
		await expect(
			answerScreen(db, actorOf(u.a), cohort.id, live.id, copyOf(u.a), true, 102)
		).rejects.toMatchObject({ status: 400 });
		expect((await shown())?.boardId).toBe(copyOf(u.a));
		await expect(clearScreen(db, actorOf(u.b), cohort.id, live.id)).rejects.toMatchObject({
			status: 403
		});
		expect(await clearScreen(db, actorOf(u.a), cohort.id, live.id)).toEqual({
			ownerId: u.a.id,
			leaderId: u.facilitator.id
		});
		expect(await shown()).toBeNull();

		// Consent ends with the séance.
		await ask(copyOf(u.a), 200);
		await answerScreen(db, actorOf(u.a), cohort.id, live.id, copyOf(u.a), true, 201);
		await endCohortSeance(db, actorOf(u.facilitator), cohort.id);
		const [row] = await db.select().from(cohortSeances).where(eq(cohortSeances.id, live.id));
		expect(row).toMatchObject({ screenBoardId: null, screenRequest: null });
	});
});
