import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as string from 'lib0/string';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { violationOf, type Violation } from '../../src/lib/boards/doc-schema.ts';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { changedEntries, type ChangedEntries } from '../../src/lib/boards/locks.ts';
import {
	CLOSE,
	FORBIDDEN_REASON,
	MESSAGE_AWARENESS,
	MESSAGE_SYNC
} from '../../src/lib/boards/sync-protocol.ts';
import type { SyncConfig } from '../../src/lib/server/config.ts';
import type { LoadedBoard, StoredUpdate } from '../../src/lib/server/db/board-storage.ts';
import { ClientConnection } from './connection.ts';
import { LockedParts } from './locks.ts';

/** Origin of updates and awareness that came from another node or from the database. */
export const REMOTE = Symbol('remote');

/** Who announced an awareness client id (`connection` null: a client of another node). */
export interface AwarenessOwner {
	userId: string;
	connection: ClientConnection | null;
}

/**
 * One entry of an awareness update: a client id, its clock, its state as JSON text, and the size
 * of that text as sent (bytes).
 */
interface AwarenessEntry {
	id: number;
	clock: number;
	state: string;
	bytes: number;
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
		const json = decoding.readVarUint8Array(decoder);
		entries.push({ id, clock, state: string.decodeUtf8(json), bytes: json.byteLength });
	}
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes in awareness update');
	return entries;
}

/** Limits on presence (from `SyncConfig`). */
export type AwarenessLimits = Pick<SyncConfig, 'maxAwarenessBytes' | 'maxBoardAwarenessBytes'>;

/**
 * What `filterAwareness` decided about a client's awareness update: apply what is left, ignore it
 * (stale entries about others only), drop it (the board's presences are full), or refuse it.
 */
export type AwarenessFilter =
	| { outcome: 'apply'; update: Uint8Array }
	| { outcome: 'ignore' }
	| { outcome: 'drop'; reason: string }
	| { outcome: 'refused'; code: number; reason: string };

/** What `propose` decided about a client's update. */
export type Proposal =
	| { outcome: 'change'; update: Uint8Array }
	| { outcome: 'noop' }
	| { outcome: 'refused'; code: number; reason: string };

/**
 * One board in memory. It holds two Yjs documents:
 * - `doc`, what the clients see: the committed state plus the accepted updates waiting for their
 *   commit (in flight). An accepted update joins it at once, which broadcasts it to this node's
 *   other clients; the writer's ack waits for the commit (`committed`). A failed commit drops the
 *   whole document (the orchestrator reloads the board and its clients resync), so it is never
 *   left ahead of the log;
 * - a validation copy, on which every incoming update is tried first: it must decode, leave no
 *   pending structs, write nothing the kind's schema refuses, and touch no locked part
 *   (`LockedParts`). A refused update leaves the copy dirty, so it is rebuilt from `doc`.
 *
 * Sequences: `seq` is the highest log sequence up to which every update is durable; sequences
 * committed beyond a hole (our own commit overtaking another node's) wait in `#ahead` until the
 * hole is filled from Redis or from the database.
 */
export class BoardDocument {
	readonly id: string;
	readonly kind: BoardKind;
	readonly doc = new Y.Doc();
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections = new Set<ClientConnection>();
	/** The parts of the board a consultant locked: updates touching them are refused. */
	readonly locks = new LockedParts();
	/**
	 * Estimated encoded size, for the document size limit: it grows with every update (an
	 * overwrite adds its size though the old value is gone) and is measured again by `fits` and
	 * after compaction.
	 */
	approxBytes = 0;
	/** Log entries since the last compaction, to decide when to compact. */
	logLength = 0;
	/**
	 * Who holds each awareness client id: the user who announced it, and their connection when it
	 * is on this node (null: a client of another node). See `awarenessAllowed`.
	 */
	readonly awarenessOwners = new Map<number, AwarenessOwner>();
	#spec = new Y.Doc();
	/**
	 * Accepted updates waiting for their commit, in arrival order, each with what waits for it (a
	 * no-op write's ack: it may only repeat content that is durable once that update is).
	 */
	#inflight = new Map<Uint8Array, ((seq: number) => void)[]>();
	#seq = 0;
	#ahead = new Set<number>();
	/** `approxBytes` right after it was last measured. */
	#measuredAt = -Infinity;
	/** The sync step 2 message carrying the whole state, until the next change. */
	#fullState: Uint8Array | undefined;
	/** Size of each presence (JSON bytes) and their sum. */
	#awarenessBytes = new Map<number, number>();
	#awarenessTotal = 0;

