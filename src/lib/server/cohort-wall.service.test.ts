import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { actorOf as actor, newCohort } from '../../../tests/helpers/cohort-world.ts';
import { readWall, WALL_KIND } from '../boards/mur/model.ts';
import { findCohortBoard } from './cohort-exercises.service.ts';
import { cohortWall, wallOfCohort } from './cohort-wall.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { boards, cohorts } from './db/schema.ts';
import { DomainError } from './errors.ts';
import { postToWall, withdrawFromWall } from './wall.service.ts';

/** The status a call was refused with, or 'resolved'. */
function status(promise: Promise<unknown>): Promise<number | 'resolved'> {
	return promise.then(
		() => 'resolved',
		(error: unknown) => {
			if (error instanceof DomainError) return error.status;
			throw error;
		}
	);
}

describe.each(testDrivers())('cohort group wall on %s', (driver) => {
	const database = useTestDatabase(driver);

	/** A cohort: its facilitator, A and B (charter accepted), C (joined only), others. */
	async function world() {
		const db = database.db;
		const { u, cohort } = await newCohort(db, { capacity: '8' });
		const read = async (boardId: string) => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, (await createBoardStorage(db).readState(boardId)).state);
			return readWall(doc);
		};
		return { db, u, cohort, read };
	}

	it('makes one shared wall with the cohort, and one on first use for an older cohort', async () => {
		const { db, u, cohort } = await world();
		const walls = await db
			.select()
			.from(boards)
			.where(and(eq(boards.cohortId, cohort.id), eq(boards.kind, WALL_KIND)));
		expect(walls).toHaveLength(1);
		expect(walls[0]).toMatchObject({ ownerId: null, exerciseId: null });
		expect((await cohortWall(db, cohort)).id).toBe(walls[0]!.id);

		const [older] = await db
			.insert(cohorts)
			.values({
				organisationId: cohort.organisationId,
				name: 'Hiver',
				facilitatorId: u.facilitator.id,
				capacity: 8,
				startDate: '2026-01-05',
				joinCode: 'ABCDEFGH23',
				createdBy: u.facilitator.id
			})
			.returning();
		const made = await cohortWall(db, older!);
		expect((await cohortWall(db, older!)).id).toBe(made.id);
	});

	it('lets participants and the facilitator take part; the poster alone withdraws; others get 404', async () => {
		const { db, u, cohort, read } = await world();
		const wall = await wallOfCohort(db, actor(u.a), cohort.id);
		expect(await wallOfCohort(db, actor(u.facilitator), cohort.id)).toBe(wall);
		expect(await wallOfCohort(db, actor(u.b), cohort.id)).toBe(wall);
		for (const outsider of [u.c, u.admin, u.stranger]) {
			expect(await status(wallOfCohort(db, actor(outsider), cohort.id))).toBe(404);
		}

		const itemId = await postToWall(
			db,
			wall,
			{ text: 'Besoin de sens', authorName: null, sourceKind: 'values' },
			u.a.id
		);
		// The facilitator's page shows the item, and nothing of who posted it anonymously.
		const facilitatorView = await findCohortBoard(db, actor(u.facilitator), wall);
		expect(facilitatorView?.access).toBe('edit');
		expect(facilitatorView?.ownerName).toBeNull();
		expect((await read(wall)).loose).toEqual([
			expect.objectContaining({ id: itemId, text: 'Besoin de sens', author: null })
		]);
		expect((await findCohortBoard(db, actor(u.b), wall))?.access).toBe('read');
		expect(await findCohortBoard(db, actor(u.stranger), wall)).toBeNull();

		expect(await status(withdrawFromWall(db, wall, itemId, u.b.id))).toBe(403);
		expect(await status(withdrawFromWall(db, wall, itemId, u.facilitator.id))).toBe(403);
		expect((await read(wall)).count).toBe(1);
		await withdrawFromWall(db, wall, itemId, u.a.id);
		expect((await read(wall)).count).toBe(0);
	});

	it('lets nobody take part once the cohort has ended', async () => {
		const { db, u, cohort } = await world();
		await db.update(cohorts).set({ endedAt: new Date() }).where(eq(cohorts.id, cohort.id));
		for (const who of [u.facilitator, u.a]) {
			expect(await status(wallOfCohort(db, actor(who), cohort.id))).toBe(409);
		}
	});
});
