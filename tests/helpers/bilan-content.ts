import { sql } from 'drizzle-orm';
import { findBoardKind } from '../../src/lib/boards/registry.ts';
import { initialState } from '../../src/lib/server/boards.service.ts';
import { rowsOf, type Db } from '../../src/lib/server/db/index.ts';
import { summarizeState } from '../../src/lib/server/snapshots.service.ts';
import {
	boardAssets,
	boards,
	boardSnapshots,
	boardStates,
	boardUpdates,
	shareLinks,
	syntheseVersions
} from '../../src/lib/server/db/schema.ts';

/**
 * A bilan's content written straight into the tables, so destruction tests see every kind of
 * row a board holds (log, compacted state, image, snapshot) and the synthèse's (versions, share
 * links), then count them back with SQL.
 */

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/** A board of `kind` (valid initial Yjs state) with two log rows, a state, an image and a snapshot. */
export async function boardWithContent(
	db: Db,
	bilanId: string,
	kind = 'values',
	title = `Tableau ${kind}`
): Promise<string> {
	const state = initialState(findBoardKind(kind)!);
	const [board] = await db.insert(boards).values({ bilanId, kind, title, lastSeq: 2 }).returning();
	const boardId = board!.id;
	await db.insert(boardUpdates).values([
		{ boardId, seq: 1, data: state },
		{ boardId, seq: 2, data: new Uint8Array([0, 0]) }
	]);
	await db.insert(boardStates).values({ boardId, seq: 2, data: state });
	await db.insert(boardAssets).values({ boardId, mime: 'image/png', bytes: PNG, size: PNG.length });
	await db.insert(boardSnapshots).values({
		boardId,
		bilanId,
		kind,
		label: 'Instantané de test',
		phase: 'investigation',
		trigger: 'manual',
		seq: 2,
		state,
		summary: summarizeState(findBoardKind(kind), kind, state)
	});
	return boardId;
}

/** The synthèse board with its content, one validated version and one share link. */
export async function syntheseWithContent(db: Db, bilanId: string): Promise<string> {
	const boardId = await boardWithContent(db, bilanId, 'synthese', 'Document de synthèse');
	await db.insert(syntheseVersions).values({
		bilanId,
		version: 1,
		state: new Uint8Array([0, 0]),
		content: { circonstances: 'Texte validé' }
	});
	await db.insert(shareLinks).values({
		id: crypto.randomUUID(),
		secretHash: new Uint8Array(32),
		bilanId,
		recipientName: 'Tiers de test',
		expiresAt: new Date(Date.now() + 86_400_000)
	});
	return boardId;
}

async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
	const [row] = rowsOf<{ n: number | string }>(await db.execute(query));
	return Number(row!.n);
}

/** Rows left, counted with SQL, for the given boards and bilan. */
export async function contentRows(db: Db, boardIds: readonly string[], bilanId: string) {
	const ids = sql`(${sql.join(
		boardIds.map((id) => sql`${id}::uuid`),
		sql`, `
	)})`;
	return {
		boards: await count(db, sql`select count(*) as n from boards where id in ${ids}`),
		board_updates: await count(
			db,
			sql`select count(*) as n from board_updates where board_id in ${ids}`
		),
		board_states: await count(
			db,
			sql`select count(*) as n from board_states where board_id in ${ids}`
		),
		board_assets: await count(
			db,
			sql`select count(*) as n from board_assets where board_id in ${ids}`
		),
		board_snapshots: await count(
			db,
			sql`select count(*) as n from board_snapshots where board_id in ${ids}`
		),
		synthese_versions: await count(
			db,
			sql`select count(*) as n from synthese_versions where bilan_id = ${bilanId}::uuid`
		),
		share_links: await count(
			db,
			sql`select count(*) as n from share_links where bilan_id = ${bilanId}::uuid`
		)
	};
}

/** Every count of `contentRows` for `boards` boards that each hold the rows boardWithContent writes. */
export function rowsFor(boardCount: number, synthese: boolean) {
	return {
		boards: boardCount,
		board_updates: boardCount * 2,
		board_states: boardCount,
		board_assets: boardCount,
		board_snapshots: boardCount,
		synthese_versions: synthese ? 1 : 0,
		share_links: synthese ? 1 : 0
	};
}
