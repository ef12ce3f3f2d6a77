import {
	mergedState,
	type BoardStorage,
	type NewBoard,
	type StoredUpdate
} from './board-storage.ts';
import { BOARD_FORMAT, type Board } from './schema.ts';

interface StoredBoard {
	board: Board;
	state: Uint8Array | null;
	stateSeq: number;
	log: StoredUpdate[];
	locks: string[];
}

/**
 * Board storage held in memory, for unit tests of what sits on top of the storage (the committer):
 * it keeps the contract the shared suite (`board-storage.test.ts`) checks of every backend. What
 * the database does outside the interface (a board deleted, a part locked) is done with `remove`
 * and `setLocks`.
 */
export class MemoryBoardStorage implements BoardStorage {
	#boards = new Map<string, StoredBoard>();

	async create(values: NewBoard, initial: Uint8Array): Promise<Board> {
		const id = values.id ?? crypto.randomUUID();
		if (this.#boards.has(id)) throw new Error(`board ${id} already exists`);
		const now = new Date();
		const board: Board = {
			id,
			bilanId: values.bilanId ?? null,
			cohortId: values.cohortId ?? null,
			ownerId: values.ownerId ?? null,
			exerciseId: values.exerciseId ?? null,
			kind: values.kind,
			title: values.title,
			createdBy: values.createdBy ?? null,
			deletedAt: null,
			lastSeq: 1,
			format: BOARD_FORMAT,
			createdAt: now,
			updatedAt: now
		};
		this.#boards.set(id, {
			board,
			state: null,
			stateSeq: 0,
			log: [{ seq: 1, data: initial }],
			locks: []
		});
		return { ...board };
	}

	async append(requests: Parameters<BoardStorage['append']>[0]): Promise<Map<string, number>> {
		const result = new Map<string, number>();
		for (const { boardId, updates } of requests) {
			const stored = this.#boards.get(boardId);
			if (!stored || updates.length === 0) continue;
			for (const data of updates) stored.log.push({ seq: ++stored.board.lastSeq, data });
			stored.board.updatedAt = new Date();
			result.set(boardId, stored.board.lastSeq);
		}
		return result;
	}

	async load(boardId: string) {
		const stored = this.#boards.get(boardId);
		if (!stored) return { state: null, stateSeq: 0, updates: [], seq: 0 };
		return {
			state: stored.state,
			stateSeq: stored.stateSeq,
			updates: [...stored.log],
			seq: stored.log.at(-1)?.seq ?? stored.stateSeq
		};
	}

	async readState(boardId: string) {
		const loaded = await this.load(boardId);
		return { state: mergedState(loaded), seq: loaded.seq };
	}

	async updatesSince(boardId: string, afterSeq: number): Promise<StoredUpdate[]> {
		return (this.#boards.get(boardId)?.log ?? []).filter((update) => update.seq > afterSeq);
	}

	async lastSeqs(boardIds: readonly string[]): Promise<Map<string, number>> {
		const result = new Map<string, number>();
		for (const id of boardIds) {
			const stored = this.#boards.get(id);
			if (stored) result.set(id, stored.board.lastSeq);
		}
		return result;
	}

	async compact(boardId: string) {
		const stored = this.#boards.get(boardId);
		if (!stored) return { seq: 0, merged: 0, bytes: 0 };
		const merged = stored.log.length;
		if (merged > 0) {
			stored.state = mergedState({ state: stored.state, updates: stored.log });
			stored.stateSeq = stored.log.at(-1)!.seq;
			stored.log = [];
		}
		return { seq: stored.stateSeq, merged, bytes: stored.state?.byteLength ?? 0 };
	}

	async locks(boardIds: readonly string[]): Promise<Map<string, string[]>> {
		const result = new Map<string, string[]>();
		for (const id of boardIds) {
			const locks = this.#boards.get(id)?.locks ?? [];
			if (locks.length > 0) result.set(id, [...locks]);
		}
		return result;
	}

	/** The board is deleted (with its log, state and locks), as a cascade would in the database. */
	remove(boardId: string): void {
		this.#boards.delete(boardId);
	}

	/** The parts of the board now locked (what `locks.service.ts` writes to `board_locks`). */
	setLocks(boardId: string, parts: readonly string[]): void {
		const stored = this.#boards.get(boardId);
		if (stored) stored.locks = [...parts];
	}
}
