import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '../../src/lib/boards/sync-protocol.ts';
import { boardKinds } from '../../src/lib/boards/registry.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { recordAgreement } from '../../src/lib/server/closure.service.ts';
import { createBoardStorage } from '../../src/lib/server/db/board-storage.ts';
import { openDatabase, type Database } from '../../src/lib/server/db/index.ts';
import type { User } from '../../src/lib/server/db/schema.ts';
import { createBoardOver } from '../helpers/boards.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/database.ts';
import { newBilanWorld, newUser } from '../helpers/factories.ts';
import { DEMO_PASSWORD, demoBilanId, login, originOf, postForm } from '../helpers/http.ts';
import { freePort, redisProcess } from '../helpers/redis.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, itemsOf, type TestClient } from '../helpers/sync-client.ts';

/**
 * A session that ends or a bilan that closes reaches its open board sockets at once, on every
 * node, not at the next periodic re-check: that one is set to ten minutes here, so it cannot be
 * what closes them. And a destroyed board leaves nothing of itself in the Redis stream.
 */
const PERIODIC_CHECK_OFF = { SYNC_SESSION_CHECK_MS: '600000' };
/** "At once": well under the 30 s of the default periodic re-check. */
const AT_ONCE = { timeout: 5000 };

function closeCodes(client: TestClient): number[] {
	return client.closes.map((close) => close.code);
}

describe('one node: logout, password change and bilan close end the sockets at once', () => {
	let server: TestServer;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '', ...PERIODIC_CHECK_OFF });
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await server?.stop();
	});

	async function open(boardId: string, cookie: string): Promise<TestClient> {
		const client = connectClient(
			server.url,
			boardId,
			{ cookie, origin: originOf(server.url) },
			{ root: 'cards' }
		);
		clients.push(client);
		await expect.poll(() => client.provider.synced).toBe(true);
		return client;
	}

	const post = (path: string, fields: Record<string, string>, cookie: string) =>
		postForm(`${server.url}${path}`, fields, { cookie });

	it('closes a session’s sockets at logout (4401), then the other sessions’ at a password change and “everywhere”', async () => {
		const bruno = 'beneficiaire@demo.atelier.fr';
		const [leaving, staying, other] = [
			await login(server.url, bruno, DEMO_PASSWORD),
			await login(server.url, bruno, DEMO_PASSWORD),
			await login(server.url, bruno, DEMO_PASSWORD)
		];
		const consultante = await login(server.url, 'consultante@demo.atelier.fr', DEMO_PASSWORD);
		const boardId = await createBoardOver(
			server.url,
			consultante,
			await demoBilanId(server.url, consultante)
		);
		const writer = await open(boardId, leaving);
		const kept = await open(boardId, staying);
		const elsewhere = await open(boardId, other);
		writer.push('avant');
		await expect.poll(() => writer.acked.has('avant')).toBe(true);

		expect((await post('/logout', {}, leaving)).status).toBe(303);
		// Written once the logout answered: the socket is closed already, this is not stored.
		writer.push('après');
		await expect.poll(() => closeCodes(writer), AT_ONCE).toContain(CLOSE.unauthenticated);
		expect(kept.provider.wsconnected && elsewhere.provider.wsconnected).toBe(true);

		const changed = await post(
			'/compte?/password',
			{
				current: DEMO_PASSWORD,
				password: 'un-nouveau-mot-de-passe',
				confirm: 'un-nouveau-mot-de-passe'
			},
			staying
		);
		expect(changed.status).toBe(200);
		await expect.poll(() => closeCodes(elsewhere), AT_ONCE).toContain(CLOSE.unauthenticated);
		expect(kept.provider.wsconnected).toBe(true);

		expect((await post('/compte?/logoutAll', {}, staying)).status).toBe(303);
		await expect.poll(() => closeCodes(kept), AT_ONCE).toContain(CLOSE.unauthenticated);

		const reader = await open(boardId, consultante);
		expect(reader.items()).toEqual(['avant']);
	});

	it('makes a closed bilan’s kept boards read-only (4403) and its destroyed boards gone (4404) at once', async () => {
		const consultante = await login(server.url, 'consultante@demo.atelier.fr', DEMO_PASSWORD);
		const nadia = await login(server.url, 'beneficiaire2@demo.atelier.fr', DEMO_PASSWORD);
		const bilanId = await demoBilanId(server.url, consultante, 'Nadia Bénéficiaire');
		const kept = await createBoardOver(server.url, consultante, bilanId);
		const dropped = await createBoardOver(server.url, consultante, bilanId);
		const agreed = await post(
			`/bilans/${bilanId}/cloture?/agree`,
			{ synthese: 'true', boardIds: kept },
			nadia
		);
		expect(agreed.status).toBe(200);
		const writer = await open(kept, nadia);
		const watcher = await open(kept, consultante);
		const doomed = await open(dropped, nadia);
		writer.push('avant');
		await expect.poll(() => writer.acked.has('avant')).toBe(true);

		// No synthèse in this bilan: the consultant confirms closing without one.
		const closed = await post(
			`/bilans/${bilanId}/cloture?/close`,
			{ confirm: 'on', withoutSynthese: 'on' },
			consultante
		);
		expect(closed.status).toBe(200);
		writer.push('après');
		await expect.poll(() => closeCodes(writer), AT_ONCE).toContain(CLOSE.forbidden);
		await expect.poll(() => closeCodes(watcher), AT_ONCE).toContain(CLOSE.forbidden);
		await expect.poll(() => closeCodes(doomed), AT_ONCE).toContain(CLOSE.gone);

		// Reopened, the kept board is read-only, without the write made after the close.
		const reader = await open(kept, nadia);
		expect(reader.items()).toEqual(['avant']);
		reader.push('interdit');
		await expect.poll(() => closeCodes(reader)).toContain(CLOSE.forbidden);
	});
});

