import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startNetCut } from '../../../tests/e2e/net-cut.ts';
import { testKind } from '../../../tests/helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../../../tests/helpers/sync-harness.ts';
import { setBoardLock } from '../server/locks.service.ts';
import BoardStatus from './BoardStatus.svelte';
import { BoardConnection } from './connection.svelte.ts';
import { CLOSE } from './sync-protocol.ts';

/** `ws` sending the headers a browser tab would (cookie, origin). */
function browserLike(headers: Record<string, string>): typeof globalThis.WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	} as unknown as typeof globalThis.WebSocket;
}

/** The browser connection module against the sync server in this process. */
describe('BoardConnection', () => {
	let harness: SyncHarness;
	/** The version of the board kind on the server (`BoardKind.version`). */
	const serverVersion = 2;

	beforeAll(async () => {
		harness = await startSyncHarness({}, [{ ...testKind, version: serverVersion }]);
	});
	afterAll(() => harness?.close());

	/**
	 * `base`: where the client connects (the harness, or a proxy to it, whose page it is then);
	 * `version`: the board kind's version the page was built with.
	 */
	async function open(
		boardId: string,
		base = harness.url,
		version?: number
	): Promise<BoardConnection> {
		const headers = await harness.headersFor(harness.beneficiary);
		return new BoardConnection(boardId, {
			url: `${base.replace('http', 'ws')}/yjs`,
			WebSocketPolyfill: browserLike({ ...headers, origin: base }),
			version
		});
	}

	/** How many connections the server closed for `reason`. */
	function refusals(reason: string): number {
		return harness.runtime.sync.metrics.refused.values.get(`{reason="${reason}"}`) ?? 0;
	}

	it('connects, syncs, and reports saved only once the server acked the change', async () => {
		const connection = await open(await harness.newBoard());
		try {
			expect(connection.status).toBe('connecting');
			await expect.poll(() => connection.synced).toBe(true);
			expect(connection.status).toBe('connected');
			expect(connection.saved).toBe(true);
			connection.doc.getMap('items').set('t:a', 'a');
			expect(connection.saved).toBe(false);
			await expect.poll(() => connection.saved).toBe(true);
		} finally {
			connection.destroy();
		}
	});

	it('reports saved while another tab of the same browser has the board open', async () => {
		// The two tabs also sync over a BroadcastChannel; a reply sent there is never acked by the
		// server and must not be awaited (found by the e2e fuzz: « Modifications en cours
		// d'envoi… » for good after a restore made from another tab).
		const boardId = await harness.newBoard();
		const first = await open(boardId);
		const second = await open(boardId);
		try {
			await expect.poll(() => first.synced && second.synced).toBe(true);
			first.doc.getMap('items').set('t:tab', 'un onglet');
			await expect.poll(() => second.doc.getMap('items').get('t:tab')).toBe('un onglet');
			await expect.poll(() => first.saved).toBe(true);
			second.doc.getMap('items').set('t:other', 'l’autre');
			await expect.poll(() => second.saved).toBe(true);
		} finally {
			first.destroy();
			second.destroy();
		}
	});

	it('keeps changes made during a cut unsaved, then saves them after reconnecting', async () => {
		const boardId = await harness.newBoard();
		const connection = await open(boardId);
		try {
			await expect.poll(() => connection.synced).toBe(true);
			// The server drops every socket of the board (a restart, a network cut).
			for (const c of harness.runtime.sync.documents.get(boardId)!.connections) {
				c.close(4500, 'test');
			}
			// Edited during the cut, whether or not the client has noticed it yet (the jittered
			// reconnect can be immediate, so the 'offline' status may be too brief to observe).
			connection.doc.getMap('items').set('t:offline', 'hors ligne');
			expect(connection.saved).toBe(false);
			await expect.poll(() => connection.synced, { timeout: 10_000 }).toBe(true);
			await expect.poll(() => connection.saved).toBe(true);
			const server = harness.runtime.sync.documents.get(boardId)!;
			expect(server.doc.getMap('items').get('t:offline')).toBe('hors ligne');
		} finally {
			connection.destroy();
		}
	});

	it('stops for good when a change touches a locked board: the page says so, nothing is saved', async () => {
		const boardId = await harness.newBoard();
		const connection = await open(boardId);
		try {
			await expect.poll(() => connection.synced).toBe(true);
			const db = harness.runtime.database.db;
			await setBoardLock(db, harness.consultant, boardId, 'board', true);
			connection.doc.getMap('items').set('t:locked', 'refusé');
			await expect.poll(() => connection.finalClose?.code).toBe(CLOSE.locked);
			expect(connection.status).toBe('offline');
			expect(connection.saved).toBe(false);
			expect(connection.readOnly).toBe(false);
		} finally {
			connection.destroy();
		}
	});

	it('built for the same version as the server, a page syncs as usual', async () => {
		const connection = await open(await harness.newBoard(), harness.url, serverVersion);
		try {
			await expect.poll(() => connection.synced).toBe(true);
			connection.doc.getMap('items').set('t:v', 'même version');
			await expect.poll(() => connection.saved).toBe(true);
		} finally {
			connection.destroy();
		}
	});

	it('built for an older version than the server, a page stops and says a new version is there', async () => {
		const connection = await open(await harness.newBoard(), harness.url, serverVersion - 1);
		try {
			await expect.poll(() => connection.finalClose?.code).toBe(CLOSE.outdated);
			expect(connection.status).toBe('offline');
			expect(connection.synced).toBe(false);
			expect(connection.readOnly).toBe(false);
			const { body } = render(BoardStatus, { props: { connection } });
			expect(body).toContain('Une nouvelle version d’Atelier est disponible');
			expect(body).toContain('Recharger');
		} finally {
			connection.destroy();
		}
	});

	it('newer than the server (a deploy under way), a page keeps trying, its change kept', async () => {
		const reason = 'server outdated: retry';
		const before = refusals(reason);
		const connection = await open(await harness.newBoard(), harness.url, serverVersion + 1);
		try {
			connection.doc.getMap('items').set('t:new', 'plus récente');
			// Closed, then tried again: not a final close.
			await expect.poll(() => refusals(reason)).toBeGreaterThanOrEqual(before + 2);
			expect(connection.finalClose).toBeNull();
			expect(connection.saved).toBe(false);
			expect(connection.doc.getMap('items').get('t:new')).toBe('plus récente');
		} finally {
			connection.destroy();
		}
	});

	it('detects a half-open connection within 10 s, keeps the change, and saves it once back', async () => {
		const boardId = await harness.newBoard();
		const net = await startNetCut(Number(new URL(harness.url).port));
		const connection = await open(boardId, net.url);
		try {
			await expect.poll(() => connection.synced).toBe(true);
			net.blackhole();
			connection.doc.getMap('items').set('t:cut', 'coupé');
			const cutAt = Date.now();
			await expect.poll(() => connection.lost, { timeout: 10_000 }).toBe(true);
			expect(Date.now() - cutAt).toBeLessThan(10_000);
			expect(connection.saved).toBe(false);
			net.restore();
			await expect.poll(() => connection.lost, { timeout: 15_000 }).toBe(false);
			await expect.poll(() => connection.saved, { timeout: 10_000 }).toBe(true);
			const server = harness.runtime.sync.documents.get(boardId)!;
			expect(server.doc.getMap('items').get('t:cut')).toBe('coupé');
		} finally {
			connection.destroy();
			await net.close();
		}
	});

	it('stays connected on a quiet board: pings are answered', async () => {
		const connection = await open(await harness.newBoard());
		try {
			await expect.poll(() => connection.synced).toBe(true);
			// Three ping rounds without any other traffic.
			const since = Date.now();
			await expect.poll(() => Date.now() - since, { timeout: 12_000 }).toBeGreaterThan(9_000);
			expect(connection.lost).toBe(false);
			expect(connection.status).toBe('connected');
		} finally {
			connection.destroy();
		}
	});
});
