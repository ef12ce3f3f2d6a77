import { Store } from '@tldraw/store';
import {
	createTLSchema,
	InstancePresenceRecordType,
	toRichText,
	type TLRecord,
	type TLShape,
	type TLStore
} from '@tldraw/tlschema';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CanvasBinding } from './binding.ts';
import { canvasKind, readRecords, writeRecords } from './model.ts';
import { documentRecord, geoRecord, noteRecord, pageRecord } from './records.fixtures.ts';

const schema = createTLSchema();

function newStore(): TLStore {
	return new Store({
		schema,
		props: {
			defaultName: '',
			assets: { upload: async () => ({ src: '' }), resolve: () => null, remove: async () => {} },
			users: { currentUser: { get: () => null } },
			onMount: () => {}
		}
	} as never) as unknown as TLStore;
}

const DOCUMENT_TYPES = new Set(['document', 'page', 'shape', 'binding', 'asset']);

function documentRecords(store: TLStore): TLRecord[] {
	return store
		.allRecords()
		.filter((record) => DOCUMENT_TYPES.has(record.typeName))
		.sort((a, b) => a.id.localeCompare(b.id));
}

interface Peer {
	name: string;
	doc: Y.Doc;
	store: TLStore;
	binding: CanvasBinding;
	/** Updates this peer produced that the other has not received yet. */
	outbox: Uint8Array[];
	warnings: Record<string, unknown>[];
}

const peers: Peer[] = [];

function newPeer(name: string, doc = new Y.Doc(), readOnly = false): Peer {
	const store = newStore();
	const warnings: Record<string, unknown>[] = [];
	const outbox: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== 'network') outbox.push(update);
	});
	const binding = new CanvasBinding({
		store,
		doc,
		origin: { name },
		readOnly: () => readOnly,
		warn: (_message, context) => warnings.push(context)
	});
	const peer = { name, doc, store, binding, outbox, warnings };
	peers.push(peer);
	return peer;
}

afterEach(() => {
	for (const peer of peers.splice(0)) peer.binding.destroy();
});

/** A board as the server creates it, then two peers that both received it. */
function twoPeers(): [Peer, Peer] {
	const server = new Y.Doc();
	canvasKind.init(server);
	server.transact(() => writeRecords(server, [documentRecord(), pageRecord()]));
	const initial = Y.encodeStateAsUpdate(server);
	const docs = [new Y.Doc(), new Y.Doc()];
	for (const doc of docs) Y.applyUpdate(doc, initial, 'network');
	return [newPeer('a', docs[0]), newPeer('b', docs[1])];
}

function deliver(from: Peer, to: Peer, index = 0): void {
	const [update] = from.outbox.splice(index, 1);
	if (update) Y.applyUpdate(to.doc, update, 'network');
}

/** Flushes both stores' listeners and delivers everything, until nothing moves. */
function settle(a: Peer, b: Peer): void {
	for (let round = 0; round < 10; round++) {
		a.store._flushHistory();
		b.store._flushHistory();
		if (a.outbox.length === 0 && b.outbox.length === 0) return;
		while (a.outbox.length > 0) deliver(a, b);
		while (b.outbox.length > 0) deliver(b, a);
	}
}

function shapeOf(store: TLStore, id: string): TLShape | undefined {
	return store.get(id as TLShape['id']) as TLShape | undefined;
}

