import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../../../../tests/helpers/database.ts';
import {
	labelsOf,
	legacyUpdate,
	storedDoc,
	textKind
} from '../../../../tests/helpers/legacy-board.ts';
import { databaseAt, legacyBilans } from '../../../../tests/helpers/migrations.ts';
import { upgradeBoards } from '../board-upgrade.service.ts';
import { createBoardStorage } from './board-storage.ts';
import { rowsOf } from './index.ts';
import * as schema from './schema.ts';

describe.each(testDrivers())('migration 0007 (boards carry their format) on %s', (driver) => {
	const opened: { dispose(): Promise<void> }[] = [];
	afterAll(async () => {
		for (const database of opened) await database.dispose();
	});

	it('puts the boards an older release left at format 1, and start-up upgrades them', async () => {
		const database = await databaseAt(driver, '0006_seances');
		opened.push(database);
		const { db } = database;
		const {
			bilanIds: [bilanId]
		} = await legacyBilans(db);
		// Written as the older release did: no format column yet (nor the append function of 0015).
		const { id } = rowsOf<{ id: string }>(
			await db.execute(
				sql`insert into boards (bilan_id, kind, title, last_seq) values (${bilanId}, ${textKind.kind}, 'Ancien', 1) returning id`
			)
		)[0]!;
		await db.execute(
			sql`insert into board_updates (board_id, seq, data) values (${id}, 1, ${legacyUpdate({ a: 'Autonomie' })})`
		);

		await database.upgrade();
		const storage = createBoardStorage(db);

		const format = async () =>
			(await db.select().from(schema.boards).where(eq(schema.boards.id, id)))[0]?.format;
		expect(await format()).toBe(1);
		const result = await upgradeBoards(db, storage, [textKind]);
		expect(result.upgraded).toBe(1);
		expect(await format()).toBe(schema.BOARD_FORMAT);
		expect(labelsOf(await storedDoc(storage, id))).toEqual({ a: 'Autonomie' });
	});
});
