import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBilan, newOrganisation, newUser } from '../../../../tests/helpers/factories.ts';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../../tests/helpers/database.ts';
import { boards, boardSnapshots, users } from './schema.ts';

/** Snapshots (like synthèse versions and signatures) are proofs: the database refuses to change them. */
describe.each(testDrivers())('immutable records on %s', (driver) => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	it('refuses to update a snapshot, but lets its author and its board be deleted', async () => {
		const { db } = database;
		const org = await newOrganisation(db);
		const beneficiary = await newUser(db, 'beneficiary', org.id);
		const author = await newUser(db, 'consultant', org.id);
		const bilan = await newBilan(db, { organisationId: org.id, beneficiaryId: beneficiary.id });
		const [board] = await db
			.insert(boards)
			.values({ bilanId: bilan.id, kind: 'values', title: 'Valeurs' })
			.returning();
		const [snapshot] = await db
			.insert(boardSnapshots)
			.values({
				boardId: board!.id,
				bilanId: bilan.id,
				kind: 'values',
				label: 'Avant',
				phase: 'investigation',
				trigger: 'manual',
				seq: 0,
				state: new Uint8Array([0, 0]),
				summary: { cards: [] },
				createdBy: author.id
			})
			.returning();

		await expect(
			db.update(boardSnapshots).set({ label: 'Après' }).where(eq(boardSnapshots.id, snapshot!.id))
		).rejects.toThrow();
		await expect(
			db
				.update(boardSnapshots)
				.set({ createdBy: null, label: 'Après' })
				.where(eq(boardSnapshots.id, snapshot!.id))
		).rejects.toThrow();

		// ON DELETE SET NULL is the one change the trigger lets through.
		await db.delete(users).where(eq(users.id, author.id));
		const [kept] = await db
			.select()
			.from(boardSnapshots)
			.where(eq(boardSnapshots.id, snapshot!.id));
		expect(kept).toMatchObject({ label: 'Avant', createdBy: null, summary: { cards: [] } });

		await db.delete(boards).where(eq(boards.id, board!.id));
		expect(
			await db.select().from(boardSnapshots).where(eq(boardSnapshots.id, snapshot!.id))
		).toEqual([]);
	});
});
