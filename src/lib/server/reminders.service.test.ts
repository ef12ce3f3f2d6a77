import { describe, expect, it } from 'vitest';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { editBoard, newBoard } from '../../../tests/helpers/board-content.ts';
import { newBilanWorld } from '../../../tests/helpers/factories.ts';
import { addAction, addPiste, setActionStatus } from '../boards/action-plan/model.ts';
import { addComment } from './comments.service.ts';
import { rendezVous } from './db/schema.ts';
import { bilanReminders } from './reminders.service.ts';

describe.each(testDrivers())('reminders between séances on %s', (driver) => {
	const database = useTestDatabase(driver);

	it('lists the boards, the comments awaiting an answer, the due actions and the follow-up', async () => {
		const db = database.db;
		const { admin, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const plan = await newBoard(db, consultant, bilan.id, 'action-plan', 'Mon plan');
		const values = await newBoard(db, consultant, bilan.id, 'values', 'Mes valeurs');
		await editBoard(db, plan.id, (doc) => {
			const piste = addPiste(doc, { title: 'Reconversion' });
			addAction(doc, piste, { title: 'En retard', due: '2026-12-01' });
			addAction(doc, piste, { title: 'Bientôt', due: '2026-12-15' });
			addAction(doc, piste, { title: 'Plus tard', due: '2027-03-01' });
			addAction(doc, piste, { title: 'Sans date' });
			const done = addAction(doc, piste, { title: 'Déjà fait', due: '2026-11-20' });
			setActionStatus(doc, done, 'fait');
		});
		const now = new Date('2026-12-07T10:00:00Z');
		await db.insert(rendezVous).values([
			{
				bilanId: bilan.id,
				startsAt: new Date('2026-06-01T08:00:00Z'),
				durationMinutes: 60,
				mode: 'distanciel',
				phase: 'suivi'
			},
			{
				bilanId: bilan.id,
				startsAt: new Date('2027-06-07T08:00:00Z'),
				durationMinutes: 60,
				mode: 'distanciel',
				phase: 'suivi'
			}
		]);

		// The consultant's question waits for the beneficiary's answer, not his own comment.
		await addComment(db, consultant, values.id, { body: '@Bruno, pourquoi celle-ci ?' });
		await addComment(db, beneficiary, plan.id, { body: 'Je commence lundi.' });

		const mine = await bilanReminders(db, beneficiary, bilan, now, '2026-12-07');
		expect(mine.boards.map((b) => b.id)).toEqual([plan.id, values.id]);
		expect(mine.comments).toEqual([{ boardId: values.id, boardTitle: 'Mes valeurs', count: 1 }]);
		expect(mine.actions.map((a) => [a.title, a.due, a.overdue])).toEqual([
			['En retard', '2026-12-01', true],
			['Bientôt', '2026-12-15', false]
		]);
		expect(mine.actions.every((a) => a.boardId === plan.id)).toBe(true);
		expect(mine.followUpAt?.toISOString()).toBe('2027-06-07T08:00:00.000Z');

		// Two weeks later the second action is overdue too, and the one in March not yet due soon.
		const later = await bilanReminders(db, beneficiary, bilan, now, '2026-12-21');
		expect(later.actions.map((a) => [a.title, a.overdue])).toEqual([
			['En retard', true],
			['Bientôt', true]
		]);

		// An admin sees the bilan, never its boards nor what they hold.
		const theirs = await bilanReminders(db, admin, bilan, now, '2026-12-07');
		expect(theirs.boards).toEqual([]);
		expect(theirs.actions).toEqual([]);
		expect(theirs.comments).toEqual([]);
	});
});
