import { and, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import * as Y from 'yjs';
import { rowsOf, type Db, type Tx } from './index.ts';
import { boardLocks, boards, boardStates, boardUpdates, type Board } from './schema.ts';

/**
 * Durable storage of board documents: an append-only log of Yjs updates (`board_updates`) and a
 * compacted state (`board_states`) covering the log up to a sequence. PostgreSQL is the source of
 * truth; the sync server acknowledges an update only once `append` has committed it.
 */
export interface BoardStorage {
	/**
	 * Creates a board whose document starts from `initial`: the board and its log entry 1, in one
	 * transaction, so no one ever opens a board without its initial content.
	 */
	create(board: NewBoard, initial: Uint8Array): Promise<Board>;
	/**
	 * Appends the updates of several boards in ONE transaction (group commit) and returns, per
	 * board, the sequence of its last appended update: a board's k updates got the k sequences
	 * ending there, in the order given. Boards that no longer exist are left out of the result.
	 */
	append(requests: readonly AppendRequest[]): Promise<Map<string, number>>;
	/** The compacted state and every logged update after it, read from one snapshot. */
	load(boardId: string): Promise<LoadedBoard>;
	/** The committed document as one update: the compacted state and the log merged. */
	readState(boardId: string): Promise<CommittedState>;
	/** Logged updates with a sequence above `afterSeq`, in order (to fill a gap). */
	updatesSince(boardId: string, afterSeq: number): Promise<StoredUpdate[]>;
	/** The last appended sequence of each board that exists. */
	lastSeqs(boardIds: readonly string[]): Promise<Map<string, number>>;
	/**
	 * Merges the log into the compacted state under an advisory lock, in one transaction. Appends
	 * running at the same time are kept: only the updates that were read are deleted.
	 */
	compact(boardId: string): Promise<CompactResult>;
	/**
	 * The locked parts of each of these boards (`board_locks`, written by `locks.service.ts`);
	 * boards without locks are left out.
	 */
	locks(boardIds: readonly string[]): Promise<Map<string, string[]>>;
}

/** What a new board is made of besides its content (the rest takes the table's defaults). */
export type NewBoard = Pick<
	typeof boards.$inferInsert,
	'id' | 'bilanId' | 'cohortId' | 'ownerId' | 'exerciseId' | 'kind' | 'title' | 'createdBy'
>;

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

export interface CommittedState {
	state: Uint8Array;
	/** Highest sequence the state contains. */
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

/**
 * The document a compacted state and the log after it make (the caller destroys it): the one place
 * "state + log → document" is written.
 */
export function loadedDocument(loaded: Pick<LoadedBoard, 'state' | 'updates'>): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		if (loaded.state) Y.applyUpdate(doc, loaded.state);
		for (const update of loaded.updates) Y.applyUpdate(doc, update.data);
	});
	return doc;
}

/**
 * A compacted state and the log after it as one update. Through a document rather than merged
 * updates: Yjs drops deleted content.
 */