describe('CanvasBinding', () => {
	it('sends local shapes to the other peer and removes them there too', () => {
		const [a, b] = twoPeers();
		a.store.put([geoRecord({ id: 'shape:one', x: 10, text: 'Bonjour' }) as unknown as TLRecord]);
		settle(a, b);
		expect(shapeOf(b.store, 'shape:one')?.x).toBe(10);
		b.store.update('shape:one' as TLShape['id'], (shape) => ({ ...shape, x: 99 }));
		settle(a, b);
		expect(shapeOf(a.store, 'shape:one')?.x).toBe(99);
		a.store.remove(['shape:one' as TLShape['id']]);
		settle(a, b);
		expect(shapeOf(b.store, 'shape:one')).toBeUndefined();
		expect(readRecords(b.doc).map((r) => r.id)).not.toContain('shape:one');
	});

	it('loads what the document holds, and a fresh document receives the store’s records', () => {
		const doc = new Y.Doc();
		doc.transact(() =>
			writeRecords(doc, [documentRecord(), pageRecord(), noteRecord({ id: 'shape:n' })])
		);
		const peer = newPeer('loader', doc);
		expect(shapeOf(peer.store, 'shape:n')?.type).toBe('note');

		const store = newStore();
		store.put([documentRecord(), pageRecord()] as unknown as TLRecord[]);
		const fresh = new Y.Doc();
		const binding = new CanvasBinding({ store, doc: fresh, origin: {}, readOnly: () => false });
		expect(
			readRecords(fresh)
				.map((r) => r.id)
				.sort()
		).toEqual(['document:document', 'page:page']);
		expect(fresh.getMap('meta').get('tldrawSchema')).toEqual(schema.serialize());
		binding.destroy();
	});

	it('a read-only viewer never writes, and still receives changes', () => {
		const [a] = twoPeers();
		const viewerDoc = new Y.Doc();
		Y.applyUpdate(viewerDoc, Y.encodeStateAsUpdate(a.doc), 'network');
		const viewer = newPeer('viewer', viewerDoc, true);
		viewer.store.put([geoRecord({ id: 'shape:mine' }) as unknown as TLRecord]);
		viewer.store._flushHistory();
		expect(viewer.outbox).toHaveLength(0);
		a.store.put([geoRecord({ id: 'shape:theirs' }) as unknown as TLRecord]);
		a.store._flushHistory();
		while (a.outbox.length > 0) deliver(a, viewer);
		expect(shapeOf(viewer.store, 'shape:theirs')).toBeDefined();
		expect(viewer.outbox).toHaveLength(0);
	});

	it('drops invalid records from a peer with a warning, without throwing', () => {
		const [a, b] = twoPeers();
		const hostile = new Y.Doc();
		Y.applyUpdate(hostile, Y.encodeStateAsUpdate(a.doc));
		hostile.transact(() => {
			const bad = geoRecord({ id: 'shape:bad' });
			writeRecords(hostile, [
				{ ...bad, props: { ...(bad.props as object), w: 'très grand' } },
				{ id: 'instance:instance', typeName: 'instance' },
				{ id: 'alien:1', typeName: 'alien' },
				geoRecord({ id: 'shape:fine', text: 'ok' })
			]);
			hostile.getArray('records').push([
				{ key: 'shape:x', val: 'junk' },
				// A record filed under another record's id.
				{ key: 'shape:liar', val: geoRecord({ id: 'shape:other' }) }
			]);
		});
		expect(() => Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(hostile), 'network')).not.toThrow();
		expect(shapeOf(b.store, 'shape:fine')).toBeDefined();
		expect(shapeOf(b.store, 'shape:bad')).toBeUndefined();
		// The store's own session record is untouched by the peer's bare one.
		expect(b.store.get('instance:instance' as TLRecord['id'])).toHaveProperty('currentPageId');
		expect(b.warnings.map((w) => w.key).sort()).toEqual(
			['alien:1', 'instance:instance', 'shape:bad', 'shape:liar', 'shape:x'].sort()
		);
		expect(b.warnings.find((w) => w.key === 'shape:bad')?.reason).toMatch(/props\.w/);

		// An invalid update of an existing shape keeps the last valid one.
		a.store.put([geoRecord({ id: 'shape:kept', x: 5 }) as unknown as TLRecord]);
		settle(a, b);
		const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
		hostile.transact(() =>
			writeRecords(hostile, [{ ...geoRecord({ id: 'shape:kept' }), x: 'nope' }])
		);
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(hostile, Y.encodeStateVector(b.doc)), 'network');
		expect(shapeOf(b.store, 'shape:kept')?.x).toBe(5);
		spy.mockRestore();
	});

	it('converges when both peers edit at random and updates arrive in any order', () => {
		const ids = ['shape:a', 'shape:b', 'shape:c', 'shape:d', 'shape:e'];
		const op = fc.oneof(
			fc.record({
				kind: fc.constant('create' as const),
				peer: fc.nat(1),
				id: fc.constantFrom(...ids),
				note: fc.boolean(),
				x: fc.integer({ min: -500, max: 500 }),
				text: fc.string({ maxLength: 8 })
			}),
			fc.record({
				kind: fc.constant('move' as const),
				peer: fc.nat(1),
				id: fc.constantFrom(...ids),
				x: fc.integer({ min: -500, max: 500 }),
				y: fc.integer({ min: -500, max: 500 })
			}),
			fc.record({
				kind: fc.constant('text' as const),
				peer: fc.nat(1),
				id: fc.constantFrom(...ids),
				text: fc.string({ maxLength: 8 })
			}),
			fc.record({
				kind: fc.constant('delete' as const),
				peer: fc.nat(1),
				id: fc.constantFrom(...ids)
			}),
			// The store's listener runs on the next frame: changes wait until a flush.
			fc.record({ kind: fc.constant('flush' as const), peer: fc.nat(1) }),
			fc.record({ kind: fc.constant('deliver' as const), peer: fc.nat(1), index: fc.nat(5) })
		);
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
				const pair = twoPeers();
				for (const step of ops) {
					const peer = pair[step.peer]!;
					const other = pair[1 - step.peer]!;
					const store = peer.store;
					const id = 'id' in step ? (step.id as TLShape['id']) : null;
					const existing = id ? shapeOf(store, id) : undefined;
					switch (step.kind) {
						case 'create':
							store.put([
								(step.note
									? noteRecord({ id: step.id, x: step.x, text: step.text })
									: geoRecord({ id: step.id, x: step.x, text: step.text })) as unknown as TLRecord
							]);
							break;
						case 'move':
							if (existing) store.put([{ ...existing, x: step.x, y: step.y }]);
							break;
						case 'text':
							if (existing) {
								store.put([
									{
										...existing,
										props: { ...existing.props, richText: toRichText(step.text) }
									} as TLShape
								]);
							}
							break;
						case 'delete':
							if (existing) store.remove([existing.id]);
							break;
						case 'flush':
							store._flushHistory();
							break;
						case 'deliver':
							if (peer.outbox.length > 0) deliver(peer, other, step.index % peer.outbox.length);
							break;
					}
				}
				const [a, b] = pair;
				settle(a, b);
				expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
				const inA = documentRecords(a.store);
				expect(documentRecords(b.store)).toEqual(inA);
				// And both show exactly what the document holds.
				const stored = readRecords(a.doc).sort((x, y) => x.id.localeCompare(y.id));
				expect(inA).toEqual(stored);
				expect(a.warnings).toEqual([]);
				expect(b.warnings).toEqual([]);
				a.binding.destroy();
				b.binding.destroy();
			}),
			{ numRuns: 150 }
		);
	});
});

