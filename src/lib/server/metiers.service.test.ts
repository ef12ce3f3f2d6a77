import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { newBoard } from '../../../tests/helpers/board-content.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { readActionPlan } from '../boards/action-plan/model.ts';
import { boardKinds } from '../boards/registry.ts';
import { LOCK_WHOLE_BOARD } from '../seance/protocol.ts';
import { createBoard } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { BoardLockedError, setBoardLock } from './locks.service.ts';
import {
	addMetierAsPiste,
	explorationContext,
	ficheMetier,
	MetierError,
	searchMetiers,
	suggestMetiers
} from './metiers.service.ts';

function statusOf(run: () => unknown): number | 'ok' {
	try {
		run();
		return 'ok';
	} catch (cause) {
		if (cause instanceof MetierError) return cause.status;
		throw cause;
	}
}

describe('métiers: bounds of what one may ask', () => {
	it('refuses a malformed code (400), an unknown one (404), a query too long or a bad limit', () => {
		expect(ficheMetier('J1506').code).toBe('J1506');
		expect(statusOf(() => ficheMetier('j1506'))).toBe(400);
		expect(statusOf(() => ficheMetier('J15067'))).toBe(400);
		expect(statusOf(() => ficheMetier('Z9999'))).toBe(400);
		expect(statusOf(() => ficheMetier('A9999'))).toBe(404);
		expect(statusOf(() => searchMetiers('x'.repeat(101)))).toBe(400);
		expect(statusOf(() => searchMetiers('boulanger', '0'))).toBe(400);
		expect(statusOf(() => searchMetiers('boulanger', '51'))).toBe(400);
		expect(searchMetiers('boulanger', '3')).toHaveLength(3);
	});

	it('suggests from known centres only, the first one weighing most', () => {
		expect(statusOf(() => suggestMetiers('99'))).toBe(400);
		expect(statusOf(() => suggestMetiers('1,x'))).toBe(400);
		expect(suggestMetiers('')).toEqual([]);
		const both = suggestMetiers('1,22', '50');
		expect(both[0]!.centres).toContain(1);
		expect(suggestMetiers('22,1', '1')[0]!.centres).toContain(22);
	});
});

describe.each(testDrivers())('a métier added as a piste on %s', (driver) => {
	const database = useTestDatabase(driver);

	it('writes the piste through the board storage, linked by its code; edit access only', async () => {
		const { db } = database;
		const { consultant, beneficiary, admin, bilan } = await newBilanWorld(db);
		const plan = await newBoard(db, consultant, bilan.id, 'action-plan', 'Mon plan');
		const values = await newBoard(db, consultant, bilan.id, 'values', 'Valeurs');

		const context = await explorationContext(db, beneficiary, bilan.id);
		expect(context).toEqual({ bilanId: bilan.id, plans: [{ id: plan.id, title: 'Mon plan' }] });
		expect(await explorationContext(db, admin, bilan.id)).toBeNull();
		const stranger = await newUser(db, 'beneficiary');
		expect(await explorationContext(db, stranger, bilan.id)).toBeNull();

		const pisteId = await addMetierAsPiste(db, beneficiary, plan.id, 'J1506');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await createBoardStorage(db).readState(plan.id)).state);
		const [piste] = readActionPlan(doc, '2026-12-01').pistes;
		expect(piste).toMatchObject({
			id: pisteId,
			title: 'Infirmier / Infirmière en soins généraux (IDE)',
			metier: { code: 'J1506', libelle: 'Infirmier / Infirmière en soins généraux (IDE)' }
		});

		await expect(addMetierAsPiste(db, admin, plan.id, 'J1506')).rejects.toMatchObject({
			status: 404
		});
		await expect(addMetierAsPiste(db, beneficiary, values.id, 'J1506')).rejects.toMatchObject({
			status: 400
		});
		await expect(addMetierAsPiste(db, beneficiary, plan.id, 'A9999')).rejects.toMatchObject({
			status: 404
		});
	});

	it('adds no piste to a plan locked during a séance, as the sync server would refuse it', async () => {
		const { db } = database;
		const { consultant, beneficiary, bilan } = await newBilanWorld(db);
		const input = { kind: 'action-plan', title: 'Plan verrouillé' };
		const plan = await createBoard(db, consultant, bilan.id, input, boardKinds);
		const pistes = async () => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, (await createBoardStorage(db).readState(plan.id)).state);
			const ids = readActionPlan(doc, '2026-12-01').pistes.map((piste) => piste.id);
			doc.destroy();
			return ids;
		};
		const first = await addMetierAsPiste(db, beneficiary, plan.id, 'J1506');

		// A lock on one piste leaves room for a new one beside it.
		await setBoardLock(db, consultant, plan.id, `piste:${first}`, true);
		const second = await addMetierAsPiste(db, beneficiary, plan.id, 'D1102');
		expect(await pistes()).toEqual([first, second]);

		await setBoardLock(db, consultant, plan.id, LOCK_WHOLE_BOARD, true);
		const refused = addMetierAsPiste(db, beneficiary, plan.id, 'D1102');
		await expect(refused).rejects.toBeInstanceOf(BoardLockedError);
		await expect(refused).rejects.toMatchObject({ status: 423 });
		expect(await pistes()).toEqual([first, second]);

		await setBoardLock(db, consultant, plan.id, LOCK_WHOLE_BOARD, false);
		const third = await addMetierAsPiste(db, beneficiary, plan.id, 'D1102');
		expect(await pistes()).toEqual([first, second, third]);
	});
});
