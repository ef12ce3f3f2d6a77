import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { seedDemoIfEmpty } from '../../src/lib/server/seed.ts';
import { createBoardOver, firstBilanId } from '../helpers/boards.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/database.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, login, originOf } from '../helpers/http.ts';
import { newDataDir, startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, type TestClient } from '../helpers/sync-client.ts';

/**
 * The promise of "visible at once, durable before acknowledged", against a real crash: the built
 * app (run `npm run build` first) killed with SIGKILL under steady writes on several boards, then
 * restarted on the same storage. On PGlite always, on PostgreSQL when DATABASE_URL is set.
 */
interface Backend {
	name: string;
	/** The server's storage, seeded with the demo organisation; `dispose` deletes it. */
	open(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }>;
}

const backends: Backend[] = [
	{
		name: 'PGlite',
		async open() {
			const dir = newDataDir();
			return {
				env: { ATELIER_DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' },
				dispose: async () => rmSync(dir, { recursive: true, force: true })
			};
		}
	},
	...(process.env.DATABASE_URL
		? [
				{
					name: 'PostgreSQL',
					async open() {
						const url = await createPostgresDatabase();
						const database = await openDatabase({ databaseUrl: url });
						await seedDemoIfEmpty(database.db);
						await database.close();
						return {
							env: { DATABASE_URL: url, REDIS_URL: '' },
							dispose: () => dropPostgresDatabase(url)
						};
					}
				}
			]
		: [])
];

const BOARDS = 3;
const CLIENTS_PER_BOARD = 3;

describe.each(backends)('board sync across kill -9 ($name)', (backend) => {
	let storage: Awaited<ReturnType<Backend['open']>>;
	let server: TestServer;
	let headers: Record<string, string>[];
	let bilanId: string;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		storage = await backend.open();
		server = await startServer(storage.env);
		headers = [];
		for (const email of [DEMO_ACCOUNTS.consultante, DEMO_ACCOUNTS.beneficiaire]) {
			const cookie = await login(server.url, email, DEMO_PASSWORD);
			headers.push({ cookie, origin: originOf(server.url) });
		}
		bilanId = await firstBilanId(server.url, headers[1]!.cookie!);
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await server?.stop();
		await storage?.dispose();
	});

	function client(boardId: string, i: number): TestClient {
		const c = connectClient(server.url, boardId, headers[i % 2]!, { root: 'cards' });
		clients.push(c);
		return c;
	}

	function drop(c: TestClient): void {
		c.destroy();
		clients.splice(clients.indexOf(c), 1);
	}

	/** Boards with their writers, writing until the server is killed; resolves after the kill. */
	async function writeUntilKilled(): Promise<{ boardId: string; writers: TestClient[] }[]> {
		const boards = [];
		for (let b = 0; b < BOARDS; b++) {
			const boardId = await createBoardOver(server.url, headers[0]!.cookie!, bilanId);
			const writers = Array.from({ length: CLIENTS_PER_BOARD }, (_, i) => client(boardId, i));
			boards.push({ boardId, writers });
		}
		const all = boards.flatMap((board) => board.writers);
		await expect.poll(() => all.every((c) => c.provider.synced)).toBe(true);
		let writing = true;
		const loops = all.map(async (c, i) => {
			for (let n = 0; writing; n++) {
				c.push(`w${i}-${n}`);
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
		});
		await expect.poll(() => all.every((c) => c.acked.size > 20), { timeout: 20_000 }).toBe(true);
		await server.kill();
		writing = false;
		await Promise.all(loops);
		return boards;
	}

	/** On the same port (the clients reconnect there, and their Origin names it). */
	async function restart(): Promise<void> {
		server = await startServer({ ...storage.env, PORT: String(server.port) });
	}

	/** The board's texts as a client connecting now gets them. */
	async function itemsOnServer(boardId: string): Promise<Set<string>> {
		const reader = client(boardId, 0);
		await expect.poll(() => reader.provider.synced).toBe(true);
		const items = new Set(reader.items());
		drop(reader);
		return items;
	}

	it('gets back everything any client held once they reconnect', async () => {
		const boards = await writeUntilKilled();
		// Acked, seen from another client (maybe never committed), or written and never sent.
		const held = boards.map(({ writers }) => new Set(writers.flatMap((c) => c.items())));
		await restart();
		for (const [b, { boardId, writers }] of boards.entries()) {
			await expect
				.poll(() => writers.every((c) => c.provider.synced), { timeout: 15_000 })
				.toBe(true);
			const required = [...held[b]!];
			await expect
				.poll(async () => {
					const present = await itemsOnServer(boardId);
					return required.filter((text) => !present.has(text));
				})
				.toEqual([]);
			// And the clients converge on it.
			await expect.poll(() => new Set(writers.map((c) => c.items().join('\n'))).size).toBe(1);
			writers.forEach(drop);
		}
	}, 90_000);

	it('keeps every acknowledged update when every client is gone before the restart', async () => {
		const boards = await writeUntilKilled();
		const acked = boards.map(({ writers }) => writers.flatMap((c) => [...c.acked]));
		// They must not reconnect and resend what they hold: the storage alone must have it.
		for (const { writers } of boards) writers.forEach(drop);
		expect(acked.flat().length).toBeGreaterThan(BOARDS * CLIENTS_PER_BOARD * 20);
		await restart();
		for (const [b, { boardId }] of boards.entries()) {
			const present = await itemsOnServer(boardId);
			expect(acked[b]!.filter((text) => !present.has(text))).toEqual([]);
		}
	}, 90_000);
});
