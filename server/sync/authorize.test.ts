import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_LIFETIME_MS } from '../../src/lib/server/auth/session.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { bilans, boards, sessions } from '../../src/lib/server/db/schema.ts';
import { openTestDatabase, testDrivers, type TestDatabase } from '../../tests/helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../../tests/helpers/factories.ts';
import { testKind } from '../../tests/helpers/sync-client.ts';
import { authorizeBoards, batchedAuthorizer, type BoardRequest } from './authorize.ts';

const T0 = new Date('2026-11-02T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** The upgrade's and the re-check's answers: one statement for many (session, board) pairs. */
describe.each(testDrivers())('board authorization on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	const authorizeBoard = async (token: string, boardId: string, now: Date) =>
		(await authorizeBoards(database.db, [{ token, boardId }], now))[0]!;

	async function setup() {
		const db = database.db;
		const org = await newOrganisation(db);
		const consultant = await newUser(db, 'consultant', org.id);
		const beneficiary = await newUser(db, 'beneficiary', org.id);
		const admin = await newUser(db, 'admin', org.id);
		const bilan = await newBilan(db, {
			organisationId: org.id,
			beneficiaryId: beneficiary.id,
			consultantId: consultant.id
		});
		const board = await createBoard(db, consultant, bilan.id, { kind: 'test', title: 'T' }, [
			testKind
		]);
		return { consultant, beneficiary, admin, bilan, board };
	}

	it('answers every pair in order, from one set of rows', async () => {
		const db = database.db;
		const { consultant, beneficiary, admin, bilan, board } = await setup();
		const other = await setup();
		const mine = await createSession(db, beneficiary.id, T0);
		const theirs = await createSession(db, consultant.id, T0);
		const adminSession = await createSession(db, admin.id, T0);
		const [id] = mine.token.split('.');
		const answers = await authorizeBoards(
			db,
			[
				{ token: mine.token, boardId: board.id },
				{ token: theirs.token, boardId: board.id.toUpperCase() },
				{ token: mine.token, boardId: other.board.id },
				{ token: adminSession.token, boardId: board.id },
				{ token: mine.token, boardId: crypto.randomUUID() },
				{ token: mine.token, boardId: 'not-a-uuid' },
				{ token: `${id}.forged`, boardId: board.id },
				{ token: 'malformed', boardId: board.id },
				{ token: undefined, boardId: board.id }
			],
			at(1000)
		);
		expect(answers.map((a) => a.status)).toEqual([200, 200, 403, 403, 404, 404, 401, 401, 401]);
		expect(answers[0]).toEqual({
			status: 200,
			user: {
				id: beneficiary.id,
				organisationId: beneficiary.organisationId,
				email: beneficiary.email,
				name: beneficiary.name,
				role: 'beneficiary'
			},
			readOnly: false,
			kind: 'test'
		});

		await db.update(bilans).set({ phase: 'clos' }).where(eq(bilans.id, bilan.id));
		expect(await authorizeBoard(mine.token, board.id, at(2000))).toMatchObject({
			status: 200,
			readOnly: true
		});
	});

	it('answers 404 for a deleted board, as for an unknown one (close 4404)', async () => {
		const db = database.db;
		const { beneficiary, board } = await setup();
		const { token } = await createSession(db, beneficiary.id, T0);
		expect((await authorizeBoard(token, board.id, at(1000))).status).toBe(200);
		await db
			.update(boards)
			.set({ deletedAt: at(1500) })
			.where(eq(boards.id, board.id));
		expect((await authorizeBoard(token, board.id, at(2000))).status).toBe(404);
	});

	it('refuses a revoked session, and deletes an expired one once', async () => {
		const db = database.db;
		const { beneficiary, consultant, board } = await setup();
		const revoked = await createSession(db, beneficiary.id, T0);
		const expiring = await createSession(db, consultant.id, T0);
		await db.delete(sessions).where(eq(sessions.id, revoked.session.id));
		const late = at(SESSION_LIFETIME_MS + 1);
		const answers = await authorizeBoards(
			db,
			[
				{ token: revoked.token, boardId: board.id },
				{ token: expiring.token, boardId: board.id },
				{ token: expiring.token, boardId: crypto.randomUUID() }
			],
			late
		);
		expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
		const left = await db.select().from(sessions).where(eq(sessions.id, expiring.session.id));
		expect(left).toEqual([]);
	});

	it('extends a session in the second half of its life, as the pages do', async () => {
		const db = database.db;
		const { beneficiary, board } = await setup();
		const { token, session } = await createSession(db, beneficiary.id, T0);
		const now = at(SESSION_LIFETIME_MS / 2 + 1);
		const answers = await authorizeBoards(
			db,
			[
				{ token, boardId: board.id },
				{ token, boardId: crypto.randomUUID() }
			],
			now
		);
		expect(answers.map((a) => a.status)).toEqual([200, 404]);
		const [row] = await db.select().from(sessions).where(eq(sessions.id, session.id));
		expect(row?.expiresAt).toEqual(new Date(now.getTime() + SESSION_LIFETIME_MS));
	});
	it('answers the upgrades of one turn with one statement, in order, 500 pairs at most', async () => {
		const db = database.db;
		const { beneficiary, admin, board } = await setup();
		const mine = await createSession(db, beneficiary.id, T0);
		const adminSession = await createSession(db, admin.id, T0);
		const statements: number[] = [];
		const authorize = batchedAuthorizer((requests: readonly BoardRequest[]) => {
			statements.push(requests.length);
			return authorizeBoards(db, requests, at(1000));
		});
		const answers = await Promise.all([
			authorize(mine.token, board.id),
			authorize(`${mine.token.split('.')[0]}.forged`, board.id),
			authorize(adminSession.token, board.id)
		]);
		expect(answers.map((a) => a.status)).toEqual([200, 401, 403]);
		expect(statements).toEqual([3]);

		const many = await Promise.all(
			Array.from({ length: 501 }, () => authorize(mine.token, board.id))
		);
		expect(many.every((a) => a.status === 200)).toBe(true);
		expect(statements).toEqual([3, 500, 1]);
	});

	it('fails the upgrades a failed statement held, and answers the next turn again', async () => {
		const { beneficiary, board } = await setup();
		const { token } = await createSession(database.db, beneficiary.id, T0);
		let fail = true;
		const authorize = batchedAuthorizer((requests: readonly BoardRequest[]) =>
			fail
				? Promise.reject(new Error('database unavailable'))
				: authorizeBoards(database.db, requests, at(1000))
		);
		const failed = await Promise.allSettled([
			authorize(token, board.id),
			authorize(token, board.id)
		]);
		expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		fail = false;
		expect((await authorize(token, board.id)).status).toBe(200);
	});
});
