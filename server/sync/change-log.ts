import { changeIds, mergeChangeIds } from '../../src/lib/boards/changes-since.ts';
import type { ChangeRow } from '../../src/lib/server/db/board-changes.ts';

/** A row of the change log before it is written: the updates whose ids it will hold. */
type PendingRow = Omit<ChangeRow, 'ids'> & { updates: Uint8Array[] };

/**
 * Who committed what on each board (`board_changes`), for « nouveautés ». A person's consecutive
 * commits on a board within `windowMs` make one row (typing is one row, not one per keystroke);
 * rows are written together off the commit path, after it: a crash may lose the last moment of
 * this record — a hint of what is new, never content — but never delays an acknowledgement.
 */
export class ChangeLog {
	#write: (rows: readonly ChangeRow[]) => Promise<void>;
	#windowMs: number;
	#log: (message: string, context?: Record<string, unknown>) => void;
	/** The row still growing on each board, with the updates it holds (read when written). */
	#open = new Map<string, PendingRow>();
	#ready: PendingRow[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;
	#writing: Promise<void> = Promise.resolve();

	constructor(
		write: (rows: readonly ChangeRow[]) => Promise<void>,
		windowMs: number,
		log: (message: string, context?: Record<string, unknown>) => void
	) {
		this.#write = write;
		this.#windowMs = windowMs;
		this.#log = log;
	}

	/**
	 * `update` was committed at `seq` on `boardId` by `userId` (null: Atelier itself). Called
	 * before the writer's ack: it only keeps the update; its ids are read when the row is written.
	 */
	record(boardId: string, seq: number, userId: string | null, update: Uint8Array): void {
		const open = this.#open.get(boardId);
		if (open && open.userId === userId && seq > open.toSeq) {
			open.toSeq = seq;
			open.at = new Date();
			open.updates.push(update);
		} else {
			if (open) this.#ready.push(open);
			this.#open.set(boardId, {
				boardId,
				fromSeq: seq,
				toSeq: seq,
				userId,
				at: new Date(),
				updates: [update]
			});
		}
		this.#timer ??= setTimeout(() => void this.flush(), this.#windowMs);
	}

	/** Writes every row recorded so far; resolves once written (or the failure logged). */
	flush(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		const rows = [...this.#ready, ...this.#open.values()].map(({ updates, ...row }): ChangeRow => ({
			...row,
			ids: mergeChangeIds(updates.map(changeIds))
		}));
		this.#ready = [];
		this.#open.clear();
		if (rows.length > 0) {
			this.#writing = this.#writing.then(() =>
				this.#write(rows).catch((error: unknown) =>
					this.#log('change log write failed', { rows: rows.length, error: String(error) })
				)
			);
		}
		return this.#writing;
	}
}
