import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editBoard } from '../../../tests/helpers/board-content.ts';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld } from '../../../tests/helpers/factories.ts';
import {
	addAction,
	addPiste,
	moveAction,
	removePiste,
	updateAction
} from '../boards/action-plan/model.ts';
import { findBoardKind, boardKinds } from '../boards/registry.ts';
import { createBoard, findBoardWithBilan } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Actor } from './permissions.ts';
import { boardsWithNews, markBoardSeen, openBoardNews } from './news.service.ts';

describe.each(testDrivers())('nouveautés on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function open(actor: Actor, boardId: string) {
		const found = (await findBoardWithBilan(database.db, boardId))!;
		const news = await openBoardNews(database.db, actor, found, findBoardKind(found.board.kind));
		return {
			since: news.since,
			lines: news.items.map((item) => `${item.who} ${item.action} ${item.what}`)
		};
	}

	it('lists what the other person changed since one’s last visit, once, even after compaction', async () => {
		const db = database.db;
		const { admin, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const board = (kind: string, title: string) =>
			createBoard(db, consultant, bilan.id, { kind, title }, boardKinds);
		const plan = await board('action-plan', 'Mon plan');
		const values = await board('values', 'Mes valeurs');

		// First visit: nothing changed by anyone else yet.
		expect(await open(beneficiary, plan.id)).toEqual({ since: null, lines: [] });

		let reconversion = '';
		let cfa = '';
		await editBoard(
			db,
			plan.id,
			(doc) => {
				reconversion = addPiste(doc, { title: 'Reconversion' });
				cfa = addAction(doc, reconversion, { title: 'Appeler un CFA' });
			},
			consultant.id
		);
		expect(await boardsWithNews(db, beneficiary, [plan.id, values.id])).toEqual(new Set([plan.id]));
		// One's own changes are no news to oneself.
		expect(await boardsWithNews(db, consultant, [plan.id, values.id])).toEqual(new Set());

		const first = await open(beneficiary, plan.id);
		expect(first.since).toBeInstanceOf(Date);
		expect(first.lines.sort()).toEqual([
			'Claire added la piste « Reconversion »',
			'Claire added l’action « Appeler un CFA »'
		]);
		// Seen: the next visit has nothing new, and the board is no longer flagged.
		expect((await open(beneficiary, plan.id)).lines).toEqual([]);
		expect(await boardsWithNews(db, beneficiary, [plan.id])).toEqual(new Set());

		// The consultant moves the action to a new piste and renames the piste; the beneficiary
		// changes the action's notes: only the consultant's changes are news to the beneficiary.
		let emploi = '';
		await editBoard(
			db,
			plan.id,
			(doc) => {
				emploi = addPiste(doc, { title: 'Emploi' });
				moveAction(doc, cfa, emploi, 0);
			},
			consultant.id
		);
		await editBoard(
			db,
			plan.id,
			(doc) => updateAction(doc, cfa, { notes: 'Lundi' }),
			beneficiary.id
		);
		await editBoard(db, plan.id, (doc) => removePiste(doc, reconversion), consultant.id);
		// Compaction merges the log: the news are read from the change log and the ids it keeps.
		await createBoardStorage(db).compact(plan.id);

		expect((await open(beneficiary, plan.id)).lines.sort()).toEqual([
			'Claire added la piste « Emploi »',
			'Claire deleted une piste',
			'Claire moved l’action « Appeler un CFA »'
		]);
		// The consultant sees the beneficiary's notes, and not their own changes.
		expect((await open(consultant, plan.id)).lines).toEqual([
			'Bruno changed l’action « Appeler un CFA »'
		]);

		// Leaving the board marks it seen as it is then.
		await editBoard(
			db,
			plan.id,
			(doc) => updateAction(doc, cfa, { title: 'Appeler deux CFA' }),
			consultant.id
		);
		expect(await boardsWithNews(db, beneficiary, [plan.id])).toEqual(new Set([plan.id]));
		await markBoardSeen(db, beneficiary, plan.id);
		expect(await boardsWithNews(db, beneficiary, [plan.id])).toEqual(new Set());
		// An admin never opens a board, so never marks one seen.
		expect(await reason(markBoardSeen(db, admin, plan.id))).toBe('not_found');
	});
});
