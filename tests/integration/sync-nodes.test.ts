import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardKinds } from '../../src/lib/boards/registry.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { openDatabase, type Database } from '../../src/lib/server/db/index.ts';
import type { User } from '../../src/lib/server/db/schema.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../helpers/factories.ts';
import { freePort, redisProcess } from '../helpers/redis.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, type TestClient } from '../helpers/sync-client.ts';

/**
 * Two app nodes on one PostgreSQL database and one Redis (our own redis-server on a free port, so
 * that stopping it harms nobody else). Needs PostgreSQL: runs when DATABASE_URL is set, as in CI.
 */
const ORIGIN = 'http://atelier.test';

describe.runIf(process.env.DATABASE_URL)('board sync, two nodes on PostgreSQL and Redis', () => {
	let databaseUrl: string;
	let database: Database;
	let redis: ReturnType<typeof redisProcess>;
	const nodes: TestServer[] = [];
	const clients: TestClient[] = [];
	let boardId: string;
	let consultant: User;
	let beneficiary: User;

	beforeAll(async () => {
		databaseUrl = await createPostgresDatabase();
		redis = redisProcess(await freePort());
		await redis.start();
		const env = {
			DATABASE_URL: databaseUrl,
			REDIS_URL: redis.url,
			ORIGIN,
			SYNC_POLL_MS: '2000',
			SYNC_UPDATES_PER_SECOND: '200'
		};
		// One after the other: the first applies the migrations.
		nodes.push(await startServer(env));
		nodes.push(await startServer(env));
		database = await openDatabase({ databaseUrl });
		const db = database.db;
		const org = await newOrganisation(db);
		consultant = await newUser(db, 'consultant', org.id);
		beneficiary = await newUser(db, 'beneficiary', org.id);
		const bilan = await newBilan(db, {
			organisationId: org.id,
			beneficiaryId: beneficiary.id,
			consultantId: consultant.id
		});
		boardId = (
			await createBoard(db, consultant, bilan.id, { kind: 'values', title: 'T' }, boardKinds)
		).id;
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await Promise.all(nodes.map((node) => node.stop()));
		await redis?.stop();
		await database?.close();
		if (databaseUrl) await dropPostgresDatabase(databaseUrl);
	});

	/** Which node each client's next socket goes to (a load balancer's choice), by client. */
	const routes: number[] = [];

	async function client(node: number, user: User): Promise<TestClient> {
		const { token } = await createSession(database.db, user.id);
		const headers = { cookie: `atelier_session=${token}`, origin: ORIGIN };
		const index = routes.push(node) - 1;
		const c = connectClient(nodes[node]!.url, boardId, headers, {
			root: 'cards',
			resolveUrl: (url) => {
				const target = new URL(nodes[routes[index]!]!.url);
				const next = new URL(url);
				next.port = target.port;
				return next.toString();
			}
		});
		clients.push(c);
		return c;
	}

	async function metrics(node: number): Promise<string> {
		return (await fetch(new URL('/metrics', nodes[node]!.url))).text();
	}

	async function writeRound(round: string, all: TestClient[]): Promise<void> {
		await Promise.all(
			all.map(async (c, i) => {
				for (let n = 0; n < 8; n++) {
					c.push(`${round}-${i}-${n}`);
					await new Promise((resolve) => setTimeout(resolve, 10));
				}
			})
		);
	}

	/** Updates node `node` applied from the other, through `source`. */
	async function remoteUpdates(node: number, source: 'redis' | 'database'): Promise<number> {
		const line = new RegExp(`atelier_sync_remote_updates_total\\{source="${source}"\\} (\\d+)`);
		return Number(line.exec(await metrics(node))?.[1] ?? 0);
	}

	async function converged(all: TestClient[], timeout = 15_000): Promise<void> {
		await expect.poll(() => new Set(all.map((c) => c.items().join('|'))).size, { timeout }).toBe(1);
	}

	it('converges across nodes, without Redis, after Redis returns, and when a node dies', async () => {
		const all = [
			await client(0, consultant),
			await client(0, beneficiary),
			await client(0, beneficiary),
			await client(1, consultant),
			await client(1, beneficiary),
			await client(1, beneficiary)
		];
		await expect.poll(() => all.every((c) => c.provider.synced)).toBe(true);

		await writeRound('r1', all);
		await converged(all);
		expect(all[0]!.items()).toHaveLength(6 * 8);
		expect(await remoteUpdates(1, 'redis')).toBeGreaterThan(0);

		// Redis crashes: the nodes notice and read each other's updates from the log.
		const beforeOutage = await remoteUpdates(1, 'database');
		await redis.stop();
		await writeRound('r2', all);
		await converged(all);
		expect(all[0]!.items()).toHaveLength(6 * 2 * 8);
		expect(await remoteUpdates(1, 'database')).toBeGreaterThan(beforeOutage);

		// Redis returns. The log alone would converge too (the nodes poll it while Redis is away, and
		// every SYNC_POLL_MS after): what must be seen is edits going through Redis again. Node 0
		// writes until node 1 receives one through it (ioredis reconnects with a backoff)…
		const beforeReturn = await remoteUpdates(1, 'redis');
		await redis.start();
		const probes: string[] = [];
		await expect
			.poll(
				async () => {
					probes.push(`probe-${probes.length}`);
					all[0]!.push(probes.at(-1)!);
					return remoteUpdates(1, 'redis');
				},
				{ timeout: 20_000, interval: 250 }
			)
			.toBeGreaterThan(beforeReturn);
		// …then a round converges, with Redis carrying node 0's edits to node 1.
		const beforeRound = await remoteUpdates(1, 'redis');
		await writeRound('r3', all);
		await converged(all);
		expect(all[0]!.items()).toHaveLength(6 * 3 * 8 + probes.length);
		expect(await remoteUpdates(1, 'redis')).toBeGreaterThan(beforeRound);

		// Node 0 dies under writes: its clients reconnect to node 1 and resend what it lacked.
		let writing = true;
		const loops = all.map(async (c, i) => {
			for (let n = 0; writing; n++) {
				c.push(`r4-${i}-${n}`);
				await new Promise((resolve) => setTimeout(resolve, 15));
			}
		});
		await new Promise((resolve) => setTimeout(resolve, 500));
		routes.fill(1);
		await nodes[0]!.kill();
		await new Promise((resolve) => setTimeout(resolve, 300));
		writing = false;
		await Promise.all(loops);
		const required = new Set<string>();
		for (const c of all) {
			for (const text of c.acked) required.add(text);
			for (const text of c.items()) required.add(text);
		}
		await expect.poll(() => all.every((c) => c.provider.synced), { timeout: 15_000 }).toBe(true);
		await converged(all);
		const fresh = await client(1, consultant);
		await expect.poll(() => fresh.provider.synced).toBe(true);
		const present = new Set(fresh.items());
		expect([...required].filter((text) => !present.has(text))).toEqual([]);
	}, 90_000);
});
