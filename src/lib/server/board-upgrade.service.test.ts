import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../../../tests/helpers/factories.ts';
import {
	labelsOf,
	newLegacyBoard,
	storedDoc,
	textKind
} from '../../../tests/helpers/legacy-board.ts';
import { upgradeBoards } from './board-upgrade.service.ts';
import { createBoardStorage, type BoardStorage } from './db/board-storage.ts';
import { BOARD_FORMAT, boards } from './db/schema.ts';

describe.each(testDrivers())('upgradeBoards on %s', (driver) => {
	let database: TestDatabase;
	let storage: BoardStorage;
	let bilanId: string;
	const exclusive = driver === 'postgres';

	beforeAll(async () => {
		database = await openTestDatabase(driver);
		storage = createBoardStorage(database.db);
		const org = await newOrganisation(database.db);
		const beneficiary = await newUser(database.db, 'beneficiary', org.id);
		bilanId = (
			await newBilan(database.db, { organisationId: org.id, beneficiaryId: beneficiary.id })
		).id;
	});
	afterAll(() => database?.dispose());

	async function formats(ids: string[]): Promise<Record<string, number>> {
		const rows = await database.db
			.select({ id: boards.id, format: boards.format })
			.from(boards)
			.where(inArray(boards.id, ids));
		return Object.fromEntries(rows.map((row) => [row.id, row.format]));
	}

	it('converts each old board once through the storage, text kept; a second run does nothing', async () => {
		const labels = { a: 'Autonomie', b: 'Créativité', c: '' };
		const ids = [
			await newLegacyBoard(database.db, storage, bilanId, labels),
			await newLegacyBoard(database.db, storage, bilanId, { d: 'Sécurité' }),
			await newLegacyBoard(database.db, storage, bilanId, {})
		];
		const seqs = await storage.lastSeqs(ids);

		// One board per query, to go through the pages too.
		const result = await upgradeBoards(database.db, storage, [textKind], {
			exclusive,
			pageSize: 1
		});

		// The third board's title was a string too: every board had something to convert.
		expect(result).toEqual({ upgraded: 3, checked: 3, skipped: 0 });
		expect(await formats(ids)).toEqual(Object.fromEntries(ids.map((id) => [id, BOARD_FORMAT])));
		const after = await storage.lastSeqs(ids);
		for (const id of ids) expect(after.get(id)).toBe(seqs.get(id)! + 1);
		const doc = await storedDoc(storage, ids[0]!);
		expect(labelsOf(doc)).toEqual(labels);
		const card = doc.getMap<Y.Map<unknown>>('cards').get('a')!;
		expect(card.get('label')).toBeInstanceOf(Y.Text);
		expect(card.get('pile')).toBe('essentiel');
		expect(String(doc.getMap('meta').get('title'))).toBe('Mes valeurs');

		expect(await upgradeBoards(database.db, storage, [textKind], { exclusive })).toEqual({
			upgraded: 0,
			checked: 0,
			skipped: 0
		});
		expect(await storage.lastSeqs(ids)).toEqual(after);
	});

	it('marks a board already in the current format without writing to it', async () => {
		const id = await newLegacyBoard(database.db, storage, bilanId, {});
		const doc = await storedDoc(storage, id);
		const before = Y.encodeStateVector(doc);
		doc.getMap('meta').set('title', new Y.Text('Déjà converti'));
		await storage.append([{ boardId: id, updates: [Y.encodeStateAsUpdate(doc, before)] }]);
		const seq = (await storage.lastSeqs([id])).get(id);

		const result = await upgradeBoards(database.db, storage, [textKind], { exclusive });

		expect(result).toEqual({ upgraded: 0, checked: 1, skipped: 0 });
		expect((await storage.lastSeqs([id])).get(id)).toBe(seq);
		expect(await formats([id])).toEqual({ [id]: BOARD_FORMAT });
	});

	it('leaves a board of a kind this process does not know for one that does', async () => {
		const id = await newLegacyBoard(database.db, storage, bilanId, { a: 'Autonomie' }, 'unknown');
		const result = await upgradeBoards(database.db, storage, [textKind], { exclusive });
		expect(result).toEqual({ upgraded: 0, checked: 0, skipped: 1 });
		expect(await formats([id])).toEqual({ [id]: 1 });
		await database.db.delete(boards).where(eq(boards.id, id));
	});

	it('starts a board created by today’s models at the current format', async () => {
		const [board] = await database.db
			.insert(boards)
			.values({ bilanId, kind: textKind.kind, title: 'Nouveau' })
			.returning();
		expect(board!.format).toBe(BOARD_FORMAT);
	});

	it('two runs at once (two nodes starting together) leave each text once', async () => {
		const ids = [
			await newLegacyBoard(database.db, storage, bilanId, { a: 'Autonomie' }),
			await newLegacyBoard(database.db, storage, bilanId, { b: 'Créativité' })
		];
		const seqs = await storage.lastSeqs(ids);
		const results = await Promise.all([
			upgradeBoards(database.db, storage, [textKind], { exclusive }),
			upgradeBoards(database.db, storage, [textKind], { exclusive })
		]);
		expect(labelsOf(await storedDoc(storage, ids[0]!))).toEqual({ a: 'Autonomie' });
		expect(labelsOf(await storedDoc(storage, ids[1]!))).toEqual({ b: 'Créativité' });
		if (exclusive) {
			// PostgreSQL: the second run waits for the first, then finds nothing left.
			expect(results.map((result) => result.upgraded).sort()).toEqual([0, 2]);
			const after = await storage.lastSeqs(ids);
			for (const id of ids) expect(after.get(id)).toBe(seqs.get(id)! + 1);
		}
	});
});
