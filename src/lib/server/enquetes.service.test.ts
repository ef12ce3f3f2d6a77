import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editBoard } from '../../../tests/helpers/board-content.ts';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { addPiste, pistesRoot } from '../boards/action-plan/model.ts';
import { ENQUETE_KIND, readEnquete, setVerdict } from '../boards/enquete-metier/model.ts';
import { boardKinds, findBoardKind } from '../boards/registry.ts';
import { BoardError, createBoard, listBoards, readRelated } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { openEnquete } from './enquetes.service.ts';

/** The error's `reason`, or 'resolved'. */
function refusal(promise: Promise<unknown>): Promise<string> {
	return promise.then(
		() => 'resolved',
		(error: unknown) => (error instanceof BoardError ? error.reason : String(error))
	);
}

describe.each(testDrivers())('enquêtes métier of the pistes on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const stranger = await newUser(db, 'consultant', org.id);
		const input = { kind: 'action-plan', title: 'Plan' };
		const plan = (await createBoard(db, consultant, bilan.id, input, boardKinds)).id;
		let piste = '';
		await editBoard(db, plan, (doc) => {
			piste = addPiste(doc, { title: 'Devenir formatrice', priority: 'principale' });
		});
		// What the plan's board page reads of its enquêtes (`reads`, `relate`).
		const enquetes = async (planId = plan) =>
			(await readRelated(db, bilan.id, planId, findBoardKind('action-plan')))[ENQUETE_KIND];
		return { db, admin, consultant, beneficiary, stranger, bilan, plan, piste, enquetes };
	}

	it('creates the enquête of a piste once, linked to it, and opens the same one after', async () => {
		const { db, beneficiary, consultant, bilan, plan, piste, enquetes } = await world();
		expect(await enquetes()).toEqual([]);
		const id = await openEnquete(db, beneficiary, plan, piste);
		expect(await openEnquete(db, consultant, plan, piste)).toBe(id);
		// Two people asking at the same moment get the same board.
		const [a, b] = await Promise.all([
			openEnquete(db, beneficiary, plan, piste),
			openEnquete(db, consultant, plan, piste)
		]);
		expect([a, b]).toEqual([id, id]);
		const listed = (await listBoards(db, consultant, bilan)).filter(
			(board) => board.kind === 'enquete-metier'
		);
		expect(listed).toEqual([
			expect.objectContaining({ id, title: 'Enquête métier — Devenir formatrice' })
		]);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await createBoardStorage(db).readState(id)).state);
		expect(readEnquete(doc).link).toEqual({
			planBoardId: plan,
			pisteId: piste,
			pisteTitle: 'Devenir formatrice'
		});
		expect(readEnquete(doc).questions.length).toBeGreaterThan(0);
	});

	it('gives each piste card its enquête and the verdict as it is now', async () => {
		const { db, consultant, beneficiary, bilan, plan, piste, enquetes } = await world();
		let other = '';
		await editBoard(db, plan, (doc) => {
			other = addPiste(doc, { title: 'Ouvrir une boulangerie' });
		});
		const id = await openEnquete(db, beneficiary, plan, piste);
		await editBoard(db, id, (doc) => setVerdict(doc, 'confirmee', 'Je me lance.'));
		expect(await enquetes()).toEqual([{ pisteId: piste, boardId: id, verdict: 'confirmee' }]);
		const second = await openEnquete(db, beneficiary, plan, other);
		expect(second).not.toBe(id);
		expect(await enquetes()).toEqual([
			{ pisteId: piste, boardId: id, verdict: 'confirmee' },
			{ pisteId: other, boardId: second, verdict: null }
		]);
		// Another plan of the bilan reads only its own enquêtes.
		const input = { kind: 'action-plan', title: 'Autre plan' };
		const otherPlan = (await createBoard(db, consultant, bilan.id, input, boardKinds)).id;
		expect(await enquetes(otherPlan)).toEqual([]);
	});

	it('refuses whoever may not edit the plan, an unknown piste, and a board that is no plan', async () => {
		const { db, admin, stranger, beneficiary, plan, piste, enquetes } = await world();
		expect(await refusal(openEnquete(db, stranger, plan, piste))).toBe('not_found');
		expect(await refusal(openEnquete(db, admin, plan, piste))).toBe('not_found');
		expect(await refusal(openEnquete(db, beneficiary, plan, 'piste-inconnue'))).toBe('not_found');
		expect(await refusal(openEnquete(db, beneficiary, plan, 42))).toBe('not_found');
		const enquete = await openEnquete(db, beneficiary, plan, piste);
		expect(await refusal(openEnquete(db, beneficiary, enquete, piste))).toBe('not_found');
		// A piste deleted since: no enquête is made for it.
		await editBoard(db, plan, (doc) => pistesRoot(doc).delete(piste));
		expect(await enquetes()).toHaveLength(1);
	});
});
