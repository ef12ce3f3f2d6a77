import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../../tests/helpers/database.ts';
import { isUniqueViolation } from './errors.ts';
import { rowsOf } from './index.ts';

describe('PGlite in its worker thread', () => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase('pglite');
		await database.db.execute(sql`create table worker_probe (id int primary key)`);
	});
	afterAll(() => database.dispose());

	it('answers bytea, int8 and timestamps as drizzle reads them', async () => {
		const [row] = rowsOf<{ b: unknown; i: unknown; t: unknown }>(
			await database.db.execute(
				sql`select '\\x0102ff'::bytea as b, 9007199254740993::int8 as i, '2026-01-02 03:04:05'::timestamp as t`
			)
		);
		expect(row).toEqual({
			b: new Uint8Array([1, 2, 255]),
			i: 9007199254740993n,
			t: '2026-01-02 03:04:05'
		});
	});

	it('keeps the SQLSTATE code of an error', async () => {
		await database.db.execute(sql`insert into worker_probe values (1)`);
		const error = await database.db
			.execute(sql`insert into worker_probe values (1)`)
			.catch((e) => e);
		expect(isUniqueViolation(error)).toBe(true);
	});

	it('runs no other query inside an open transaction', async () => {
		let outside: Promise<unknown> | undefined;
		const rolledBack = await database.db
			.transaction(async (tx) => {
				await tx.execute(sql`insert into worker_probe values (2)`);
				// Issued while the transaction is open: it must wait for its end, not see its row.
				outside = database.db.execute(sql`select id from worker_probe where id = 2`);
				await tx.execute(sql`insert into worker_probe values (3)`);
				throw new Error('rolled back');
			})
			.catch((e: Error) => e.message);
		expect(rolledBack).toBe('rolled back');
		expect(rowsOf(await outside)).toEqual([]);
		await database.db.transaction(async (tx) => {
			await tx.execute(sql`insert into worker_probe values (4)`);
		});
		expect(rowsOf(await database.db.execute(sql`select id from worker_probe order by id`))).toEqual(
			[{ id: 1 }, { id: 4 }]
		);
	});

	it('refuses queries once closed', async () => {
		const closed = await openTestDatabase('pglite');
		await closed.dispose();
		await expect(closed.db.execute(sql`select 1`)).rejects.toThrow();
	});
});
