import { atom, react } from '@tldraw/state';
import type { RecordsDiff, RecordType, SerializedSchema } from '@tldraw/store';
import {
	createPresenceStateDerivation,
	InstancePresenceRecordType,
	type TLInstancePresence,
	type TLRecord,
	type TLStore,
	type TLUser
} from '@tldraw/tlschema';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { readEntries, readRecords, readSchema, writeRecords, writeSchema } from './model.ts';
import type { StoredRecord } from './shapes.ts';

/**
 * Binds a tldraw store to a canvas board's Yjs document (plain TypeScript: the tests run it in
 * Node with a bare store, the view with the editor's).
 *
 * - Local changes (`store.listen`, source `user`, scope `document`) go to Yjs in one
 *   transaction with `origin`. What is written is the store's CURRENT value of each touched
 *   record, not the diff's: a remote change may have landed between the local change and the
 *   (frame-deferred) listener, and Yjs must hold what the store shows.
 * - Remote changes (any other origin) enter the store through `mergeRemoteChanges`, so tldraw's
 *   history (undo) never records them. Every record from a peer is checked against tldraw's
 *   schema first (migrated up if written by an older tldraw); an invalid one is dropped with a
 *   console warning and never reaches the store, which would throw.
 * - Presence: one's own instance presence (cursor, selection, camera), derived by tldraw from
 *   the editor's session records, is shared through the awareness field `tldraw`, at most every
 *   `PRESENCE_INTERVAL_MS`; the others' become `instance_presence` records.
 * - Read-only: nothing is written, ever (the view also sets tldraw's read-only mode).
 */

/** ~10 presence updates a second at most, like the other boards' pointers. */
export const PRESENCE_INTERVAL_MS = 100;
const AWARENESS_FIELD = 'tldraw';

export interface CanvasBindingOptions {
	store: TLStore;
	doc: Y.Doc;
	/** Origin of this client's transactions. */
	origin: object;
	/** Read on every change: the server may turn the board read-only while it is open. */
	readOnly: () => boolean;
	/** Presence: the awareness of the connection and who this client is. */
	presence?: { awareness: Awareness; user: { id: string; name: string; color: string } };
	/** Where dropped records are reported (default `console.warn`). */
	warn?: (message: string, context: Record<string, unknown>) => void;
	/** Board id, for the warnings' context. */
	boardId?: string;
}

type AnyRecord = TLRecord;

export class CanvasBinding {
	#store: TLStore;
	#doc: Y.Doc;
	#origin: object;
	#readOnly: () => boolean;
	#warn: (message: string, context: Record<string, unknown>) => void;
	#boardId: string | undefined;
	#ownSchema: SerializedSchema;
	#docSchema: SerializedSchema | null = null;
	#sameSchema = true;
	#stops: (() => void)[] = [];
	#presenceTimer: ReturnType<typeof setTimeout> | null = null;
	#lastPresenceAt = 0;
	#pendingPresence: TLInstancePresence | null | undefined = undefined;
	#awareness: Awareness | null = null;

