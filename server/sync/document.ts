import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { schemaViolation, type Violation } from '../../src/lib/boards/doc-schema.ts';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { CLOSE, MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src/lib/boards/sync-protocol.ts';
import type { LoadedBoard, StoredUpdate } from '../../src/lib/server/db/board-storage.ts';
import { ClientConnection } from './connection.ts';

/** Origin of updates and awareness that came from another node or from the database. */
export const REMOTE = Symbol('remote');

/** Who announced an awareness client id (`connection` null: a client of another node). */
export interface AwarenessOwner {
	userId: string;
	connection: ClientConnection | null;
}

/** One entry of an awareness update: a client id, its clock, and its state as JSON text. */
interface AwarenessEntry {
	id: number;
	clock: number;
	state: string;
}

/**
 * The entries of an awareness update (y-protocols' format: a count, then per client its id, clock
 * and JSON state). Throws when the update does not decode exactly.
 */
export function awarenessEntries(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const entries: AwarenessEntry[] = [];
	for (let n = decoding.readVarUint(decoder); n > 0; n--) {
		const id = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		entries.push({ id, clock, state: decoding.readVarString(decoder) });
	}
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes in awareness update');
	return entries;
}

/** What `propose` decided about a client's update. */
export type Proposal =
	| { outcome: 'change'; update: Uint8Array }
	| { outcome: 'noop' }
	| { outcome: 'refused'; code: number; reason: string };

/**
 * One board in memory. It holds two Yjs documents:
 * - `doc`, the COMMITTED state: only updates already in the database are applied to it, and it is
 *   what clients are sent (sync step 2, broadcasts). So nobody ever sees an update that a crash
 *   could lose;
 * - a speculative copy, `doc` plus the updates waiting for their commit, on which every incoming
 *   update is tried first: it must decode, leave no pending structs, and write nothing the kind's
 *   schema refuses. A refused update leaves the copy dirty, so it is rebuilt from `doc`.
 *
 * Sequences: `seq` is the highest log sequence up to which every update is applied; sequences
 * applied beyond a hole (our own commit overtaking another node's) wait in `#ahead` until the
 * hole is filled from Redis or from the database.
 */
export class BoardDocument {
	readonly id: string;
	readonly kind: BoardKind;
	readonly doc = new Y.Doc();
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections = new Set<ClientConnection>();
	/** Approximate encoded size, for the document size limit. */
	approxBytes = 0;
	/** Log entries since the last compaction, to decide when to compact. */
	logLength = 0;
	/**
	 * Who holds each awareness client id: the user who announced it, and their connection when it
	 * is on this node (null: a client of another node). See `awarenessAllowed`.
	 */
	readonly awarenessOwners = new Map<number, AwarenessOwner>();
	#spec = new Y.Doc();
	#inflight = new Set<Uint8Array>();
	#seq = 0;
	#ahead = new Set<number>();

	constructor(id: string, kind: BoardKind, loaded: LoadedBoard) {
		this.id = id;
		this.kind = kind;
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
		this.load(loaded);
		this.logLength = loaded.updates.length;
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, update);
			const message = encoding.toUint8Array(encoder);
			for (const connection of this.connections) {
				if (connection !== origin) connection.send(message);
			}
		});
	}

	get seq(): number {
		return this.#seq;
	}

	/** True while some of our writes wait for their commit. */
	get busy(): boolean {
		return this.#inflight.size > 0;
	}

	/** Applies a loaded state and log (idempotent: content already here is skipped by Yjs). */
	load(loaded: LoadedBoard): void {
		if (loaded.state) this.#applyCommitted(loaded.state);
		for (const update of loaded.updates) this.#applyCommitted(update.data);
		if (loaded.seq > this.#seq) this.#seq = loaded.seq;
		for (const seq of this.#ahead) if (seq <= this.#seq) this.#ahead.delete(seq);
		this.#advance();
	}

	/** Tries a client's update on the speculative copy; a change is then in flight until commit. */
	propose(update: Uint8Array, readOnly: boolean): Proposal {
		let effective: Uint8Array | undefined;
		let violation: Violation | null = null;
		const capture = (u: Uint8Array) => (effective = u);
		// Checks only what this update integrated, before Yjs merges or collects it.
		const check = (transaction: Y.Transaction) =>
			(violation ??= schemaViolation(this.kind.schema, transaction));
		this.#spec.on('update', capture);
		this.#spec.on('afterTransaction', check);
		let failure: Proposal | undefined;
		try {
			Y.applyUpdate(this.#spec, update);
		} catch {
			failure = { outcome: 'refused', code: CLOSE.malformed, reason: 'malformed update' };
		} finally {
			this.#spec.off('update', capture);
			this.#spec.off('afterTransaction', check);
		}
		const store = this.#spec.store;
		if (!failure && (store.pendingStructs !== null || store.pendingDs !== null)) {
			failure = { outcome: 'refused', code: CLOSE.resync, reason: 'missing dependencies' };
		}
		if (!failure && violation) {
			failure = { outcome: 'refused', code: CLOSE.invalid, reason: violation };
		}
		if (!failure && effective && readOnly) {
			failure = { outcome: 'refused', code: CLOSE.forbidden, reason: 'read-only' };
		}
		if (failure) {
			this.#rebuildSpeculative();
			return failure;
		}
		if (!effective) return { outcome: 'noop' };
		this.#inflight.add(effective);
		this.approxBytes += effective.byteLength;
		return { outcome: 'change', update: effective };
	}

	/**
	 * A proposed update is committed with `seq`: it joins the committed document (which broadcasts
	 * it to every other client). Returns false when a hole opened before `seq`.
	 */
	committed(update: Uint8Array, seq: number, origin: ClientConnection): boolean {
		this.#inflight.delete(update);
		this.logLength++;
		if (seq <= this.#seq || this.#ahead.has(seq)) return true;
		Y.applyUpdate(this.doc, update, origin);
		if (seq !== this.#seq + 1) {
			this.#ahead.add(seq);
			return false;
		}
		this.#seq = seq;
		this.#advance();
		return true;
	}

	/** A proposed update will never be committed: forget it. */
	failed(update: Uint8Array): void {
		if (this.#inflight.delete(update)) this.#rebuildSpeculative();
	}

	/**
	 * A committed update from another node. Returns 'gap' when earlier sequences are missing (the
	 * caller then catches up from the database instead of applying it out of order).
	 */
	applyRemote(seq: number, data: Uint8Array): 'applied' | 'skipped' | 'gap' {
		if (seq <= this.#seq || this.#ahead.has(seq)) return 'skipped';
		if (seq !== this.#seq + 1) return 'gap';
		this.#applyCommitted(data);
		this.logLength++;
		this.#seq = seq;
		this.#advance();
		return 'applied';
	}

	/**
	 * Updates read from the log after `seq`. Returns false when the log no longer holds the next
	 * sequence (a compaction merged it): the caller then reloads the state.
	 */
	applyLog(updates: readonly StoredUpdate[]): boolean {
		for (const update of updates) {
			if (update.seq <= this.#seq) continue;
			if (update.seq !== this.#seq + 1) return false;
			if (!this.#ahead.delete(update.seq)) {
				this.#applyCommitted(update.data);
				this.logLength++;
			}
			this.#seq = update.seq;
			this.#advance();
		}
		return true;
	}

	/** True when sequences are missing below one we already applied. */
	get hasGap(): boolean {
		return this.#ahead.size > 0;
	}

	/** Every awareness state, as one awareness message (for a client that just connected). */
	awarenessMessage(): Uint8Array | undefined {
		const clients = [...this.awareness.getStates().keys()];
		if (clients.length === 0) return undefined;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(
			encoder,
			awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
		);
		return encoding.toUint8Array(encoder);
	}

	/**
	 * A client's awareness update, keeping only what it may change: the presence of ids nobody
	 * holds, or held by its own user (a tab that reconnected before its old socket was closed takes
	 * its id back). Another user's ids are dropped when the entry is stale — stock y-websocket
	 * clients echo every change they receive, and send the removal of a state that timed out on
	 * their side, both at the clock the server already has — and make the update `hostile` when
	 * it is newer: an attempt to overwrite or remove someone else's presence. `update` is null
	 * when nothing is left to apply.
	 */
	filterAwareness(
		update: Uint8Array,
		userId: string
	): { update: Uint8Array | null; hostile: boolean } {
		const entries = awarenessEntries(update);
		const kept = entries.filter((entry) => {
			const owner = this.awarenessOwners.get(entry.id);
			return owner === undefined || owner.userId === userId;
		});
		if (kept.length === entries.length) return { update, hostile: false };
		const meta = this.awareness.meta;
		const hostile = entries.some(
			(entry) => !kept.includes(entry) && entry.clock > (meta.get(entry.id)?.clock ?? 0)
		);
		if (hostile || kept.length === 0) return { update: null, hostile };
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, kept.length);
		for (const entry of kept) {
			encoding.writeVarUint(encoder, entry.id);
			encoding.writeVarUint(encoder, entry.clock);
			encoding.writeVarString(encoder, entry.state);
		}
		return { update: encoding.toUint8Array(encoder), hostile: false };
	}

	/** The ids are now held by `owner` (taken from the connection that held them before, if any). */
	claimAwareness(clientIds: readonly number[], owner: AwarenessOwner): void {
		for (const id of clientIds) {
			const previous = this.awarenessOwners.get(id);
			if (previous?.connection && previous.connection !== owner.connection) {
				previous.connection.awarenessClients.delete(id);
			}
			owner.connection?.awarenessClients.add(id);
			this.awarenessOwners.set(id, owner);
		}
	}

	/** The ids' presence is gone. */
	releaseAwareness(clientIds: readonly number[]): void {
		for (const id of clientIds) {
			this.awarenessOwners.get(id)?.connection?.awarenessClients.delete(id);
			this.awarenessOwners.delete(id);
		}
	}

	destroy(): void {
		this.awareness.destroy();
		this.doc.destroy();
		this.#spec.destroy();
	}

	#applyCommitted(data: Uint8Array): void {
		Y.applyUpdate(this.doc, data, REMOTE);
		Y.applyUpdate(this.#spec, data);
		this.approxBytes += data.byteLength;
	}

	#advance(): void {
		while (this.#ahead.delete(this.#seq + 1)) this.#seq++;
	}

	#rebuildSpeculative(): void {
		this.#spec.destroy();
		this.#spec = new Y.Doc();
		Y.applyUpdate(this.#spec, Y.encodeStateAsUpdate(this.doc));
		for (const update of this.#inflight) Y.applyUpdate(this.#spec, update);
	}
}