	constructor(id: string, kind: BoardKind, loaded: LoadedBoard) {
		this.id = id;
		this.kind = kind;
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#measureAwareness);
		this.load(loaded);
		this.logLength = loaded.updates.length;
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			this.#fullState = undefined;
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

	/**
	 * Whether `bytes` more keep the document within `max`. When the estimate crosses the limit, the
	 * real encoded size is measured, at most once per `max / 16` bytes of updates so that a big
	 * board is not encoded again on every update: in between, an update is refused only if the
	 * board was within 1/16 of the limit at its last measurement.
	 */
	fits(bytes: number, max: number): boolean {
		if (this.approxBytes + bytes <= max) return true;
		if (this.approxBytes - this.#measuredAt < max / 16) return false;
		this.measureSize();
		return this.approxBytes + bytes <= max;
	}

	/** Sets the size estimate to the real encoded size (writes in flight included). */
	measureSize(): void {
		this.approxBytes = Y.encodeStateAsUpdate(this.doc).byteLength;
		this.#measuredAt = this.approxBytes;
	}

	/**
	 * The sync step 2 message answering a client's step 1 (its state vector). A client holding
	 * none of this document's content (a new tab) is sent the whole state, encoded once per change
	 * and shared by every such client: a step 1 then costs a send, not an encoding, and sockets
	 * that have not read it yet hold one copy between them, not one each.
	 */
	syncStep2(stateVector: Uint8Array): Uint8Array {
		const theirs = Y.decodeStateVector(stateVector);
		const holdsSome = [...theirs].some(
			([client, clock]) => clock > 0 && Y.getState(this.doc.store, client) > 0
		);
		if (holdsSome) return syncStep2Message(Y.encodeStateAsUpdate(this.doc, stateVector));
		this.#fullState ??= syncStep2Message(Y.encodeStateAsUpdate(this.doc));
		return this.#fullState;
	}

	/**
	 * Applies a loaded state and log (idempotent: content already here is skipped by Yjs) in one
	 * transaction — one clean-up and one broadcast, not one per logged update — then copies the
	 * result into the validation copy rather than integrating every update twice.
	 */
	load(loaded: LoadedBoard): void {
		this.doc.transact(() => {
			if (loaded.state) Y.applyUpdate(this.doc, loaded.state);
			for (const update of loaded.updates) Y.applyUpdate(this.doc, update.data);
		}, REMOTE);
		this.approxBytes +=
			(loaded.state?.byteLength ?? 0) +
			loaded.updates.reduce((n, update) => n + update.data.byteLength, 0);
		this.#rebuildCopy();
		if (loaded.seq > this.#seq) this.#seq = loaded.seq;
		for (const seq of this.#ahead) if (seq <= this.#seq) this.#ahead.delete(seq);
		this.#advance();
	}

	/**
	 * Tries a client's update on the validation copy. A change is then applied to `doc` at once
	 * (broadcast to every other connection of this node), and in flight until `committed`.
	 */
	propose(update: Uint8Array, origin: ClientConnection): Proposal {
		let effective: Uint8Array | undefined;
		let violation: Violation | null = null;
		// Which entries the update changes is only needed, and only collected, with locks.
		let changed: ChangedEntries | undefined;
		const apply = () => Y.applyUpdate(this.#spec, update);
		const capture = (u: Uint8Array) => (effective = u);
		this.#spec.on('update', capture);
		let failure: Proposal | undefined;
		try {
			// Checks only what this update integrated, before Yjs merges or collects it.
			violation = violationOf(
				this.#spec,
				this.kind.schema,
				this.locks.size === 0 ? apply : () => (changed = changedEntries(this.#spec, apply))
			);
		} catch {
			failure = { outcome: 'refused', code: CLOSE.malformed, reason: 'malformed update' };
		} finally {
			this.#spec.off('update', capture);
		}
		const store = this.#spec.store;
		if (!failure && (store.pendingStructs !== null || store.pendingDs !== null)) {
			failure = { outcome: 'refused', code: CLOSE.resync, reason: 'missing dependencies' };
		}
		if (!failure && violation) {
			failure = { outcome: 'refused', code: CLOSE.invalid, reason: violation };
		}
		if (!failure && effective && origin.readOnly) {
			failure = {
				outcome: 'refused',
				code: CLOSE.forbidden,
				reason: FORBIDDEN_REASON.readOnlyWrite
			};
		}
		// A no-op (a step 2 resending what the server has) changes nothing, locked or not.
		if (
			!failure &&
			effective &&
			changed &&
			this.locks.refusing(this.kind, this.doc, this.#spec, changed)
		) {
			failure = { outcome: 'refused', code: CLOSE.locked, reason: 'board part locked' };
		}
		if (failure) {
			this.#rebuildCopy();
			return failure;
		}
		if (!effective) return { outcome: 'noop' };
		this.#inflight.set(effective, []);
		this.approxBytes += effective.byteLength;
		Y.applyUpdate(this.doc, effective, origin);
		return { outcome: 'change', update: effective };
	}

	/**
	 * Calls `done` with a durable sequence once everything accepted so far on this board is
	 * committed: at once when nothing is in flight, else after the latest in-flight update's commit
	 * (a board's updates commit in arrival order). Never called if that commit fails.
	 */
	whenDurable(done: (seq: number) => void): void {
		let latest: ((seq: number) => void)[] | undefined;
		for (const waiting of this.#inflight.values()) latest = waiting;
		if (latest) latest.push(done);
		else done(this.#seq);
	}

	/**
	 * An accepted update is committed with `seq` (it is already in `doc`), and so is what waited
	 * for it. Returns false when a hole opened before `seq`.
	 */
	committed(update: Uint8Array, seq: number): boolean {
		const waiting = this.#inflight.get(update) ?? [];
		this.#inflight.delete(update);
		this.logLength++;
		let inOrder = true;
		if (seq > this.#seq && !this.#ahead.has(seq)) {
			if (seq === this.#seq + 1) {
				this.#seq = seq;
				this.#advance();
			} else {
				this.#ahead.add(seq);
				inOrder = false;
			}
		}
		for (const done of waiting) done(seq);
		return inOrder;
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
	 * their side, both at the clock the server already has — and the update is refused when it is
	 * newer: an attempt to overwrite or remove someone else's presence. A presence larger than
	 * `maxAwarenessBytes` is refused (the listeners never receive it); one that would take the
	 * board's presences beyond `maxBoardAwarenessBytes` is dropped (it is nobody's fault alone).
	 */
	filterAwareness(update: Uint8Array, userId: string, limits: AwarenessLimits): AwarenessFilter {
		const entries = awarenessEntries(update);
		if (entries.some((entry) => entry.bytes > limits.maxAwarenessBytes)) {
			return { outcome: 'refused', code: CLOSE.awarenessTooLarge, reason: 'presence too large' };
		}
		const kept = entries.filter((entry) => {
			const owner = this.awarenessOwners.get(entry.id);
			return owner === undefined || owner.userId === userId;
		});
		const meta = this.awareness.meta;
		const hostile = entries.some(
			(entry) => !kept.includes(entry) && entry.clock > (meta.get(entry.id)?.clock ?? 0)
		);
		if (hostile) {
			return { outcome: 'refused', code: CLOSE.malformed, reason: "another user's presence" };
		}
		if (kept.length === 0) return { outcome: 'ignore' };
		let total = this.#awarenessTotal;
		for (const entry of kept) {
			const bytes = entry.state === 'null' ? 0 : entry.bytes;
			total += bytes - (this.#awarenessBytes.get(entry.id) ?? 0);
		}
		if (total > limits.maxBoardAwarenessBytes && total > this.#awarenessTotal) {
			return { outcome: 'drop', reason: 'board presences full' };
		}
		if (kept.length === entries.length) return { outcome: 'apply', update };
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, kept.length);
		for (const entry of kept) {
			encoding.writeVarUint(encoder, entry.id);
			encoding.writeVarUint(encoder, entry.clock);
			encoding.writeVarString(encoder, entry.state);
		}
		return { outcome: 'apply', update: encoding.toUint8Array(encoder) };
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

	/** Keeps the size of every presence, whoever changed it (clients, other nodes, time-outs). */
	#measureAwareness = ({
		added,
		updated,
		removed
	}: {
		added: number[];
		updated: number[];
		removed: number[];
	}): void => {
		const states = this.awareness.getStates();
		for (const id of [...added, ...updated, ...removed]) {
			const state = states.get(id);
			const bytes = state === undefined ? 0 : Buffer.byteLength(JSON.stringify(state));
			this.#awarenessTotal += bytes - (this.#awarenessBytes.get(id) ?? 0);
			if (bytes > 0) this.#awarenessBytes.set(id, bytes);
			else this.#awarenessBytes.delete(id);
		}
	};

	#advance(): void {
		while (this.#ahead.delete(this.#seq + 1)) this.#seq++;
	}

	#rebuildCopy(): void {
		this.#spec.destroy();
		this.#spec = new Y.Doc();
		Y.applyUpdate(this.#spec, Y.encodeStateAsUpdate(this.doc));
	}
}

function syncStep2Message(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}
