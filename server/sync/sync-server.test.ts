import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE, VERSION_PARAM } from '../../src/lib/boards/sync-protocol.ts';
import { invalidateSession } from '../../src/lib/server/auth/session.ts';
import { changesAfter } from '../../src/lib/server/db/board-changes.ts';
import { createBoardStorage, loadedDocument } from '../../src/lib/server/db/board-storage.ts';
import { bilans } from '../../src/lib/server/db/schema.ts';
import { awarenessFrame, syncUpdateFrame, updateOf } from '../../tests/helpers/boards.ts';
import {
	connectClient,
	itemsOf,
	sorted,
	testKind,
	type TestClient
} from '../../tests/helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../../tests/helpers/sync-harness.ts';
import { seededRandom } from '../../tests/helpers/random.ts';

/** The sync server in this process, with real sockets on loopback and stock y-websocket clients. */
describe('sync server', () => {
	let harness: SyncHarness;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		harness = await startSyncHarness({ SYNC_SESSION_CHECK_MS: '200' });
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await harness?.close();
	});

	async function client(boardId: string, headers?: Record<string, string>): Promise<TestClient> {
		const c = connectClient(
			harness.url,
			boardId,
			headers ?? (await harness.headersFor(harness.beneficiary))
		);
		clients.push(c);
		return c;
	}

	/** Status of a refused upgrade, read from the raw HTTP answer. */
	function upgradeStatus(boardId: string, headers: Record<string, string>): Promise<number> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(`${harness.url.replace('http', 'ws')}/yjs/${boardId}`, { headers });
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('open', () => reject(new Error('the upgrade was accepted')));
			ws.on('error', () => {});
		});
	}

	async function logLength(boardId: string): Promise<number> {
		return (await createBoardStorage(harness.runtime.database.db).load(boardId)).seq;
	}

	/** The texts of the board as stored (compacted state and log). */
	async function storedItems(boardId: string): Promise<string[]> {
		const doc = new Y.Doc();
		Y.applyUpdate(
			doc,
			(await createBoardStorage(harness.runtime.database.db).readState(boardId)).state
		);
		return itemsOf(doc);
	}

	it('syncs the initial content and converges concurrent edits, with acks', async () => {
		const boardId = await harness.newBoard();
		const a = await client(boardId);
		const b = await client(boardId, await harness.headersFor(harness.consultant));
		await expect.poll(() => a.doc.getMap('meta').get('title')).toBe('Tableau de test');
		await expect.poll(() => b.provider.synced).toBe(true);
		for (let i = 0; i < 10; i++) {
			a.push(`a${i}`);
			b.push(`b${i}`);
		}
		const expected = sorted([...Array(10).keys()].flatMap((i) => [`a${i}`, `b${i}`]));
		await expect.poll(() => sorted(a.items())).toEqual(expected);
		await expect.poll(() => sorted(b.items())).toEqual(expected);
		await expect.poll(() => a.acks.count).toBeGreaterThanOrEqual(10);
		expect(await logLength(boardId)).toBeGreaterThanOrEqual(21);
	});

	it('records who committed which changes: one row per person and moment, the ids of what they wrote', async () => {
		const boardId = await harness.newBoard();
		const a = await client(boardId);
		const b = await client(boardId, await harness.headersFor(harness.consultant));
		await expect.poll(() => b.provider.synced).toBe(true);
		a.push('du bénéficiaire');
		await expect.poll(() => a.acks.seq).toBe(2);
		b.push('de la consultante');
		b.push('encore');
		await expect.poll(() => b.acks.seq).toBe(4);
		// Written a moment later, off the commit path: the beneficiary's commit, then the
		// consultant's two, coalesced into one row.
		const rows = () => changesAfter(harness.runtime.database.db, boardId, 0);
		await expect
			.poll(async () => (await rows()).map((row) => [row.userId, row.seq]), { timeout: 5000 })
			.toEqual([
				[harness.beneficiary.id, 2],
				[harness.consultant.id, 4]
			]);
		const [mine, theirs] = await rows();
		const added = (clientId: number, row: typeof mine) =>
			row!.ids.added.filter(([client]) => client === clientId).length > 0;
		expect(added(a.doc.clientID, mine)).toBe(true);
		expect(added(b.doc.clientID, theirs)).toBe(true);
		expect(added(b.doc.clientID, mine)).toBe(false);
	});

	it('refuses upgrades without a session, from another origin, for another bilan, or an unknown board', async () => {
		const boardId = await harness.newBoard();
		const ok = await harness.headersFor(harness.beneficiary);
		expect(await upgradeStatus(boardId, { origin: harness.url })).toBe(401);
		expect(await upgradeStatus(boardId, { ...ok, cookie: 'atelier_session=x.y' })).toBe(401);
		expect(await upgradeStatus(boardId, { ...ok, origin: 'https://evil.example' })).toBe(403);
		expect(await upgradeStatus(boardId, { cookie: ok.cookie! })).toBe(403);
		expect(await upgradeStatus(boardId, await harness.headersFor(harness.stranger))).toBe(403);
		expect(await upgradeStatus(crypto.randomUUID(), ok)).toBe(404);
		expect(await upgradeStatus('not-a-uuid', ok)).toBe(404);
	});

	it('lets a read-only member follow, and closes it when it writes', async () => {
		const boardId = await harness.newBoard();
		const writer = await client(boardId);
		await expect.poll(() => writer.provider.synced).toBe(true);
		writer.push('avant');
		await expect.poll(() => writer.acks.count).toBeGreaterThan(0);
		await harness.runtime.database.db
			.update(bilans)
			.set({ phase: 'clos' })
			.where(eq(bilans.id, harness.bilanId));
		try {
			const reader = await client(boardId, await harness.headersFor(harness.consultant));
			await expect.poll(() => reader.items()).toEqual(['avant']);
			const before = await logLength(boardId);
			reader.push('interdit');
			await expect.poll(() => reader.closes.map((c) => c.code)).toContain(CLOSE.forbidden);
			expect(await logLength(boardId)).toBe(before);
			// The writer may only read now: the periodic re-check tells it at once (4403), rather
			// than letting it find out at its next edit.
			await expect.poll(() => writer.closes.map((c) => c.code)).toContain(CLOSE.forbidden);
			expect(writer.items()).toEqual(['avant']);
		} finally {
			await harness.runtime.database.db
				.update(bilans)
				.set({ phase: 'investigation' })
				.where(eq(bilans.id, harness.bilanId));
		}
	});

	it('closes only the connection that sends hostile frames', async () => {
		const boardId = await harness.newBoard();
		const honest = await client(boardId);
		const watcher = await client(boardId, await harness.headersFor(harness.consultant));
		await expect.poll(() => honest.provider.synced).toBe(true);
		honest.push('un');
		await expect.poll(() => watcher.items()).toEqual(['un']);
		const before = await logLength(boardId);

		const valid = (() => {
			const doc = new Y.Doc();
			let update!: Uint8Array;
			doc.on('update', (u: Uint8Array) => (update = u));
			doc.getMap('items').set('t:x', 'x'.repeat(40));
			return update;
		})();
		const undeclared = (() => {
			const doc = new Y.Doc();
			let update!: Uint8Array;
			doc.on('update', (u: Uint8Array) => (update = u));
			doc.getMap('evil').set('k', 'v');
			return update;
		})();
		const frames: [string, Uint8Array, number[]][] = [
			['garbage', crypto.getRandomValues(new Uint8Array(64)), [CLOSE.malformed]],
			['unknown type', new Uint8Array([42, 1, 2]), [CLOSE.malformed]],
			['truncated', syncUpdateFrame(valid).slice(0, 12), [CLOSE.malformed]],
			['oversized', new Uint8Array(1024 * 1024 + 10), [1009]],
			['undeclared root', syncUpdateFrame(undeclared), [CLOSE.invalid]],
			[
				'missing dependencies',
				syncUpdateFrame(
					(() => {
						const doc = new Y.Doc();
						doc.getMap('items').set('a', 1);
						const sv = Y.encodeStateVector(doc);
						doc.getMap('items').set('b', 2);
						return Y.encodeStateAsUpdate(doc, sv);
					})()
				),
				[CLOSE.resync]
			]
		];
		const headers = await harness.headersFor(harness.beneficiary);
		for (const [name, frame, codes] of frames) {
			const code = await new Promise<number>((resolve) => {
				const ws = new WebSocket(`${harness.url.replace('http', 'ws')}/yjs/${boardId}`, {
					headers
				});
				ws.on('open', () => ws.send(frame));
				ws.on('close', (c) => resolve(c));
				ws.on('error', () => {});
			});
			expect(codes, name).toContain(code);
		}
		expect(await logLength(boardId)).toBe(before);

		// Bit-flipped valid updates: refused or harmless, never fatal to anyone else.
		// Seeded: a flip that hurts someone can be replayed.
		const random = seededRandom(20261207);
		for (let i = 0; i < 30; i++) {
			const flipped = syncUpdateFrame(valid).slice();
			const at = 4 + Math.floor(random() * (flipped.length - 4));
			flipped[at]! ^= 1 << Math.floor(random() * 8);
			await new Promise<void>((resolve) => {
				const ws = new WebSocket(`${harness.url.replace('http', 'ws')}/yjs/${boardId}`, {
					headers
				});
				ws.on('open', () => {
					ws.send(flipped);
					setImmediate(() => ws.close());
				});
				ws.on('close', () => resolve());
				ws.on('error', () => {});
			});
		}
		// (A flip can also yield a valid edit, e.g. one changed letter: that one is simply saved.)
		honest.push('deux');
		await expect.poll(() => watcher.items()).toContain('deux');
		await expect.poll(() => honest.items()).toEqual(watcher.items());
		const server = harness.runtime.sync.documents.get(boardId)!;
		expect(itemsOf(server.doc)).toEqual(watcher.items());
	});

	it('refuses a value the schema refuses (a BigInt): nobody else sees it, the log does not hold it', async () => {
		const boardId = await harness.newBoard();
		const writer = await client(boardId);
		const watcher = await client(boardId, await harness.headersFor(harness.consultant));
		await expect.poll(() => writer.provider.synced).toBe(true);
		writer.push('avant');
		await expect.poll(() => watcher.items()).toEqual(['avant']);
		await expect.poll(() => writer.acked.has('avant')).toBe(true);
		const before = await logLength(boardId);

		writer.doc.getMap('items').set('t:grand', 10n);
		await expect.poll(() => writer.closes.map((c) => c.code)).toContain(CLOSE.invalid);
		writer.provider.disconnect();
		// Anything committed after the refusal reaches the watcher after it would have.
		watcher.push('après');
		await expect.poll(() => watcher.acked.has('après')).toBe(true);
		expect(watcher.doc.getMap('items').has('t:grand')).toBe(false);
		expect(await logLength(boardId)).toBe(before + 1);
		const stored = loadedDocument(
			await createBoardStorage(harness.runtime.database.db).load(boardId)
		);
		expect(itemsOf(stored)).toEqual(['après', 'avant']);
		expect(stored.getMap('items').has('t:grand')).toBe(false);
		const server = harness.runtime.sync.documents.get(boardId)!;
		expect(server.doc.getMap('items').has('t:grand')).toBe(false);
	});

	it('loads a board whose log already holds a refused value, and takes valid edits on it', async () => {
		const boardId = await harness.newBoard();
		const legacy = new Y.Doc();
		legacy.getMap('items').set('t:ancien', 10n);
		await createBoardStorage(harness.runtime.database.db).append([
			{ boardId, updates: [Y.encodeStateAsUpdate(legacy)] }
		]);
		const c = await client(boardId);
		await expect.poll(() => c.doc.getMap('items').get('t:ancien')).toBe(10n);
		c.push('nouveau');
		await expect.poll(() => c.acked.has('nouveau')).toBe(true);
		expect(c.closes).toEqual([]);
	});

	it('compacts a log that reached the compaction threshold when it loads the board', async () => {
		const boardId = await harness.newBoard();
		const writer = new Y.Doc();
		const updates: Uint8Array[] = [];
		writer.on('update', (update: Uint8Array) => updates.push(update));
		// SYNC_COMPACT_AFTER_UPDATES: 500 by default; with the board's first entry, 501 logged.
		for (let i = 0; i < 500; i++) writer.getMap('items').set(`t:${i % 7}`, `valeur ${i}`);
		const storage = createBoardStorage(harness.runtime.database.db);
		await storage.append([{ boardId, updates }]);
		const c = await client(boardId);
		await expect.poll(() => c.doc.getMap('items').get('t:2')).toBe('valeur 499');
		await expect.poll(async () => (await storage.load(boardId)).updates.length).toBe(0);
		const loaded = await storage.load(boardId);
		expect(loaded.stateSeq).toBe(501);
		const doc = loadedDocument(loaded);
		expect(doc.getMap('items').get('t:2')).toBe('valeur 499');
		doc.destroy();
	});

	it("refuses a client that sets or removes another user's presence", async () => {
		const boardId = await harness.newBoard();
		const victim = await client(boardId);
		const watcher = await client(boardId, await harness.headersFor(harness.consultant));
		victim.provider.awareness.setLocalState({ name: 'Bénéficiaire' });
		const victimId = victim.doc.clientID;
		await expect
			.poll(() => watcher.provider.awareness.getStates().get(victimId))
			.toEqual({ name: 'Bénéficiaire' });

		/** A raw socket of `headers` sending one awareness update for `victimId`. */
		const announce = async (headers: Record<string, string>, state: string, clock = 1000) => {
			const ws = new WebSocket(`${harness.url.replace('http', 'ws')}/yjs/${boardId}`, { headers });
			ws.on('error', () => {});
			const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
			await new Promise((resolve) => ws.on('open', resolve));
			ws.send(awarenessFrame(victimId, clock, state));
			return { ws, closed };
		};
		const other = await harness.headersFor(harness.consultant);
		for (const state of ['{"name":"Imposteur"}', 'null']) {
			const { closed } = await announce(other, state);
			expect(await closed, state).toBe(CLOSE.malformed);
		}
		expect(watcher.provider.awareness.getStates().get(victimId)).toEqual({ name: 'Bénéficiaire' });

		// The same user may take its id over: a tab reconnecting before its old socket is closed.
		// What stock clients send about others (echoes, a removal timed out on their side) is
		// stale: dropped without effect, the client stays.
		const stale = await announce(
			other,
			'null',
			watcher.provider.awareness.meta.get(victimId)!.clock
		);
		watcher.provider.awareness.setLocalState({ name: 'Consultante' });
		await expect
			.poll(() => victim.provider.awareness.getStates().get(watcher.doc.clientID))
			.toEqual({ name: 'Consultante' });
		expect(stale.ws.readyState).toBe(WebSocket.OPEN);
		expect(watcher.provider.awareness.getStates().get(victimId)).toEqual({ name: 'Bénéficiaire' });
		stale.ws.close();

		const { ws } = await announce(await harness.headersFor(harness.beneficiary), '{"name":"B"}');
		await expect
			.poll(() => watcher.provider.awareness.getStates().get(victimId))
			.toEqual({ name: 'B' });
		expect(ws.readyState).toBe(WebSocket.OPEN);
		ws.close();
	});

	it('closes the connections of a revoked session at once; what they send after is not taken', async () => {
		const boardId = await harness.newBoard();
		const headers = await harness.headersFor(harness.beneficiary);
		const ws = new WebSocket(`${harness.url.replace('http', 'ws')}/yjs/${boardId}`, { headers });
		const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
		// The server's sync step 1: the board is loaded and the connection attached to it.
		await new Promise((resolve) => ws.once('message', resolve));
		const sessionId = headers.cookie!.split('=')[1]!.split('.')[0]!;
		await invalidateSession(harness.runtime.database.db, sessionId);
		// The server has closed the connection; this client has not read the close frame yet.
		expect(ws.readyState).toBe(WebSocket.OPEN);
		ws.send(syncUpdateFrame(updateOf((doc) => doc.getMap('items').set('t:après', 'après'))));
		expect(await closed).toBe(CLOSE.unauthenticated);

		// A later write on the same board is committed after it would have been.
		const other = await client(boardId, await harness.headersFor(harness.consultant));
		await expect.poll(() => other.provider.synced).toBe(true);
		other.push('ensuite');
		await expect.poll(() => other.acked.has('ensuite')).toBe(true);
		expect(await storedItems(boardId)).toEqual(['ensuite']);
	});
});

