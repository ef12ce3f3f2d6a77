import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '../../src/lib/boards/sync-protocol.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import {
	createBoardOver,
	firstBilanId,
	openRawSocket,
	postBoard,
	sendRawFrame,
	syncUpdateFrame,
	updateOf,
	upgradeStatus
} from '../helpers/boards.ts';
import { login, originOf } from '../helpers/http.ts';
import { newDataDir, startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, sorted, type TestClient } from '../helpers/sync-client.ts';
import { seededRandom } from '../helpers/random.ts';

/**
 * The board sync endpoint of the built app (run `npm run build` first), in a real server process
 * on loopback with its embedded database, driven by stock y-websocket clients.
 */
const PASSWORD = 'atelier-demo';

describe('board sync, one node', () => {
	// Our own data folder (a first start takes long).
	const dataDir = newDataDir();
	let server: TestServer;
	let consultante: Record<string, string>;
	let beneficiaire: Record<string, string>;
	let beneficiaire2: Record<string, string>;
	let bilanId: string;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		server = await startServer({ ATELIER_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' });
		consultante = await headersOf('consultante@demo.atelier.fr');
		beneficiaire = await headersOf('beneficiaire@demo.atelier.fr');
		beneficiaire2 = await headersOf('beneficiaire2@demo.atelier.fr');
		bilanId = await firstBilanId(server.url, beneficiaire.cookie!);
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await server?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	async function headersOf(email: string): Promise<Record<string, string>> {
		return { cookie: await login(server.url, email, PASSWORD), origin: originOf(server.url) };
	}

	function client(boardId: string, headers: Record<string, string>): TestClient {
		const c = connectClient(server.url, boardId, headers, { root: 'cards' });
		clients.push(c);
		return c;
	}

	it('creates boards of registered kinds only, in bilans one may edit', async () => {
		const unknown = await postBoard(server.url, consultante.cookie!, bilanId, {
			kind: 'inconnu',
			title: 'X'
		});
		expect(unknown.status).toBe(400);
		const stranger = await postBoard(server.url, beneficiaire2.cookie!, bilanId, {
			kind: 'values',
			title: 'X'
		});
		expect(stranger.status).toBe(404);
		const anonymous = await postBoard(server.url, '', bilanId, { kind: 'values', title: 'X' });
		expect(anonymous.status).toBe(401);
		const created = await postBoard(server.url, beneficiaire.cookie!, bilanId, {
			kind: 'values',
			title: 'Mes valeurs'
		});
		expect(created.status).toBe(201);
		const { board } = (await created.json()) as { board: { id: string } };
		expect(board).toMatchObject({ kind: 'values', title: 'Mes valeurs' });
		const listed = await fetch(new URL(`/api/v1/bilans/${bilanId}`, server.url), {
			headers: { cookie: consultante.cookie! }
		});
		expect(await listed.json()).toMatchObject({
			bilan: { boards: expect.arrayContaining([expect.objectContaining({ id: board.id })]) }
		});
	});

	it('converges concurrent edits from many clients, and acknowledges them', async () => {
		const boardId = await createBoardOver(server.url, consultante.cookie!, bilanId);
		const many = Array.from({ length: 16 }, (_, i) =>
			client(boardId, i % 2 ? consultante : beneficiaire)
		);
		await expect.poll(() => many.every((c) => c.provider.synced)).toBe(true);
		const expected: string[] = [];
		await Promise.all(
			many.map(async (c, i) => {
				for (let n = 0; n < 10; n++) {
					c.push(`c${i}-${n}`);
					expected.push(`c${i}-${n}`);
					await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
				}
			})
		);
		for (const c of many) await expect.poll(() => c.items()).toEqual(sorted(expected));
		await expect.poll(() => many.reduce((n, c) => n + c.acked.size, 0)).toBe(expected.length);
		// Every client sees the kind's initial content too (the deck of value cards).
		expect(many[0]!.doc.getMap('cards').size).toBeGreaterThan(expected.length);
	});

	it('refuses upgrades without a session, from another site, and to another bilan', async () => {
		const boardId = await createBoardOver(server.url, consultante.cookie!, bilanId);
		expect(await upgradeStatus(server.url, boardId, { origin: originOf(server.url) })).toBe(401);
		expect(
			await upgradeStatus(server.url, boardId, { ...beneficiaire, origin: 'https://evil.example' })
		).toBe(403);
		expect(await upgradeStatus(server.url, boardId, beneficiaire2)).toBe(403);
		expect(await upgradeStatus(server.url, crypto.randomUUID(), beneficiaire)).toBe(404);
		const metrics = await (await fetch(new URL('/metrics', server.url))).text();
		expect(metrics).toMatch(/atelier_sync_upgrades_refused_total\{status="403"\} [1-9]/);
	});

	it('closes only the connection that sends a hostile frame; the log is unchanged', async () => {
		const boardId = await createBoardOver(server.url, consultante.cookie!, bilanId);
		const writer = client(boardId, beneficiaire);
		const watcher = client(boardId, consultante);
		await expect.poll(() => writer.provider.synced && watcher.provider.synced).toBe(true);
		writer.push('avant');
		await expect.poll(() => writer.acked.has('avant')).toBe(true);
		const seqBefore = writer.acks.seq;

		const valid = updateOf((doc) => {
			const card = new Y.Map<unknown>();
			card.set('label', new Y.Text('x'.repeat(40)));
			doc.getMap('cards').set('t:x', card);
		});
		const hostile: [string, Uint8Array, number][] = [
			['garbage', crypto.getRandomValues(new Uint8Array(200)), CLOSE.malformed],
			['truncated', syncUpdateFrame(valid).slice(0, 15), CLOSE.malformed],
			['oversized', new Uint8Array(1024 * 1024 + 1), 1009],
			[
				'undeclared root',
				syncUpdateFrame(updateOf((doc) => doc.getArray('evil').push([1]))),
				CLOSE.invalid
			],
			[
				'a card that is a plain string',
				syncUpdateFrame(updateOf((doc) => doc.getMap('cards').set('t:x', 'x'))),
				CLOSE.invalid
			],
			[
				'a BigInt',
				syncUpdateFrame(updateOf((doc) => doc.getMap('meta').set('pileMode', 10n))),
				CLOSE.invalid
			]
		];
		for (const [name, frame, code] of hostile) {
			expect(await sendRawFrame(server.url, boardId, beneficiaire, frame), name).toBe(code);
		}
		// Seeded: a flip that hurts someone can be replayed.
		const random = seededRandom(20261207);
		for (let i = 0; i < 20; i++) {
			const flipped = syncUpdateFrame(valid);
			flipped[4 + Math.floor(random() * (flipped.length - 4))]! ^= 1 << Math.floor(random() * 8);
			await sendRawFrame(server.url, boardId, beneficiaire, flipped, true);
		}
		writer.push('après');
		await expect.poll(() => watcher.items()).toContain('après');
		await expect.poll(() => writer.acked.has('après')).toBe(true);
		// Bit flips may make valid edits (one changed letter); the others appended nothing.
		expect(writer.acks.seq).toBeGreaterThan(seqBefore);
		expect(writer.provider.wsconnected && watcher.provider.wsconnected).toBe(true);
		await expect.poll(() => watcher.doc.getMap('cards').size).toBe(writer.doc.getMap('cards').size);
	});
	it('refuses a session its sockets beyond the cap at the upgrade (429)', async () => {
		const boardId = await createBoardOver(server.url, consultante.cookie!, bilanId);
		// A session of its own: the other tests' clients count against theirs.
		const session = await headersOf('beneficiaire@demo.atelier.fr');
		// The server runs with the default cap.
		const cap = readConfig({}).sync.maxSocketsPerSession;
		const sockets = Array.from({ length: cap }, () => openRawSocket(server.url, boardId, session));
		try {
			await Promise.all(sockets.map((socket) => socket.opened));
			expect(await upgradeStatus(server.url, boardId, session)).toBe(429);
			const metrics = await (await fetch(new URL('/metrics', server.url))).text();
			expect(metrics).toMatch(/atelier_sync_upgrades_refused_total\{status="429"\} 1/);
		} finally {
			for (const socket of sockets) socket.ws.close();
		}
	});
});
