import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { boardWithContent, syntheseWithContent } from '../../../tests/helpers/bilan-content.ts';
import {
	testDrivers,
	useTestDatabase,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason as errorReason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { registerBoardWriter } from './board-writer.ts';
import { DELETE_SNAPSHOT_LABEL, deleteBoard, renameBoard } from './board-manage.service.ts';
import { BoardError, findBoardWithBilan, listBoards, listDeletedBoards } from './boards.service.ts';
import { closeBilan, recordAgreement } from './closure.service.ts';
import { loadAsset } from './board-assets.service.ts';
import { auditEvents, bilans, boardAssets, boards } from './db/schema.ts';
import { getSnapshot, listBilanSnapshots, takeSnapshot } from './snapshots.service.ts';

/** How a call ended: 'resolved', or the typed reason of its board, permission or input error. */
function reason(promise: Promise<unknown>): Promise<string> {
	return promise.then(
		() => 'resolved',
		(error: unknown) =>
			error instanceof BoardError ? error.reason : errorReason(Promise.reject(error))
	);
}

describe.each(testDrivers())('renaming and deleting boards on %s', (driver) => {
	const database = useTestDatabase(driver);
	afterEach(() => registerBoardWriter(undefined));

	async function world() {
		const db = database.db;
		const people = await newBilanWorld(db, { bilan: { phase: 'investigation' } });
		const other = await newBilanWorld(db);
		const otherConsultant = await newUser(db, 'consultant', people.org.id);
		const board = await boardWithContent(db, people.bilan.id, 'ikigai', 'Mon ikigai');
		return { db, ...people, other, otherConsultant, board };
	}

	/** The boards the sync server is told to drop (close 4404, unload). */
	function evicted(): string[] {
		const told: string[] = [];
		registerBoardWriter({
			apply: () => Promise.reject(new Error('not expected')),
			evict: (boardIds) => void told.push(...boardIds),
			recheck: async () => {},
			locksChanged: () => Promise.reject(new Error('not expected'))
		});
		return told;
	}

	async function audits(db: TestDatabase['db'], boardId: string, action: string) {
		return db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetId, boardId), eq(auditEvents.action, action)));
	}

	it('lets the consultant and the beneficiary rename a board, audited; nobody else', async () => {
		const w = await world();
		const renamed = await renameBoard(w.db, w.beneficiary, w.bilan.id, w.board, {
			title: '  Ce qui me fait vibrer  '
		});
		expect(renamed.title).toBe('Ce qui me fait vibrer');
		await renameBoard(w.db, w.consultant, w.bilan.id, w.board, { title: 'Mon ikigai (v2)' });
		expect((await listBoards(w.db, w.consultant, w.bilan)).map((b) => b.title)).toEqual([
			'Mon ikigai (v2)'
		]);
		const [first] = await audits(w.db, w.board, 'board.rename');
		expect(first).toMatchObject({ actorId: w.beneficiary.id, targetType: 'board' });
		// The audit trail holds no board content, not even the title.
		expect(JSON.stringify(first!.detail)).not.toContain('vibrer');

		const rename = (actor: typeof w.admin, bilanId = w.bilan.id) =>
			reason(renameBoard(w.db, actor, bilanId, w.board, { title: 'Autre' }));
		expect(await rename(w.admin)).toBe('not_found');
		expect(await rename(w.otherConsultant)).toBe('not_found');
		expect(await rename(w.other.consultant)).toBe('not_found');
		// Through another bilan of one's own, the board is not found either.
		expect(await rename(w.other.consultant, w.other.bilan.id)).toBe('not_found');
		expect(await reason(renameBoard(w.db, w.consultant, w.bilan.id, w.board, { title: ' ' }))).toBe(
			'invalid_title'
		);
		expect(
			await reason(renameBoard(w.db, w.consultant, w.bilan.id, w.board, { title: 'x'.repeat(121) }))
		).toBe('invalid_title');
	});

	it('never renames a closed bilan’s board nor the synthèse', async () => {
		const w = await world();
		const synthese = await syntheseWithContent(w.db, w.bilan.id);
		expect(
			await reason(renameBoard(w.db, w.consultant, w.bilan.id, synthese, { title: 'Autre' }))
		).toBe('not_found');
		await w.db.update(bilans).set({ phase: 'suivi' }).where(eq(bilans.id, w.bilan.id));
		expect(
			await reason(renameBoard(w.db, w.beneficiary, w.bilan.id, w.board, { title: 'Autre' }))
		).toBe('forbidden');
	});

	it('deletes for the consultant in charge only, after confirmation', async () => {
		const w = await world();
		const remove = (actor: typeof w.admin, confirm: unknown = 'on') =>
			reason(deleteBoard(w.db, actor, w.bilan.id, w.board, { confirm }));
		expect(await remove(w.beneficiary)).toBe('forbidden');
		expect(await remove(w.admin)).toBe('not_found');
		expect(await remove(w.otherConsultant)).toBe('not_found');
		expect(await remove(w.other.consultant)).toBe('not_found');
		expect(await remove(w.consultant, null)).toBe('invalid');
		expect(await remove(w.consultant, 'off')).toBe('invalid');
		// Nothing happened meanwhile.
		expect(await findBoardWithBilan(w.db, w.board)).not.toBeNull();
		expect(await audits(w.db, w.board, 'board.delete')).toEqual([]);
	});

	it('deletes the live board but keeps its snapshots, with a last one, in the record', async () => {
		const w = await world();
		const told = evicted();
		const before = await listBilanSnapshots(w.db, w.consultant, w.bilan);

		const deleted = await deleteBoard(w.db, w.consultant, w.bilan.id, w.board, { confirm: 'on' });

		expect(told).toEqual([w.board]);
		expect(await listBoards(w.db, w.beneficiary, w.bilan)).toEqual([]);
		expect((await listDeletedBoards(w.db, w.beneficiary, w.bilan)).map((b) => b.id)).toEqual([
			w.board
		]);
		expect(await listDeletedBoards(w.db, w.admin, w.bilan)).toEqual([]);
		expect(await findBoardWithBilan(w.db, w.board)).toBeNull();
		const snapshots = await listBilanSnapshots(w.db, w.beneficiary, w.bilan);
		expect(snapshots.map((s) => s.id)).toEqual([
			deleted.snapshotId,
			...before.map((snapshot) => snapshot.id)
		]);
		expect(snapshots[0]).toMatchObject({ boardId: w.board, label: DELETE_SNAPSHOT_LABEL });
		expect((await getSnapshot(w.db, w.beneficiary, deleted.snapshotId)).boardId).toBe(w.board);
		const [audit] = await audits(w.db, w.board, 'board.delete');
		expect(audit).toMatchObject({ actorId: w.consultant.id });

		// Gone for every change: no second delete, no rename, no new snapshot.
		expect(
			await reason(deleteBoard(w.db, w.consultant, w.bilan.id, w.board, { confirm: 'on' }))
		).toBe('not_found');
		expect(
			await reason(renameBoard(w.db, w.consultant, w.bilan.id, w.board, { title: 'Autre' }))
		).toBe('not_found');
		expect(await reason(takeSnapshot(w.db, w.consultant, w.board, {}))).toBe('not_found');
		// Its images still show in its snapshots.
		const [image] = await w.db.select().from(boardAssets).where(eq(boardAssets.boardId, w.board));
		expect((await loadAsset(w.db, w.beneficiary, w.board, image!.id)).bytes.length).toBe(
			image!.size
		);
	});

	it('destroys a deleted board at the close, even one chosen to be kept before', async () => {
		const w = await world();
		await w.db.update(bilans).set({ phase: 'conclusion' }).where(eq(bilans.id, w.bilan.id));
		await recordAgreement(w.db, w.beneficiary, w.bilan.id, {
			synthese: 'false',
			boardIds: [w.board]
		});
		evicted();
		await deleteBoard(w.db, w.consultant, w.bilan.id, w.board, { confirm: 'on' });
		const closed = await closeBilan(w.db, w.consultant, w.bilan.id, { withoutSynthese: true });
		expect(closed.destroyedBoardIds).toEqual([w.board]);
		expect(await w.db.select().from(boards).where(eq(boards.id, w.board))).toEqual([]);
	});
});