/** A page built for another version of the board's kind than the server's. */
describe('sync server and the version a page was built with', () => {
	const version = 3;
	let harness: SyncHarness;

	beforeAll(async () => {
		harness = await startSyncHarness({}, [{ ...testKind, version }]);
	});
	afterAll(() => harness?.close());

	/** How a socket saying `?v=<said>` ends: its close code, or `synced` when the sync starts. */
	async function outcome(said: string | null): Promise<number | 'synced'> {
		const boardId = await harness.newBoard();
		const headers = await harness.headersFor(harness.beneficiary);
		const query = said === null ? '' : `?${VERSION_PARAM}=${said}`;
		const ws = new WebSocket(`${harness.url.replace('http', 'ws')}/yjs/${boardId}${query}`, {
			headers
		});
		return new Promise((resolve) => {
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('close', (code) => resolve(code));
			// The server's sync step 1: the board is loaded and the connection attached to it.
			ws.once('message', () => {
				resolve('synced');
				ws.close();
			});
			ws.on('error', () => {});
		});
	}

	it('closes an older page for good (reload), a newer one for now (retry), takes the same', async () => {
		expect(await outcome(String(version - 1))).toBe(CLOSE.outdated);
		expect(await outcome(String(version + 1))).toBe(CLOSE.serverOutdated);
		expect(await outcome(String(version))).toBe('synced');
		// A stock y-websocket client says nothing: the schema alone guards what it writes.
		expect(await outcome(null)).toBe('synced');
		expect(await outcome('2.5')).toBe(400);
		expect(await outcome('0')).toBe(400);
	});
});
