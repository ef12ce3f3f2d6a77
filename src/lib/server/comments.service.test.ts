import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld } from '../../../tests/helpers/factories.ts';
import { mentionParts, mentions } from '../boards/comments.ts';
import { boardKinds } from '../boards/registry.ts';
import { createBoard } from './boards.service.ts';
import {
	addComment,
	awaitingAnswer,
	COMMENTS_PER_BOARD_MAX,
	listBoardComments,
	openQuestions,
	setThreadResolved
} from './comments.service.ts';
import { bilans, boardComments, boards } from './db/schema.ts';

describe('mentions', () => {
	it('finds @Prénom in any case, not inside a longer word', () => {
		expect(mentions('Merci @claire !', 'Claire')).toBe(true);
		expect(mentions('@Clairette a raison', 'Claire')).toBe(false);
		expect(mentions('claire@exemple.fr', 'Claire')).toBe(false);
		expect(mentionParts('@Bruno, vu avec @Claire.', ['Claire', 'Bruno'])).toEqual([
			{ text: '@Bruno', mention: true },
			{ text: ', vu avec ', mention: false },
			{ text: '@Claire', mention: true },
			{ text: '.', mention: false }
		]);
	});
});

describe.each(testDrivers())('comments on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const people = await newBilanWorld(db);
		const board = await createBoard(
			db,
			people.consultant,
			people.bilan.id,
			{ kind: 'values', title: 'Mes valeurs' },
			boardKinds
		);
		return { db, board, ...people };
	}

	it('keeps threads with replies, on an item or the whole board, and resolves them', async () => {
		const { db, board, consultant, beneficiary, bilan } = await world();
		const question = await addComment(db, beneficiary, board.id, {
			body: '  Pourquoi « Autonomie » en premier, @Claire ?  ',
			itemKey: 'autonomie',
			itemLabel: ' Autonomie ',
			question: 'on'
		});
		await addComment(db, consultant, board.id, { body: 'Bel ensemble !' });
		await addComment(db, consultant, board.id, {
			body: 'On en parle lundi, @Bruno.',
			parentId: question.id
		});

		const { threads, people } = await listBoardComments(db, beneficiary, board.id);
		expect(people.map((p) => [p.id, p.firstName]).sort()).toEqual(
			[
				[beneficiary.id, 'Bruno'],
				[consultant.id, 'Claire']
			].sort()
		);
		expect(
			threads.map((t) => ({
				item: t.itemLabel,
				key: t.itemKey,
				who: t.authorName,
				body: t.body,
				question: t.question,
				replies: t.replies.map((r) => `${r.authorName}: ${r.body}`)
			}))
		).toEqual([
			{
				item: 'Autonomie',
				key: 'autonomie',
				who: 'Bruno',
				body: 'Pourquoi « Autonomie » en premier, @Claire ?',
				question: true,
				replies: ['Claire: On en parle lundi, @Bruno.']
			},
			{ item: null, key: null, who: 'Claire', body: 'Bel ensemble !', question: false, replies: [] }
		]);

		// The open question is on the agenda of the next rendez-vous, for both of them.
		for (const actor of [consultant, beneficiary]) {
			expect(
				(await openQuestions(db, actor, bilan)).map((q) => [q.boardTitle, q.itemLabel, q.body])
			).toEqual([['Mes valeurs', 'Autonomie', 'Pourquoi « Autonomie » en premier, @Claire ?']]);
		}
		// Claire answered last on the question, Bruno has not answered her remark.
		expect(await awaitingAnswer(db, beneficiary, bilan)).toEqual([
			{ boardId: board.id, boardTitle: 'Mes valeurs', count: 2 }
		]);
		expect(await awaitingAnswer(db, consultant, bilan)).toEqual([]);

		await setThreadResolved(db, consultant, board.id, question.id, true);
		const [resolved] = (await listBoardComments(db, consultant, board.id)).threads;
		expect(resolved!.resolvedAt).toBeInstanceOf(Date);
		expect(resolved!.resolvedByName).toBe('Claire');
		expect(await openQuestions(db, beneficiary, bilan)).toEqual([]);
		expect((await awaitingAnswer(db, beneficiary, bilan))[0]!.count).toBe(1);

		// Reopened: back on the agenda.
		await setThreadResolved(db, beneficiary, board.id, question.id, false);
		expect(await openQuestions(db, consultant, bilan)).toHaveLength(1);
		const [reopened] = (await listBoardComments(db, consultant, board.id)).threads;
		expect([reopened!.resolvedAt, reopened!.resolvedByName]).toEqual([null, null]);

		// A reply is never a thread of its own: one cannot reply to it nor resolve it.
		const reply = (await listBoardComments(db, consultant, board.id)).threads[0]!.replies[0]!;
		expect(
			await reason(addComment(db, beneficiary, board.id, { body: 'Oui', parentId: reply.id }))
		).toBe('invalid');
		expect(await reason(setThreadResolved(db, consultant, board.id, reply.id, true))).toBe(
			'invalid'
		);
	});

	it('leaves a deleted board’s questions off the agenda; they stay readable, not writable', async () => {
		const { db, board, consultant, beneficiary, bilan } = await world();
		await addComment(db, consultant, board.id, { body: 'À voir lundi', question: true });
		await db.update(boards).set({ deletedAt: new Date() }).where(eq(boards.id, board.id));
		expect(await openQuestions(db, consultant, bilan)).toEqual([]);
		expect(await awaitingAnswer(db, beneficiary, bilan)).toEqual([]);
		expect((await listBoardComments(db, beneficiary, board.id)).threads).toHaveLength(1);
		expect(await reason(addComment(db, beneficiary, board.id, { body: 'Et alors ?' }))).toBe(
			'not_found'
		);
	});

	it('refuses an empty or too long comment, and an item without its name', async () => {
		const { db, board, beneficiary } = await world();
		expect(await reason(addComment(db, beneficiary, board.id, { body: '   ' }))).toBe('invalid');
		expect(await reason(addComment(db, beneficiary, board.id, { body: 'x'.repeat(2001) }))).toBe(
			'invalid'
		);
		expect(await reason(addComment(db, beneficiary, board.id, { body: 'Ici', itemKey: 'a' }))).toBe(
			'invalid'
		);
		expect(
			await reason(addComment(db, beneficiary, board.id, { body: 'Ici', itemLabel: 'Autonomie' }))
		).toBe('invalid');
		expect((await listBoardComments(db, beneficiary, board.id)).threads).toEqual([]);
	});

	it('takes at most COMMENTS_PER_BOARD_MAX comments on a board', async () => {
		const { db, board, bilan, beneficiary } = await world();
		await db.insert(boardComments).values(
			Array.from({ length: COMMENTS_PER_BOARD_MAX - 1 }, (_, i) => ({
				boardId: board.id,
				bilanId: bilan.id,
				authorId: beneficiary.id,
				body: `Commentaire ${i}`
			}))
		);
		await addComment(db, beneficiary, board.id, { body: 'Le dernier qui tient' });
		expect(await reason(addComment(db, beneficiary, board.id, { body: 'Un de trop' }))).toBe(
			'invalid'
		);
		const { threads } = await listBoardComments(db, beneficiary, board.id);
		expect(threads).toHaveLength(COMMENTS_PER_BOARD_MAX);
	});

	it('shows comments to the bilan’s two people only; a closed bilan’s are read-only', async () => {
		const { db, board, admin, consultant, beneficiary, bilan } = await world();
		const other = await newBilanWorld(db, { organisation: 'Autre' });
		const thread = await addComment(db, beneficiary, board.id, {
			body: 'Une question',
			question: true
		});

		// An admin never sees them, not even how many there are.
		expect(await reason(listBoardComments(db, admin, board.id))).toBe('not_found');
		expect(await reason(addComment(db, admin, board.id, { body: 'Vu' }))).toBe('not_found');
		expect(await reason(setThreadResolved(db, admin, board.id, thread.id, true))).toBe('not_found');
		expect(await openQuestions(db, admin, bilan)).toEqual([]);
		expect(await awaitingAnswer(db, admin, bilan)).toEqual([]);

		// Another bilan's people neither.
		for (const stranger of [other.consultant, other.beneficiary, other.admin]) {
			expect(await reason(listBoardComments(db, stranger, board.id))).toBe('not_found');
			expect(await reason(addComment(db, stranger, board.id, { body: 'Vu' }))).toBe('not_found');
			expect(await openQuestions(db, stranger, bilan)).toEqual([]);
		}
		// A thread of another board is not found through this one.
		const elsewhere = await createBoard(
			db,
			other.consultant,
			other.bilan.id,
			{ kind: 'values', title: 'Ailleurs' },
			boardKinds
		);
		expect(
			await reason(setThreadResolved(db, other.consultant, elsewhere.id, thread.id, true))
		).toBe('invalid');

		// Closed: both still read, nobody writes.
		await db.update(bilans).set({ phase: 'clos' }).where(eq(bilans.id, bilan.id));
		expect((await listBoardComments(db, beneficiary, board.id)).threads).toHaveLength(1);
		expect(await reason(addComment(db, beneficiary, board.id, { body: 'Encore' }))).toBe(
			'forbidden'
		);
		expect(await reason(setThreadResolved(db, consultant, board.id, thread.id, true))).toBe(
			'forbidden'
		);

		// Destroying the board takes its comments along.
		await db.delete(boards).where(eq(boards.id, board.id));
		expect(await openQuestions(db, consultant, bilan)).toEqual([]);
	});
});