/**
 * Two nodes on one PostgreSQL database and our own redis-server: the node that serves the logout or
 * the close is not the one holding the sockets. Needs PostgreSQL: runs when DATABASE_URL is set.
 */
describe.runIf(process.env.DATABASE_URL)('two nodes: the other node’s sockets too', () => {
	const STREAM = 'atelier:sync';
	/** An entry from long ago, put in the stream before the nodes start. */
	const ANCIENT = '1-1';
	let databaseUrl: string;
	let database: Database;
	let redis: ReturnType<typeof redisProcess>;
	let stream: Redis;
	const nodes: TestServer[] = [];
	const clients: TestClient[] = [];

	beforeAll(async () => {
		databaseUrl = await createPostgresDatabase();
		redis = redisProcess(await freePort());
		await redis.start();
		stream = new Redis(redis.url);
		await stream.xadd(STREAM, ANCIENT, 'n', 'test', 'b', crypto.randomUUID(), 't', 'a', 'p', 'x');
		const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, ...PERIODIC_CHECK_OFF };
		// One after the other: the first applies the migrations.
		nodes.push(await startServer(env));
		nodes.push(await startServer(env));
		database = await openDatabase({ databaseUrl });
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await Promise.all(nodes.map((node) => node.stop()));
		stream?.disconnect();
		await redis?.stop();
		await database?.close();
		if (databaseUrl) await dropPostgresDatabase(databaseUrl);
	});

	async function cookieOf(user: User): Promise<string> {
		return `atelier_session=${(await createSession(database.db, user.id)).token}`;
	}

	async function open(node: number, boardId: string, cookie: string): Promise<TestClient> {
		const url = nodes[node]!.url;
		const client = connectClient(
			url,
			boardId,
			{ cookie, origin: originOf(url) },
			{ root: 'cards' }
		);
		clients.push(client);
		await expect.poll(() => client.provider.synced).toBe(true);
		return client;
	}

	async function newBoard(user: User, bilanId: string): Promise<string> {
		const input = { kind: 'values', title: 'Tableau' };
		return (await createBoard(database.db, user, bilanId, input, boardKinds)).id;
	}

	/** What the stream holds: each entry's board, type and payload. */
	async function entries(): Promise<
		{ id: string; board: string; type: string; payload: Buffer }[]
	> {
		const raw = await stream.xrangeBuffer(STREAM, '-', '+');
		return raw.map(([id, fields]) => {
			const entry = new Map<string, Buffer>();
			for (let i = 0; i + 1 < fields.length; i += 2) entry.set(String(fields[i]), fields[i + 1]!);
			return {
				id: String(id),
				board: String(entry.get('b') ?? ''),
				type: String(entry.get('t') ?? ''),
				payload: entry.get('p') ?? Buffer.alloc(0)
			};
		});
	}

	async function stored(boardId: string): Promise<string[]> {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await createBoardStorage(database.db).readState(boardId)).state);
		return itemsOf(doc, 'cards');
	}

	it('a logout served by one node closes the sockets the other holds (4401)', async () => {
		const { consultant, beneficiary, bilan } = await newBilanWorld(database.db);
		const boardId = await newBoard(consultant, bilan.id);
		const cookie = await cookieOf(beneficiary);
		const writer = await open(1, boardId, cookie);
		writer.push('avant');
		await expect.poll(() => writer.acked.has('avant')).toBe(true);

		const response = await postForm(`${nodes[0]!.url}/logout`, {}, { cookie });
		expect(response.status).toBe(303);
		await expect.poll(() => closeCodes(writer), AT_ONCE).toContain(CLOSE.unauthenticated);
		writer.push('après');
		expect(await stored(boardId)).toEqual(['avant']);
	});

	it('a bilan handed to another consultant on one node: the previous one’s sockets close on the other (4403)', async () => {
		const { org, admin, consultant, bilan } = await newBilanWorld(database.db);
		const next = await newUser(database.db, 'consultant', org.id);
		const boardId = await newBoard(consultant, bilan.id);
		const previous = await open(1, boardId, await cookieOf(consultant));

		const response = await postForm(
			`${nodes[0]!.url}/bilans/${bilan.id}?/assign`,
			{ consultantId: next.id },
			{ cookie: await cookieOf(admin) }
		);
		expect(response.status).toBe(200);
		await expect.poll(() => closeCodes(previous), AT_ONCE).toContain(CLOSE.forbidden);
	});

	it('a bilan closed on one node: the other’s sockets close, and the stream forgets the destroyed board', async () => {
		const { consultant, beneficiary, bilan } = await newBilanWorld(database.db, {
			bilan: { phase: 'conclusion' }
		});
		const kept = await newBoard(consultant, bilan.id);
		const dropped = await newBoard(consultant, bilan.id);
		await recordAgreement(database.db, beneficiary, bilan.id, {
			synthese: 'true',
			boardIds: [kept]
		});
		const [theirs, mine] = [await cookieOf(beneficiary), await cookieOf(consultant)];
		const writer = await open(1, kept, theirs);
		const doomed = await open(1, dropped, theirs);
		const follower = await open(0, dropped, mine);
		const secret = 'contenu-à-détruire';
		doomed.push(secret);
		doomed.provider.awareness.setLocalStateField('user', { name: secret });
		await expect.poll(() => follower.items()).toEqual([secret]);
		const holdsSecret = (payload: Buffer) => payload.includes(Buffer.from(secret));
		// The update went through the stream, and the presence too.
		await expect
			.poll(async () => (await entries()).filter((e) => holdsSecret(e.payload)).map((e) => e.type))
			.toEqual(expect.arrayContaining(['u', 'a']));

		const response = await postForm(
			`${nodes[0]!.url}/bilans/${bilan.id}/cloture?/close`,
			{ confirm: 'on', withoutSynthese: 'on' },
			{ cookie: mine }
		);
		expect(response.status).toBe(200);
		await expect.poll(() => closeCodes(writer), AT_ONCE).toContain(CLOSE.forbidden);
		await expect.poll(() => closeCodes(doomed), AT_ONCE).toContain(CLOSE.gone);
		await expect.poll(() => closeCodes(follower), AT_ONCE).toContain(CLOSE.gone);
		await expect
			.poll(async () =>
				(await entries()).filter((e) => e.board === dropped || holdsSecret(e.payload))
			)
			.toEqual([]);
	});

	it('trims the stream by age, not by length', async () => {
		const { consultant, bilan } = await newBilanWorld(database.db);
		const writer = await open(0, await newBoard(consultant, bilan.id), await cookieOf(consultant));
		writer.push('récent');
		await expect.poll(() => writer.acked.has('récent')).toBe(true);
		const ids = (await entries()).map((entry) => entry.id);
		expect(ids).not.toContain(ANCIENT);
		expect(ids.length).toBeGreaterThan(0);
	});
});