	constructor(options: CanvasBindingOptions) {
		this.#store = options.store;
		this.#doc = options.doc;
		this.#origin = options.origin;
		this.#readOnly = options.readOnly;
		this.#warn = options.warn ?? ((message, context) => console.warn(message, context));
		this.#boardId = options.boardId;
		this.#ownSchema = this.#store.schema.serialize();
		this.#readDocSchema();
		this.#load();
		this.#stops.push(
			this.#store.listen(({ changes }) => this.#onLocal(changes), {
				source: 'user',
				scope: 'document'
			})
		);
		const records = this.#doc.getArray<unknown>('records');
		const onRecords = (event: Y.YArrayEvent<unknown>) => this.#onRemote(event);
		records.observe(onRecords);
		this.#stops.push(() => records.unobserve(onRecords));
		const meta = this.#doc.getMap<unknown>('meta');
		const onMeta = (_event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
			if (transaction.origin !== this.#origin) this.#readDocSchema();
		};
		meta.observe(onMeta);
		this.#stops.push(() => meta.unobserve(onMeta));
		if (options.presence) this.#bindPresence(options.presence.awareness, options.presence.user);
	}

	/** True when the document was written by a newer tldraw than this page's (reload to edit). */
	get newerSchema(): boolean {
		return !this.#sameSchema && this.#docSchema !== null && !this.#canMigrate();
	}

	#readDocSchema(): void {
		const schema = readSchema(this.#doc);
		this.#docSchema =
			typeof schema === 'object' && schema !== null ? (schema as SerializedSchema) : null;
		this.#sameSchema =
			this.#docSchema === null ||
			JSON.stringify(this.#docSchema) === JSON.stringify(this.#ownSchema);
	}

	#canMigrate(): boolean {
		if (!this.#docSchema) return true;
		const migrations = this.#store.schema.getMigrationsSince(this.#docSchema);
		return migrations.ok;
	}

	/** The record `value` stored under `key` if tldraw accepts it, else null (and a warning). */
	#validate(key: string, value: unknown): AnyRecord | null {
		const fail = (reason: string, typeName?: unknown) => {
			this.#warn('[canvas] record from a peer dropped', {
				boardId: this.#boardId,
				key,
				typeName,
				reason
			});
			return null;
		};
		if (typeof value !== 'object' || value === null) return fail('not an object');
		const raw = value as StoredRecord;
		if (raw.id !== key) return fail('id differs from its key', raw.typeName);
		const types = this.#store.schema.types as Record<
			string,
			RecordType<AnyRecord, never> | undefined
		>;
		const type = types[raw.typeName];
		if (!type || type.scope !== 'document')
			return fail('unknown or non-document type', raw.typeName);
		if (!key.startsWith(`${raw.typeName}:`)) return fail('id of another type', raw.typeName);
		let record: unknown = raw;
		if (!this.#sameSchema && this.#docSchema) {
			const migrated = this.#store.schema.migratePersistedRecord(
				raw as unknown as AnyRecord,
				this.#docSchema,
				'up'
			);
			if (migrated.type === 'error') return fail(`migration: ${migrated.reason}`, raw.typeName);
			record = migrated.value;
		}
		try {
			return type.validate(record) as AnyRecord;
		} catch (cause) {
			return fail(cause instanceof Error ? cause.message : String(cause), raw.typeName);
		}
	}

	/** First sync: the document wins; a fresh document receives the store's records. */
	#load(): void {
		const stored = readRecords(this.#doc);
		if (stored.length === 0) {
			if (this.#readOnly()) return;
			const mine = this.#documentRecords();
			this.#doc.transact(() => {
				writeRecords(this.#doc, mine);
				writeSchema(this.#doc, this.#ownSchema);
			}, this.#origin);
			this.#readDocSchema();
			return;
		}
		const valid = stored
			.map((record) => this.#validate(record.id, record))
			.filter((record): record is AnyRecord => record !== null);
		const keep = new Set<string>(valid.map((record) => record.id));
		const stale = this.#documentRecords()
			.map((record) => record.id)
			.filter((id) => !keep.has(id));
		this.#merge(valid, stale as AnyRecord['id'][]);
		// Written by an older tldraw: this editor upgrades the document once, for everyone.
		if (!this.#sameSchema && !this.#readOnly() && this.#canMigrate()) {
			this.#doc.transact(() => {
				writeRecords(this.#doc, valid as unknown as StoredRecord[]);
				writeSchema(this.#doc, this.#ownSchema);
			}, this.#origin);
			this.#readDocSchema();
		}
	}

	#documentRecords(): StoredRecord[] {
		const documentTypes = new Set(
			Object.values(this.#store.schema.types)
				.filter((type) => type.scope === 'document')
				.map((type) => type.typeName)
		);
		return this.#store
			.allRecords()
			.filter((record) => documentTypes.has(record.typeName)) as unknown as StoredRecord[];
	}

	#onLocal(changes: RecordsDiff<AnyRecord>): void {
		if (this.#readOnly()) return;
		const puts: StoredRecord[] = [];
		const removals: string[] = [];
		const touched = new Set<AnyRecord['id']>([
			...(Object.keys(changes.added) as AnyRecord['id'][]),
			...(Object.keys(changes.updated) as AnyRecord['id'][]),
			...(Object.keys(changes.removed) as AnyRecord['id'][])
		]);
		for (const id of touched) {
			const current = this.#store.get(id);
			if (current) puts.push(current as unknown as StoredRecord);
			else removals.push(id);
		}
		if (puts.length === 0 && removals.length === 0) return;
		this.#doc.transact(() => {
			writeRecords(this.#doc, puts, removals);
			if (!this.#sameSchema) writeSchema(this.#doc, this.#ownSchema);
		}, this.#origin);
	}

	#onRemote(event: Y.YArrayEvent<unknown>): void {
		if (event.transaction.origin === this.#origin) return;
		const keys = new Set<string>();
		const collect = (item: Y.Item) => {
			for (const entry of item.content.getContent()) {
				const key = (entry as { key?: unknown } | null)?.key;
				if (typeof key === 'string') keys.add(key);
			}
		};
		event.changes.added.forEach(collect);
		event.changes.deleted.forEach(collect);
		if (keys.size === 0) return;
		const entries = readEntries(this.#doc);
		const puts: AnyRecord[] = [];
		const removals: AnyRecord['id'][] = [];
		for (const key of keys) {
			if (!entries.has(key)) {
				if (this.#store.has(key as AnyRecord['id'])) removals.push(key as AnyRecord['id']);
				continue;
			}
			const record = this.#validate(key, entries.get(key));
			if (record && record !== this.#store.get(record.id)) puts.push(record);
		}
		this.#merge(puts, removals);
	}

	#merge(puts: AnyRecord[], removals: AnyRecord['id'][]): void {
		if (puts.length === 0 && removals.length === 0) return;
		try {
			this.#store.mergeRemoteChanges(() => {
				if (removals.length > 0) this.#store.remove(removals);
				if (puts.length > 0) this.#store.put(puts);
			});
		} catch (cause) {
			// Validated records still refused (e.g. by a side effect): report, keep the page alive.
			this.#warn('[canvas] remote changes could not be applied', {
				boardId: this.#boardId,
				puts: puts.map((record) => record.id),
				removals,
				error: cause instanceof Error ? cause.message : String(cause)
			});
		}
	}

	#bindPresence(awareness: Awareness, user: { id: string; name: string; color: string }): void {
		this.#awareness = awareness;
		const me: TLUser = {
			id: `user:${user.id}` as TLUser['id'],
			typeName: 'user',
			name: user.name,
			color: user.color,
			imageUrl: '',
			meta: {}
		};
		const $user = atom<TLUser | null>('canvas user', me);
		const $presence = createPresenceStateDerivation($user, {
			instanceId: InstancePresenceRecordType.createId(String(awareness.clientID))
		})(this.#store);
		this.#stops.push(react('canvas presence', () => this.#sharePresence($presence.get())));
		const onChange = (change: { added: number[]; updated: number[]; removed: number[] }) =>
			this.#onPeers(awareness, change);
		awareness.on('change', onChange);
		this.#stops.push(() => awareness.off('change', onChange));
		this.#onPeers(awareness, {
			added: [...awareness.getStates().keys()],
			updated: [],
			removed: []
		});
	}

	/** Shares one's presence at most every PRESENCE_INTERVAL_MS (the last state always). */
	#sharePresence(presence: TLInstancePresence | null): void {
		this.#pendingPresence = presence;
		if (this.#presenceTimer) return;
		const wait = this.#lastPresenceAt + PRESENCE_INTERVAL_MS - Date.now();
		if (wait <= 0) return this.#flushPresence();
		this.#presenceTimer = setTimeout(() => this.#flushPresence(), wait);
	}

	#flushPresence(): void {
		this.#presenceTimer = null;
		if (this.#pendingPresence === undefined || !this.#awareness) return;
		this.#lastPresenceAt = Date.now();
		this.#awareness.setLocalStateField(AWARENESS_FIELD, this.#pendingPresence);
		this.#pendingPresence = undefined;
	}

	/** The others' presence as `instance_presence` records, validated like document records. */
	#onPeers(
		awareness: Awareness,
		change: { added: number[]; updated: number[]; removed: number[] }
	): void {
		const puts: AnyRecord[] = [];
		const removals: AnyRecord['id'][] = [];
		for (const clientId of [...change.added, ...change.updated, ...change.removed]) {
			if (clientId === awareness.clientID) continue;
			const id = InstancePresenceRecordType.createId(String(clientId));
			const state = awareness.getStates().get(clientId) as Record<string, unknown> | undefined;
			const shared = state?.[AWARENESS_FIELD];
			if (typeof shared !== 'object' || shared === null) {
				if (this.#store.has(id)) removals.push(id);
				continue;
			}
			try {
				// The id is ours to give: a peer cannot overwrite someone else's presence.
				puts.push(InstancePresenceRecordType.validate({ ...shared, id }) as AnyRecord);
			} catch (cause) {
				this.#warn('[canvas] presence from a peer dropped', {
					boardId: this.#boardId,
					clientId,
					reason: cause instanceof Error ? cause.message : String(cause)
				});
				if (this.#store.has(id)) removals.push(id);
			}
		}
		this.#merge(puts, removals);
	}

	destroy(): void {
		for (const stop of this.#stops) stop();
		this.#stops = [];
		if (this.#presenceTimer) clearTimeout(this.#presenceTimer);
		this.#presenceTimer = null;
		this.#awareness?.setLocalStateField(AWARENESS_FIELD, null);
		this.#awareness = null;
	}
}
