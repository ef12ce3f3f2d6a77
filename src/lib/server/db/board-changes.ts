import { and, asc, eq, gt } from 'drizzle-orm';
import type { ChangeIds, LoggedChange } from '../../boards/changes-since.ts';
import type { Db } from './index.ts';
import { boardChanges } from './schema.ts';

/** One row of the change log: a person's consecutive changes of a board (`boardChanges`). */
export interface ChangeRow {
	boardId: string;
	fromSeq: number;
	toSeq: number;
	userId: string | null;
	at: Date;
	ids: ChangeIds;
}

/** Writes rows of the change log; a row already written (a retried flush) is kept as it is. */
export async function writeBoardChanges(db: Db, rows: readonly ChangeRow[]): Promise<void> {
	if (rows.length === 0) return;
	await db
		.insert(boardChanges)
		.values([...rows])
		.onConflictDoNothing();
}

/**
 * The board's changes that end after sequence `seq`, in order. A row straddling `seq` is taken
 * whole: a change seen already may show again, none is missed.
 */
export async function changesAfter(db: Db, boardId: string, seq: number): Promise<LoggedChange[]> {
	const rows = await db
		.select()
		.from(boardChanges)
		.where(and(eq(boardChanges.boardId, boardId), gt(boardChanges.toSeq, seq)))
		.orderBy(asc(boardChanges.fromSeq));
	return rows.map((row) => ({ seq: row.toSeq, userId: row.userId, at: row.at, ids: row.ids }));
}
