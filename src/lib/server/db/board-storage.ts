import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from './index.ts';
import { boards, boardStates, boardUpdates } from './schema.ts';

/**
 * Durable storage of board documents: an append-only log of Yjs updates (`board_updates`) and a
 * compacted state (`board_states`) covering the log up to a sequence. PostgreSQL is the source of
 * truth; the sync server never shows an update before `append` has committed it.
 */
export interface BoardStorage {
	/**
	 * Appends the updates of several boards in ONE transaction (group commit) and returns, per
	 * board, the sequence of its last appended update: a board's k updates got the k sequences
	 * ending there, in the order given. Boards that no longer exist are left out of the result.
	 */
	append(requests: readonly AppendRequest[]): Promise<Map<string, number>>;
	/** The compacted state and every logged update after it, read from one snapshot. */
	load(boardId: string): Promise<LoadedBoard>;
	/** Logged updates with a sequence above `afterSeq`, in order (to fill a gap). */
	updatesSince(boardId: string, afterSeq: number): Promise<StoredUpdate[]>;
	/** The last appended sequence of each board that exists. */
	lastSeqs(boardIds: readonly string[]): Promise<Map<string, number>>;
	/**
	 * Merges the log into the compacted state under an advisory lock, in one transaction. Appends
	 * running at the same time are kept: only the updates that were read are deleted.
	 */
	compact(boardId: string): Promise<CompactResult>;
}

export interface AppendRequest {
	boardId: string;
	updates: readonly Uint8Array[];
}

export interface StoredUpdate {
	seq: number;
	data: Uint8Array;
}

export interface LoadedBoard {
	/** Compacted state, or null before the first compaction. */
	state: Uint8Array | null;
	/** Sequence the compacted state covers (0 without one). */
	stateSeq: number;
	updates: StoredUpdate[];
	/** Highest sequence contained in `state` + `updates`. */
	seq: number;
}

export interface CompactResult {
	/** Sequence the state now covers. */
	seq: number;
	/** Log rows merged and deleted. */
	merged: number;
	/** Size in bytes of the compacted state. */
	bytes: number;
}

/** Lock namespace for `pg_advisory_xact_lock(namespace, hashtext(board id))`. */
const COMPACTION_LOCK = 7301;

/** Drivers return `bytea` as Buffer (postgres.js) or Uint8Array (PGlite): one shape for callers. */
function bytes(data: Uint8Array): Uint8Array {
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The drizzle implementation, for PostgreSQL and PGlite alike. */
export function createBoardStorage(db: Db): BoardStorage {
	return {
		async append(requests) {
			const counts = new Map<string, Uint8Array[]>();
			for (const request of requests) {
				if (request.updates.length === 0) continue;
				const list = counts.get(request.boardId) ?? [];
				list.push(...request.updates);
				counts.set(request.boardId, list);
			}
			const result = new Map<string, number>();
			if (counts.size === 0) return result;
			// Sorted ids, locked in that order: two nodes committing the same boards never deadlock.
			const ids = [...counts.keys()].sort();
			await db.transaction(async (tx) => {
				const locked = await tx
					.select({ id: boards.id, lastSeq: boards.lastSeq })
					.from(boards)
					.where(inArray(boards.id, ids))
					.orderBy(asc(boards.id))
					.for('update');
				if (locked.length === 0) return;
				const rows: { boardId: string; seq: number; data: Uint8Array }[] = [];
				for (const board of locked) {
					const updates = counts.get(board.id)!;
					updates.forEach((data, i) =>
						rows.push({ boardId: board.id, seq: board.lastSeq + i + 1, data })
					);
					result.set(board.id, board.lastSeq + updates.length);
				}
				// One statement for every board of the batch (their rows are already locked above).
				const increments = sql.join(
					locked.map((board) => sql`(${board.id}::uuid, ${counts.get(board.id)!.length}::bigint)`),
					sql`, `
				);
				await tx.execute(
					sql`update ${boards} set last_seq = ${boards.lastSeq} + v.n, updated_at = now()
						from (values ${increments}) as v(id, n) where ${boards.id} = v.id`
				);
				if (rows.length > 0) await tx.insert(boardUpdates).values(rows);
			});
			return result;
		},

		async load(boardId) {
			// Repeatable read: a compaction committing between the two reads cannot hide updates.
			return db.transaction(
				async (tx) => {
					const [state] = await tx
						.select({ seq: boardStates.seq, data: boardStates.data })
						.from(boardStates)
						.where(eq(boardStates.boardId, boardId));
					const stateSeq = state?.seq ?? 0;
					const updates = await tx
						.select({ seq: boardUpdates.seq, data: boardUpdates.data })
						.from(boardUpdates)
						.where(and(eq(boardUpdates.boardId, boardId), gt(boardUpdates.seq, stateSeq)))
						.orderBy(asc(boardUpdates.seq));
					return {
						state: state ? bytes(state.data) : null,
						stateSeq,
						updates: updates.map((u) => ({ seq: u.seq, data: bytes(u.data) })),
						seq: updates.at(-1)?.seq ?? stateSeq
					};
				},
				{ isolationLevel: 'repeatable read' }
			);
		},

		async updatesSince(boardId, afterSeq) {
			const rows = await db
				.select({ seq: boardUpdates.seq, data: boardUpdates.data })
				.from(boardUpdates)
				.where(and(eq(boardUpdates.boardId, boardId), gt(boardUpdates.seq, afterSeq)))
				.orderBy(asc(boardUpdates.seq));
			return rows.map((u) => ({ seq: u.seq, data: bytes(u.data) }));
		},

		async lastSeqs(boardIds) {
			if (boardIds.length === 0) return new Map();
			const rows = await db
				.select({ id: boards.id, lastSeq: boards.lastSeq })
				.from(boards)
				.where(inArray(boards.id, [...boardIds]));
			return new Map(rows.map((r) => [r.id, r.lastSeq]));
		},

		async compact(boardId) {
			return db.transaction(async (tx) => {
				await tx.execute(
					sql`select pg_advisory_xact_lock(${COMPACTION_LOCK}, hashtext(${boardId}))`
				);
				const [state] = await tx
					.select({ seq: boardStates.seq, data: boardStates.data })
					.from(boardStates)
					.where(eq(boardStates.boardId, boardId));
				const stateSeq = state?.seq ?? 0;
				const updates = await tx
					.select({ seq: boardUpdates.seq, data: boardUpdates.data })
					.from(boardUpdates)
					.where(and(eq(boardUpdates.boardId, boardId), gt(boardUpdates.seq, stateSeq)))
					.orderBy(asc(boardUpdates.seq));
				if (updates.length === 0) {
					return { seq: stateSeq, merged: 0, bytes: state?.data.byteLength ?? 0 };
				}
				// Applying to a document (rather than merging updates) lets Yjs drop deleted content.
				const doc = new Y.Doc();
				if (state) Y.applyUpdate(doc, bytes(state.data));
				for (const update of updates) Y.applyUpdate(doc, bytes(update.data));
				const data = Y.encodeStateAsUpdate(doc);
				doc.destroy();
				const seq = updates.at(-1)!.seq;
				await tx
					.insert(boardStates)
					.values({ boardId, seq, data })
					.onConflictDoUpdate({
						target: boardStates.boardId,
						set: { seq, data, updatedAt: sql`now()` }
					});
				await tx
					.delete(boardUpdates)
					.where(and(eq(boardUpdates.boardId, boardId), lte(boardUpdates.seq, seq)));
				return { seq, merged: updates.length, bytes: data.byteLength };
			});
		}
	};
}
