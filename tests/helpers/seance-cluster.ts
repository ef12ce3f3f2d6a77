import { expect } from 'vitest';
import {
	SEANCE_PROTOCOL_VERSION,
	scopeAuth,
	type RosterEntry,
	type SeanceMode,
	type SeanceScope
} from '../../src/lib/seance/protocol.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import type { User } from '../../src/lib/server/db/schema.ts';
import { createPostgresDatabase, dropPostgresDatabase } from './database.ts';
import { freePort, redisProcess } from './redis.ts';
import { connectSeance, type SeanceTestClient } from './seance-client.ts';
import { startServer, type TestServer } from './server.ts';
import { startSyncHarness, type SyncHarness } from './sync-harness.ts';

/** Every node is configured with this ORIGIN, so one page's headers suit both. */
export const SEANCE_TEST_ORIGIN = 'http://atelier.test';

/**
 * The séance server as the séance tests need it. With DATABASE_URL: two nodes on a fresh
 * PostgreSQL database and a redis-server of our own — node 0 runs in this process (so that the
 * services a test calls, `startSeance`, `endSeance`, `invalidateSession`, reach the séance layer
 * through the notifier and the re-check it registers, as a SvelteKit handler of a node does), node
 * 1 is the built app as a separate process (`npm run build` first). Without it: one node in this
 * process on PGlite, and `node(1)` is that same node.
 */
export interface SeanceCluster {
	db: Db;
	/** True with two nodes. */
	multiNode: boolean;
	/** Their redis-server (two nodes only): `stop` is a crash, `start` brings it back empty. */
	redis: ReturnType<typeof redisProcess> | undefined;
	/** The URL of node `index` (the only one without DATABASE_URL). */
	node(index: 0 | 1): string;
	headersFor(user: User): Promise<Record<string, string>>;
	/**
	 * A séance page of `user` on node `index`, once it has its first state: of a bilan (its id), or
	 * of a scope (a cohort's).
	 */
	client(
		index: 0 | 1,
		user: User,
		scope: string | SeanceScope,
		mode?: SeanceMode
	): Promise<SeanceTestClient>;
	/** A page whose connection is expected to be refused (no state awaited). */
	attempt(
		index: 0 | 1,
		headers: Record<string, string>,
		auth: Record<string, unknown>
	): SeanceTestClient;
	close(): Promise<void>;
}

export async function startSeanceCluster(env: Record<string, string> = {}): Promise<SeanceCluster> {
	const clients: SeanceTestClient[] = [];
	const multiNode = Boolean(process.env.DATABASE_URL);
	let harness: SyncHarness | undefined;
	let other: TestServer | undefined;
	let redis: ReturnType<typeof redisProcess> | undefined;
	let databaseUrl: string | undefined;
	const common = { ORIGIN: SEANCE_TEST_ORIGIN, ...env };
	if (multiNode) {
		databaseUrl = await createPostgresDatabase();
		redis = redisProcess(await freePort());
		await redis.start();
		const shared = { ...common, DATABASE_URL: databaseUrl, REDIS_URL: redis.url };
		// One after the other: the first applies the migrations.
		harness = await startSyncHarness(shared);
		other = await startServer(shared);
	} else {
		harness = await startSyncHarness({ ...common, DATABASE_URL: '', REDIS_URL: '' });
	}
	const db = harness.runtime.database.db;
	const node = (index: 0 | 1) => (index === 1 && other ? other.url : harness!.url);
	const headersFor = async (user: User) => {
		const { token } = await createSession(db, user.id);
		return { cookie: `atelier_session=${token}`, origin: SEANCE_TEST_ORIGIN };
	};
	return {
		db,
		multiNode,
		redis,
		node,
		headersFor,
		async client(index, user, scope, mode = 'join') {
			const headers = await headersFor(user);
			const client =
				typeof scope === 'string'
					? connectSeance(node(index), { headers, bilanId: scope, mode })
					: connectSeance(node(index), {
							headers,
							bilanId: '',
							auth: { version: SEANCE_PROTOCOL_VERSION, ...scopeAuth(scope), mode }
						});
			clients.push(client);
			await expect.poll(() => client.all('seance.state').length).toBeGreaterThan(0);
			return client;
		},
		attempt(index, headers, auth) {
			const client = connectSeance(node(index), { headers, bilanId: '', auth });
			clients.push(client);
			return client;
		},
		async close() {
			for (const client of clients) client.close();
			await other?.stop();
			await harness?.close();
			await redis?.stop();
			if (databaseUrl) await dropPostgresDatabase(databaseUrl);
		}
	};
}

/** The roster a page shows: from the last `seance.roster`, or from the last state. */
export function rosterSeen(client: SeanceTestClient): RosterEntry[] | undefined {
	const last = client.received.findLast(
		(entry) => entry.event === 'seance.roster' || entry.event === 'seance.state'
	);
	if (!last) return undefined;
	if (last.event === 'seance.roster') return last.args[0] as RosterEntry[];
	return (last.args[0] as { roster: RosterEntry[] } | null)?.roster;
}

/**
 * Points the client's next connection at another node (a load balancer's choice): what a page
 * whose node went away does, or one that reconnects through another route.
 */
export function routeTo(client: SeanceTestClient, url: string): void {
	(client.socket.io as unknown as { uri: string }).uri = url;
}