describe('CanvasBinding presence', () => {
	function connected(): { a: Awareness; b: Awareness } {
		const a = new Awareness(new Y.Doc());
		const b = new Awareness(new Y.Doc());
		const relay = (from: Awareness, to: Awareness) =>
			from.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
				const changed = [...added!, ...updated!, ...removed!];
				applyAwarenessUpdate(to, encodeAwarenessUpdate(from, changed), 'network');
			});
		relay(a, b);
		relay(b, a);
		return { a, b };
	}

	it('turns the others’ awareness into instance_presence records, validated', () => {
		const { a, b } = connected();
		const doc = new Y.Doc();
		const store = newStore();
		const warnings: Record<string, unknown>[] = [];
		const binding = new CanvasBinding({
			store,
			doc,
			origin: {},
			readOnly: () => false,
			presence: { awareness: a, user: { id: 'u1', name: 'Claire', color: '#1f5f8b' } },
			warn: (_message, context) => warnings.push(context)
		});
		const presenceId = InstancePresenceRecordType.createId(String(b.clientID));
		const valid = InstancePresenceRecordType.create({
			id: InstancePresenceRecordType.createId('whatever'),
			userId: 'user:u2' as never,
			userName: 'Bruno',
			currentPageId: 'page:page' as never,
			cursor: { x: 10, y: 20, type: 'default', rotation: 0 }
		});
		b.setLocalStateField('tldraw', valid);
		const record = store.get(presenceId) as typeof valid | undefined;
		expect(record?.userName).toBe('Bruno');
		expect(record?.cursor?.x).toBe(10);

		b.setLocalStateField('tldraw', { ...valid, cursor: { x: 'far' } });
		expect(warnings.at(-1)?.clientId).toBe(b.clientID);
		expect(store.get(presenceId)).toBeUndefined();

		b.setLocalStateField('tldraw', valid);
		expect(store.get(presenceId)).toBeDefined();
		b.setLocalState(null);
		expect(store.get(presenceId)).toBeUndefined();

		binding.destroy();
		expect(a.getLocalState()?.tldraw).toBeNull();
	});
});
