import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bilans, users } from '../../src/lib/server/db/schema.ts';
import { seedDemoIfEmpty } from '../../src/lib/server/seed.ts';
import { newOrganisation } from '../helpers/factories.ts';
import { openTestDatabase, testDrivers, type TestDatabase } from '../helpers/database.ts';

describe.each(testDrivers())('demo seed on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	it('seeds an empty database once, with four people and two bilans', async () => {
		expect(await seedDemoIfEmpty(database.db)).toBe(true);
		expect(await seedDemoIfEmpty(database.db)).toBe(false);
		const [people] = await database.db.select({ n: count() }).from(users);
		const phases = await database.db.select({ phase: bilans.phase }).from(bilans);
		expect(people?.n).toBe(4);
		expect(phases.map((b) => b.phase).sort()).toEqual(['conclusion', 'investigation']);
	});

	it('never seeds a database that already has an organisation', async () => {
		const other = await openTestDatabase(driver);
		try {
			await newOrganisation(other.db);
			expect(await seedDemoIfEmpty(other.db)).toBe(false);
			const [people] = await other.db.select({ n: count() }).from(users);
			expect(people?.n).toBe(0);
		} finally {
			await other.dispose();
		}
	});
});
