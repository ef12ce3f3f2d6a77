import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { editBoard } from '../../../tests/helpers/board-content.ts';
import { newBilanWorld } from '../../../tests/helpers/factories.ts';
import { actionPlanKind } from '../boards/action-plan/model.ts';
import { addObjectif, setRubric } from '../boards/preparation/model.ts';
import { deleteBoard, renameBoard } from './board-manage.service.ts';
import { listBoards, liveSummary } from './boards.service.ts';
import { bilanPreparation, ensurePreparationBoard } from './preparation.service.ts';

describe.each(testDrivers())('préparation on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	it('is there once, first, for the bilan’s two people: never for an admin', async () => {
		const db = database.db;
		const { admin, consultant, beneficiary, bilan } = await newBilanWorld(db);
		expect(await bilanPreparation(db, admin, bilan)).toBeNull();
		expect(await listBoards(db, consultant, bilan)).toEqual([]);
		const [first, second] = await Promise.all([
			bilanPreparation(db, consultant, bilan),
			bilanPreparation(db, beneficiary, bilan)
		]);
		expect(second!.board).toEqual(first!.board);
		expect((await listBoards(db, beneficiary, bilan)).map((b) => b.kind)).toEqual(['preparation']);
		await editBoard(db, first!.board.id, (doc) => {
			addObjectif(doc, 'Trouver un métier moins physique');
			setRubric(doc, 'mobilite', '30 km autour de Nantes');
		});
		const seen = await bilanPreparation(db, beneficiary, bilan);
		expect(seen!.summary.objectifs).toEqual(['Trouver un métier moins physique']);
		expect(seen!.summary.contraintes.find((c) => c.id === 'mobilite')?.text).toBe(
			'30 km autour de Nantes'
		);
		// Nobody renames or deletes it: it is the bilan's own.
		const id = first!.board.id;
		await expect(
			renameBoard(db, consultant, bilan.id, id, { title: 'Autre' })
		).rejects.toMatchObject({ reason: 'not_found' });
		await expect(
			deleteBoard(db, consultant, bilan.id, id, { confirm: 'on' })
		).rejects.toMatchObject({ reason: 'not_found' });
	});

	it('is not created on a read-only bilan; a bilan without one has no live summary', async () => {
		const db = database.db;
		const { consultant, bilan } = await newBilanWorld(db, { bilan: { phase: 'clos' } });
		expect(await bilanPreparation(db, consultant, bilan)).toBeNull();
		expect(await liveSummary(db, bilan.id, actionPlanKind)).toBeNull();
		const open = await newBilanWorld(db);
		const board = await ensurePreparationBoard(db, open.bilan.id, null);
		expect(await ensurePreparationBoard(db, open.bilan.id, null)).toEqual(board);
	});
});
