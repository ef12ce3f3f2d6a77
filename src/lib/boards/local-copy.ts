import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { wipeLocalBoard } from '../offline/local-data.ts';
import { boardDbName } from '../offline/names.ts';

/** Key, in the copy's own store, of the board's state when everything in it was acknowledged. */
const ACKED_KEY = 'acked';
/** Delay before recording the acknowledged state: one encoding for a burst of acks. */
const REMEMBER_DELAY_MS = 1_000;

/**
 * True when `snapshot` (a document's state: what it holds and what it deleted) is the one
 * `acked` recorded, i.e. the server has acknowledged everything in that document.
 */
export function isAckedState(snapshot: Y.Snapshot, acked: unknown): boolean {
	if (!(acked instanceof ArrayBuffer)) return false;
	try {
		return Y.equalSnapshots(snapshot, Y.decodeSnapshot(new Uint8Array(acked)));
	} catch {
		// A record from another version of the format: not proof of anything.
		return false;
	}
}

/**
 * One board's copy on this device (IndexedDB, `y-indexeddb`): every change to the document,
 * local or from the server, is written there, and the stored changes are loaded into the
 * document when the board opens — so what was not acknowledged survives a reload, a crash or a
 * closed tab, and goes out in the next sync step 2.
 *
 * It also records the document's state whenever everything in it is acknowledged (`remember`),
 * so a copy loaded later can tell whether it holds anything the server has not acknowledged.
 */
export class LocalCopy {
	readonly #persistence: IndexeddbPersistence;
	readonly #boardId: string;
	readonly #doc: Y.Doc;
	readonly #acked: Promise<unknown>;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(boardId: string, doc: Y.Doc) {
		this.#boardId = boardId;
		this.#doc = doc;
		this.#persistence = new IndexeddbPersistence(boardDbName(boardId), doc);
		this.#acked = this.#persistence.get(ACKED_KEY).catch(() => undefined);
		// Another tab wiping our data (a logout) closes the database under us: stop writing to it
		// rather than fail on every change.
		void this.#persistence._db.then((db) => {
			const close = db.onversionchange;
			db.onversionchange = (event) => {
				void this.#persistence.destroy();
				close?.call(db, event);
			};
		});
	}

	/** The origin of the changes loaded from the device (in the document's `update` events). */
	get origin(): unknown {
		return this.#persistence;
	}

	/** True until the stored changes are in the document. */
	get loading(): boolean {
		return !this.#persistence.synced;
	}

	/**
	 * Calls `loaded` once the stored changes are in the document, with whether that state is
	 * one the server acknowledged (known a moment later: it is read from the device too).
	 */
	onLoaded(loaded: (acked: Promise<boolean>) => void): void {
		this.#persistence.once('synced', () => {
			const snapshot = Y.snapshot(this.#doc);
			loaded(this.#acked.then((acked) => isAckedState(snapshot, acked)));
		});
	}

	/**
	 * Records, shortly, the document's state as acknowledged, if `stillAcked()` says so then: the
	 * caller knows that every change in the document is on the server.
	 */
	remember(stillAcked: () => boolean): void {
		if (this.#timer !== undefined) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			if (!stillAcked() || this.loading) return;
			const state = Y.encodeSnapshot(Y.snapshot(this.#doc));
			// Stored as an ArrayBuffer of its own (the type y-indexeddb's `set` declares).
			const bytes = new ArrayBuffer(state.byteLength);
			new Uint8Array(bytes).set(state);
			this.#persistence.set(ACKED_KEY, bytes).catch((error: unknown) => {
				console.warn('local copy: acknowledged state not recorded', error);
			});
		}, REMEMBER_DELAY_MS);
	}

	/** Stops writing (the copy stays on the device). */
	destroy(): Promise<void> {
		clearTimeout(this.#timer);
		return this.#persistence.destroy();
	}

	/** Stops writing and deletes the copy from the device. */
	async drop(): Promise<void> {
		await this.destroy();
		await wipeLocalBoard(this.#boardId);
	}
}
