import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { boardKinds } from '../boards/registry.ts';
import {
	testDrivers,
	useTestDatabase,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { registerBoardWriter } from './board-writer.ts';
import { createBoard } from './boards.service.ts';
import { auditEvents } from './db/schema.ts';
import { bilanLocks, setBoardLock } from './locks.service.ts';

describe.each(testDrivers())('board locks on %s', (driver) => {
	const database = useTestDatabase(driver);
	afterEach(() => registerBoardWriter(undefined));

	async function world() {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const board = async (kind: string) =>
			(await createBoard(db, consultant, bilan.id, { kind, title: 'Tableau' }, boardKinds)).id;
		const values = await board('values');
		const plan = await board('action-plan');
		const otherConsultant = await newUser(db, 'consultant', org.id);
		return { db, admin, consultant, beneficiary, otherConsultant, bilan, values, plan };
	}

	/** The boards whose locks the sync server is told changed, in order. */
	function syncServer(): string[] {
		const told: string[] = [];
		registerBoardWriter({
			apply: () => Promise.reject(new Error('not expected')),
			evict: () => {
				throw new Error('not expected');
			},
			recheck: () => Promise.reject(new Error('not expected')),
			locksChanged: async (boardId) => void told.push(boardId)
		});
		return told;
	}

	async function audited(db: TestDatabase['db'], boardId: string): Promise<unknown[]> {
		const rows = await db
			.select({ action: auditEvents.action, detail: auditEvents.detail })
			.from(auditEvents)
			.where(and(eq(auditEvents.targetType, 'board'), eq(auditEvents.targetId, boardId)));
		return rows;
	}

	it('the consultant locks and unlocks a part; the sync server is told, the journal keeps it', async () => {
		const w = await world();
		const told = syncServer();
		expect(await setBoardLock(w.db, w.consultant, w.values, 'pile:essentiel', true)).toEqual([
			{ boardId: w.values, part: 'pile:essentiel' }
		]);
		expect(await setBoardLock(w.db, w.consultant, w.values, 'board', true)).toEqual([
			{ boardId: w.values, part: 'pile:essentiel' },
			{ boardId: w.values, part: 'board' }
		]);
		// Locking what is locked changes nothing, and journals nothing.
		await setBoardLock(w.db, w.consultant, w.values, 'board', true);
		expect(await setBoardLock(w.db, w.consultant, w.values, 'board', false)).toEqual([
			{ boardId: w.values, part: 'pile:essentiel' }
		]);
		expect(told).toEqual([w.values, w.values, w.values, w.values]);
		expect(await audited(w.db, w.values)).toEqual([
			{ action: 'board.lock', detail: { bilanId: w.bilan.id, part: 'pile:essentiel' } },
			{ action: 'board.lock', detail: { bilanId: w.bilan.id, part: 'board' } },
			{ action: 'board.unlock', detail: { bilanId: w.bilan.id, part: 'board' } }
		]);
	});

	it('only the consultant in charge locks; others are refused, a stranger does not see it', async () => {
		const w = await world();
		const told = syncServer();
		const lock = (actor: typeof w.consultant) =>
			reason(setBoardLock(w.db, actor, w.values, 'deck', true));
		expect(await lock(w.beneficiary)).toBe('forbidden');
		expect(await lock(w.admin)).toBe('forbidden');
		expect(await lock(w.otherConsultant)).toBe('not_found');
		expect(await reason(setBoardLock(w.db, w.consultant, 'pas-un-id', 'deck', true))).toBe(
			'not_found'
		);
		expect(await reason(setBoardLock(w.db, w.consultant, crypto.randomUUID(), 'deck', true))).toBe(
			'not_found'
		);
		expect(told).toEqual([]);
	});

	it('refuses a part the board’s kind does not have, in French', async () => {
		const w = await world();
		syncServer();
		for (const part of ['zone:passion', 'pile:nope', '', 'x'.repeat(101), 42, null]) {
			const refused = setBoardLock(w.db, w.consultant, w.values, part, true);
			await expect(refused).rejects.toThrow(
				'Cette partie du tableau ne peut pas être verrouillée.'
			);
		}
		expect(await reason(setBoardLock(w.db, w.consultant, w.plan, 'action:action-1', true))).toBe(
			'resolved'
		);
		expect(await reason(setBoardLock(w.db, w.consultant, w.plan, 'deck', true))).toBe('invalid');
	});

	it('lists the locks of every board of a bilan for those who work on it', async () => {
		const w = await world();
		syncServer();
		await setBoardLock(w.db, w.consultant, w.values, 'deck', true);
		await setBoardLock(w.db, w.consultant, w.plan, 'board', true);
		const expected = [
			{ boardId: w.values, part: 'deck' },
			{ boardId: w.plan, part: 'board' }
		];
		expect(await bilanLocks(w.db, w.consultant, w.bilan.id)).toEqual(expected);
		expect(await bilanLocks(w.db, w.beneficiary, w.bilan.id)).toEqual(expected);
		expect(await bilanLocks(w.db, w.admin, w.bilan.id)).toEqual([]);
		expect(await reason(bilanLocks(w.db, w.otherConsultant, w.bilan.id))).toBe('not_found');
	});
});
