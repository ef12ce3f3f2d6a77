import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { BoardKind } from '../boards/kind.ts';
import { upgradeUpdate } from '../boards/upgrade.ts';
import { loadedDocument, type BoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import { BOARD_FORMAT, boards } from './db/schema.ts';

export interface UpgradeBoardsOptions {
	/**
	 * Several processes share the database (PostgreSQL): the run holds a transaction-scoped
	 * advisory lock, so a node starting alongside waits for it, then finds nothing left to do.
	 * Without it, two nodes could each set their own Y.Text on the same field, and an edit made
	 * through the first node into the Y.Text the second's then replaced would be lost. PGlite has
	 * one session (a transaction held open would block the run's own queries): leave it off.
	 */
	exclusive?: boolean;
	/** Boards read per query (the documents themselves are loaded one at a time). */
	pageSize?: number;
}

export interface UpgradeBoardsResult {
	/** Boards whose document was converted (an update appended). */
	upgraded: number;
	/** Boards found below the current format, converted or already in it. */
	checked: number;
	/** Boards of a kind this process does not know: left for a process that does. */
	skipped: number;
}

/** Lock namespace for `pg_advisory_xact_lock(namespace, 0)`. */
const UPGRADE_LOCK = 7302;

/**
 * Brings every board below `BOARD_FORMAT` to it, once, at start-up (before the sync server
 * accepts connections): loads its document through the storage, computes `upgradeUpdate` with
 * its kind's schema, appends that update through the storage like any other write (history kept,
 * sequences handed out as usual) and records the board's new format. One board in memory at a
 * time. A run interrupted between the append and the mark is harmless: the next one finds
 * nothing left to convert in that board and marks it.
 */
export async function upgradeBoards(
	db: Db,
	storage: BoardStorage,
	kinds: readonly BoardKind[],
	options: UpgradeBoardsOptions = {}
): Promise<UpgradeBoardsResult> {
	const run = () => upgradeAll(db, storage, kinds, options.pageSize ?? 100);
	if (!options.exclusive) return run();
	// The lock is held by this transaction's connection; the work runs on the pool's others.
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${UPGRADE_LOCK}, 0)`);
		return run();
	});
}

async function upgradeAll(
	db: Db,
	storage: BoardStorage,
	kinds: readonly BoardKind[],
	pageSize: number
): Promise<UpgradeBoardsResult> {
	const result: UpgradeBoardsResult = { upgraded: 0, checked: 0, skipped: 0 };
	let after = '00000000-0000-0000-0000-000000000000';
	for (;;) {
		// By id, from the last one seen: a board skipped (unknown kind) is never read again.
		const page = await db
			.select({ id: boards.id, kind: boards.kind })
			.from(boards)
			.where(and(lt(boards.format, BOARD_FORMAT), gt(boards.id, after)))
			.orderBy(asc(boards.id))
			.limit(pageSize);
		for (const board of page) {
			const kind = kinds.find((candidate) => candidate.kind === board.kind);
			if (!kind) {
				result.skipped++;
				continue;
			}
			if (await upgradeBoard(db, storage, kind, board.id)) result.upgraded++;
			result.checked++;
		}
		if (page.length < pageSize) return result;
		after = page.at(-1)!.id;
	}
}

/** Upgrades one board and marks it; true when an update was appended. */
async function upgradeBoard(
	db: Db,
	storage: BoardStorage,
	kind: BoardKind,
	boardId: string
): Promise<boolean> {
	const doc = loadedDocument(await storage.load(boardId));
	let update: Uint8Array | null;
	try {
		update = upgradeUpdate(kind.schema, doc);
	} finally {
		doc.destroy();
	}
	// A board deleted meanwhile is left out of the append, and the mark below changes no row.
	if (update) await storage.append([{ boardId, updates: [update] }]);
	await db
		.update(boards)
		.set({ format: BOARD_FORMAT })
		.where(and(eq(boards.id, boardId), lt(boards.format, BOARD_FORMAT)));
	return update !== null;
}