export function mergedState(loaded: Pick<LoadedBoard, 'state' | 'updates'>): Uint8Array {
	const doc = loadedDocument(loaded);
	try {
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}

/**
 * A board's log rows after `afterSeq` (an SQL expression), packed in SQL as ONE value: each row as
 * its sequence (8 bytes), its length (4 bytes, big-endian) and its bytes. A row costs the drivers
 * (PGlite's above all, which parses every row in JavaScript) far more than its bytes, and a board
 * loads thousands of small updates. As base64 text (`asText`).
 */
function packedLog(boardId: string, afterSeq: SQL): SQL {
	return asText(sql`(select string_agg(int8send(seq) || int4send(length(data)) || data, ''::bytea order by seq)
		from ${boardUpdates} where board_id = ${boardId} and seq > ${afterSeq})`);
}

/**
 * A `bytea` read as base64 text, for `fromText`: PGlite parses a `bytea` result in JavaScript
 * ~10× slower than Node decodes its base64 (a 110 KB log: ~87 ms against ~10 ms), and a board's
 * state and log are its largest reads.
 */
function asText(data: SQL): SQL {
	return sql`encode(${data}, 'base64')`;
}

/** What `asText` read (PostgreSQL's base64 breaks lines every 76 characters: Node skips them). */
function fromText(text: string | null | undefined): Uint8Array | null {
	return typeof text === 'string' ? bytes(Buffer.from(text, 'base64')) : null;
}

/** The updates `packedLog` packed, in order. */
function unpackLog(log: Uint8Array | null): StoredUpdate[] {
	if (!log) return [];
	const view = new DataView(log.buffer, log.byteOffset, log.byteLength);
	const updates: StoredUpdate[] = [];
	for (let at = 0; at < log.byteLength;) {
		const seq = Number(view.getBigInt64(at));
		const length = view.getInt32(at + 8);
		updates.push({ seq, data: log.subarray(at + 12, at + 12 + length) });
		at += 12 + length;
	}
	return updates;
}

/** A board's log after `afterSeq`, in order. */
async function logAfter(db: Db | Tx, boardId: string, afterSeq: number): Promise<StoredUpdate[]> {
	const [row] = rowsOf<{ log: string | null }>(
		await db.execute(sql`select ${packedLog(boardId, sql`${afterSeq}`)} as log`)
	);
	return unpackLog(fromText(row?.log));
}

/**
 * The compacted state and the log after it, read by ONE statement: a statement reads one snapshot,
 * so a compaction committing meanwhile cannot hide updates, without the round trips of a
 * transaction (through PGlite's worker, a begin and a commit cost as much as a small read).
 */
async function stateAndLog(db: Db | Tx, boardId: string): Promise<LoadedBoard> {
	const [row] = rowsOf<{
		state_seq: string | number | bigint | null;
		state: string | null;
		log: string | null;
	}>(
		await db.execute(sql`
			select s.seq as state_seq, ${asText(sql`s.data`)} as state,
				${packedLog(boardId, sql`coalesce(s.seq, 0)`)} as log
			from (values (${boardId}::uuid)) as b(id)
				left join ${boardStates} s on s.board_id = b.id`)
	);
	const stateSeq = Number(row?.state_seq ?? 0);
	const updates = unpackLog(fromText(row?.log));
	return {
		state: fromText(row?.state),
		stateSeq,
		updates,
		seq: updates.at(-1)?.seq ?? stateSeq
	};
}

/** Lock namespace for `pg_advisory_xact_lock(namespace, hashtext(board id))`. */
const COMPACTION_LOCK = 7301;

/** A plain Uint8Array view of a Buffer: one shape for callers (and for tests' equality). */
function bytes(data: Uint8Array): Uint8Array {
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The drizzle implementation, for PostgreSQL and PGlite alike. */
export function createBoardStorage(db: Db): BoardStorage {
	const storage: BoardStorage = {
		async create(board, initial) {
			return db.transaction(async (tx) => {
				const [created] = await tx
					.insert(boards)
					.values({ ...board, lastSeq: 1 })
					.returning();
				await tx.insert(boardUpdates).values({ boardId: created!.id, seq: 1, data: initial });
				return created!;
			});
		},

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
			const boardIds = [...counts.keys()];
			const updateBoards: string[] = [];
			const positions: number[] = [];
			const lengths: number[] = [];
			const updates: Uint8Array[] = [];
			for (const [id, list] of counts) {
				list.forEach((data, i) => {
					updateBoards.push(id);
					positions.push(i + 1);
					lengths.push(data.byteLength);
					updates.push(data);
				});
			}
			// ONE call of a function whose statement the session planned once (migration
			// 0017_board_append): one round trip and one implicit transaction, a group commit costs one
			// commit whatever the number of boards and updates, and no planning.
			const bumped: unknown = await db.execute(sql`
				select id, last_seq from atelier_append_updates(
					${sql.param(boardIds)}::uuid[],
					${sql.param(boardIds.map((id) => counts.get(id)!.length))}::bigint[],
					${sql.param(updateBoards)}::uuid[],
					${sql.param(positions)}::bigint[],
					${sql.param(lengths)}::integer[],
					${Buffer.concat(updates)}::bytea)`);
			for (const row of rowsOf<{ id: string; last_seq: string | number }>(bumped)) {
				result.set(row.id, Number(row.last_seq));
			}
			return result;
		},

		load(boardId) {
			return stateAndLog(db, boardId);
		},

		async readState(boardId) {
			const loaded = await storage.load(boardId);
			return { state: mergedState(loaded), seq: loaded.seq };
		},

		updatesSince(boardId, afterSeq) {
			return logAfter(db, boardId, afterSeq);
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
				const loaded = await stateAndLog(tx, boardId);
				if (loaded.updates.length === 0) {
					return { seq: loaded.stateSeq, merged: 0, bytes: loaded.state?.byteLength ?? 0 };
				}
				const data = mergedState(loaded);
				const seq = loaded.seq;
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
				return { seq, merged: loaded.updates.length, bytes: data.byteLength };
			});
		},

		async locks(boardIds) {
			const result = new Map<string, string[]>();
			if (boardIds.length === 0) return result;
			const rows = await db
				.select({ boardId: boardLocks.boardId, part: boardLocks.part })
				.from(boardLocks)
				.where(inArray(boardLocks.boardId, [...boardIds]));
			for (const row of rows)
				result.set(row.boardId, [...(result.get(row.boardId) ?? []), row.part]);
			return result;
		}
	};
	return storage;
}
