import { and, eq, inArray } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { actorOf as actor, newCohort } from '../../../tests/helpers/cohort-world.ts';
import { newBilan } from '../../../tests/helpers/factories.ts';
import { boardContent, boardContentText, editBoard } from '../../../tests/helpers/board-content.ts';
import { boardKinds } from '../boards/registry.ts';
import {
	carryableCopies,
	carryIntoBilan,
	copiesForNewParticipant,
	createExercise,
	findCohortBoard
} from './cohort-exercises.service.ts';
import {
	cohortCounts,
	cohortEndView,
	endCohort,
	ownCopiesArchive,
	runCohortClosures
} from './cohort-end.service.ts';
import { cohortWall } from './cohort-wall.service.ts';
import { cohortFor } from './cohorts.service.ts';
import { auditEvents, boards, boardUpdates, cohorts, type User } from './db/schema.ts';
import type { MailMessage } from './mail.ts';
import { COHORT_NOTICE_DAYS, copiesDestroyedAt, retentionOverview } from './retention.service.ts';

const DAY = 24 * 60 * 60 * 1000;
const ENDED = new Date('2026-12-07T16:00:00Z');

describe.each(testDrivers())('the end of a cohort on %s', (driver) => {
	const database = useTestDatabase(driver);

	/**
	 * A cohort with one exercise handed out (A's and B's copies) and one prepared (its template);
	 * A has an open bilan.
	 */
	async function world() {
		const db = database.db;
		const { org, u, cohort } = await newCohort(db, {
			organisation: 'Cabinet Horizon',
			names: { a: 'Alice Martin', b: 'Bastien Roux' },
			cJoins: false,
			onAccepted: copiesForNewParticipant(boardKinds)
		});
		const values = await createExercise(
			db,
			actor(u.facilitator),
			cohort.id,
			{ kind: 'values', title: 'Mes valeurs' },
			boardKinds
		);
		await createExercise(
			db,
			actor(u.facilitator),
			cohort.id,
			{ kind: 'ikigai', title: 'Ikigai', prepare: true },
			boardKinds
		);
		const copies = await db.select().from(boards).where(eq(boards.exerciseId, values.id));
		const copyOf = (user: User) => copies.find((c) => c.ownerId === user.id)!;
		const bilanA = await newBilan(db, {
			organisationId: org.id,
			beneficiaryId: u.a.id,
			consultantId: u.consultant.id
		});
		const mails: MailMessage[] = [];
		const notifier = {
			origin: 'https://atelier.test',
			mailer: {
				async send(message: MailMessage) {
					mails.push(message);
				}
			}
		};
		return { db, u, cohort, copyOf, bilanA, mails, notifier };
	}

	async function refusal(promise: Promise<unknown>) {
		return promise.then(
			() => {
				throw new Error('expected a refusal');
			},
			(cause: unknown) => cause as Error & { status?: number }
		);
	}

	it('offers the participant their own copies on their bilan, and only they carry one', async () => {
		const { db, u, copyOf, bilanA } = await world();
		const offered = await carryableCopies(db, actor(u.a), bilanA);
		expect(offered).toEqual([
			{ boardId: copyOf(u.a).id, title: 'Mes valeurs', kind: 'values', cohortName: 'Printemps' }
		]);
		// The consultant of that bilan sees no such offer; B cannot carry A's copy.
		expect(await carryableCopies(db, actor(u.consultant), bilanA)).toEqual([]);
		expect((await refusal(carryIntoBilan(db, actor(u.b), copyOf(u.a).id, bilanA.id))).status).toBe(
			404
		);
		expect(
			(await refusal(carryIntoBilan(db, actor(u.consultant), copyOf(u.a).id, bilanA.id))).status
		).toBe(404);
		await carryIntoBilan(db, actor(u.a), copyOf(u.a).id, bilanA.id);
		const [moved] = await db
			.select()
			.from(boards)
			.where(eq(boards.id, copyOf(u.a).id));
		expect(moved).toMatchObject({ bilanId: bilanA.id, cohortId: null });
		expect(await carryableCopies(db, actor(u.a), bilanA)).toEqual([]);
	});

	it('is ended by its facilitator only, once; boards turn read-only and participants are mailed', async () => {
		const { db, u, cohort, copyOf, mails, notifier } = await world();
		for (const who of [u.a, u.admin, u.consultant]) {
			const refused = await refusal(endCohort(db, actor(who), cohort.id, notifier, ENDED));
			expect(refused.status).toBe(who === u.consultant ? 404 : 403);
		}
		await endCohort(db, actor(u.facilitator), cohort.id, notifier, ENDED);
		expect((await refusal(endCohort(db, actor(u.facilitator), cohort.id, notifier))).status).toBe(
			403
		);
		const copy = await findCohortBoard(db, actor(u.b), copyOf(u.b).id);
		expect(copy?.access).toBe('read');
		expect(mails.map((mail) => mail.to).sort()).toEqual([u.a.email, u.b.email].sort());
		const toB = mails.find((mail) => mail.to === u.b.email)!;
		expect(toB.subject).toBe('Fin de la cohorte « Printemps » : vos exercices');
		expect(toB.text).toContain('Vos 1 copie(s) d’exercice');
		expect(toB.text).toContain(`https://atelier.test/cohortes/${cohort.id}`);
		const view = await cohortEndView(db, actor(u.b), await cohortFor(db, actor(u.b), cohort.id));
		expect(view).toMatchObject({
			endedAt: ENDED,
			destroyAt: copiesDestroyedAt(ENDED),
			myCopies: 1,
			canEnd: false,
			canDownload: true
		});
	});

	it('lists the cohort on the admin’s conservation page: who leads it and dates, no content', async () => {
		const { db, u, cohort, copyOf, notifier } = await world();
		await editBoard(db, copyOf(u.a).id, boardContent.values!);
		expect((await refusal(retentionOverview(db, actor(u.facilitator)))).status).toBe(403);
		const row = {
			cohortId: cohort.id,
			name: 'Printemps',
			facilitatorName: u.facilitator.name,
			startDate: '2026-11-02',
			endedAt: null,
			destroyAt: null,
			closedAt: null
		};
		expect((await retentionOverview(db, actor(u.admin))).cohorts).toEqual([row]);
		await endCohort(db, actor(u.facilitator), cohort.id, notifier, ENDED);
		const overview = await retentionOverview(db, actor(u.admin));
		expect(overview.cohorts).toEqual([
			{ ...row, endedAt: ENDED, destroyAt: copiesDestroyedAt(ENDED) }
		]);
		expect(JSON.stringify(overview)).not.toContain(boardContentText.values);
		expect((await retentionOverview(db, actor(u.otherAdmin))).cohorts).toEqual([]);
	});

	it('gives the ZIP of their own copies to the participant only', async () => {
		const { db, u, cohort, notifier } = await world();
		await endCohort(db, actor(u.facilitator), cohort.id, notifier, ENDED);
		const zip = unzipSync(await ownCopiesArchive(db, actor(u.b), cohort.id, ENDED));
		expect(Object.keys(zip).sort()).toEqual([
			'README.txt',
			'exercices/01-mes-valeurs/etat-actuel.json',
			'exercices/01-mes-valeurs/etat-actuel.pdf'
		]);
		expect(new TextDecoder().decode(zip['README.txt'])).toContain('Bastien Roux');
		for (const who of [u.facilitator, u.admin, u.otherAdmin]) {
			expect((await refusal(ownCopiesArchive(db, actor(who), cohort.id))).status).toBe(404);
		}
	});

	it('destroys the uncarried copies, templates and wall after the notice, never a carried copy', async () => {
		const { db, u, cohort, copyOf, bilanA, notifier } = await world();
		await carryIntoBilan(db, actor(u.a), copyOf(u.a).id, bilanA.id);
		// Ended before the other tests' cohorts: the runs below find this one only.
		const ended = new Date(ENDED.getTime() - 365 * DAY);
		await endCohort(db, actor(u.facilitator), cohort.id, notifier, ended);
		const before = await db
			.select({ id: boards.id })
			.from(boards)
			.where(eq(boards.cohortId, cohort.id));
		// B's copy, the Ikigai's template and the wall.
		expect(before).toHaveLength(3);
		expect(await cohortCounts(db, cohort.id)).toEqual({ exercises: 1, copies: 1, carried: 1 });

		const almost = new Date(ended.getTime() + COHORT_NOTICE_DAYS * DAY - 1000);
		expect(await runCohortClosures(db, almost)).toEqual({ cohortIds: [], boardIds: [] });
		const due = new Date(ended.getTime() + COHORT_NOTICE_DAYS * DAY);
		const run = await runCohortClosures(db, due);
		expect(run?.cohortIds).toEqual([cohort.id]);
		expect(run?.boardIds.sort()).toEqual(before.map((b) => b.id).sort());

		const left = await db
			.select({ id: boards.id })
			.from(boards)
			.where(inArray(boards.id, [...before.map((b) => b.id), copyOf(u.a).id]));
		expect(left).toEqual([{ id: copyOf(u.a).id }]);
		const logs = await db
			.select({ boardId: boardUpdates.boardId })
			.from(boardUpdates)
			.where(
				inArray(
					boardUpdates.boardId,
					before.map((b) => b.id)
				)
			);
		expect(logs).toEqual([]);
		const [closed] = await db.select().from(cohorts).where(eq(cohorts.id, cohort.id));
		expect(closed!.closedAt).toEqual(due);
		expect((await retentionOverview(db, actor(u.admin))).cohorts).toEqual([
			expect.objectContaining({ endedAt: ended, destroyAt: due, closedAt: due })
		]);
		const [audit] = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'cohort.close'), eq(auditEvents.targetId, cohort.id)));
		expect(audit!.detail).toEqual({ copies: 1, boards: 3 });

		// Once closed: nothing more to destroy, no ZIP, and the cohort's metadata stays.
		expect(await runCohortClosures(db, new Date(due.getTime() + DAY))).toEqual({
			cohortIds: [],
			boardIds: []
		});
		expect((await refusal(ownCopiesArchive(db, actor(u.b), cohort.id))).status).toBe(404);
		expect(await cohortCounts(db, cohort.id)).toEqual({ exercises: 1, copies: 0, carried: 1 });
		expect(await carryableCopies(db, actor(u.a), bilanA)).toEqual([]);
		// The wall does not come back, empty, on the next visit.
		const [closedCohort] = await db.select().from(cohorts).where(eq(cohorts.id, cohort.id));
		expect((await refusal(cohortWall(db, closedCohort!))).status).toBe(404);
	});
});
