/**
 * The server side of `bench/sync.ts`, in its own process so that clients and server do not share
 * one event loop. `atelier`: our sync runtime (durable writes, embedded PGlite in a fresh folder,
 * or a fresh database next to DATABASE_URL's); `reference`: @y/websocket-server 0.1.1 (no auth, no
 * persistence). Prints one JSON line: the port, the board ids, and the headers clients must send;
 * `GET /bench-stats` answers the event-loop delay and commits since the previous call.
 *
 * Arguments: mode, number of boards, and the port (a restart takes its predecessor's, so that the
 * clients reconnect). `restart` as fourth argument: the storage (owned by the bench) already holds
 * the boards and the session, nothing is created.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { createSession } from '../src/lib/server/auth/session.ts';
import { createBoard } from '../src/lib/server/boards.service.ts';
import { newBilan, newOrganisation, newUser } from '../tests/helpers/factories.ts';
import { testKind } from '../tests/helpers/sync-client.ts';
import type { Db } from '../src/lib/server/db/index.ts';
import { startBenchRuntime } from './runtime.ts';

const [mode, boardCount] = [process.argv[2], Number(process.argv[3] ?? 4)];
const [listenPort, restart] = [Number(process.argv[4] ?? 0), process.argv[5] === 'restart'];
/** Event-loop delay, and for ours the commits, since the last `GET /bench-stats` (JSON). */
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let commitStats: () => { commits: number; updates: number; commitMs: number } = () => ({
	commits: 0,
	updates: 0,
	commitMs: 0
});
let lastCommits = commitStats();
const server = createServer((req, res) => {
	if (req.url !== '/bench-stats') return res.writeHead(404).end();
	const now = commitStats();
	const stats = {
		loopP50Ms: loop.percentile(50) / 1e6,
		loopP99Ms: loop.percentile(99) / 1e6,
		loopMaxMs: loop.max / 1e6,
		commits: now.commits - lastCommits.commits,
		updates: now.updates - lastCommits.updates,
		commitMs: now.commitMs - lastCommits.commitMs
	};
	loop.reset();
	lastCommits = now;
	res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
});
await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
const origin = `http://127.0.0.1:${port}`;

if (mode === 'reference') {
	// A computed specifier keeps this JavaScript-only package out of the type check.
	const utilsModule = '@y/websocket-server/utils';
	const { setupWSConnection } = await import(utilsModule);
	const wss = new WebSocketServer({ noServer: true });
	server.on('upgrade', (req, socket, head) => {
		wss.handleUpgrade(req, socket, head, (ws) => {
			const docName = (req.url ?? '').slice('/yjs/'.length).split('?')[0];
			setupWSConnection(ws, req, { docName });
		});
	});
	// An exit rather than death by signal, so that `--cpu-prof` writes its profile.
	process.once('SIGTERM', () => process.exit(0));
	const boards = Array.from({ length: boardCount }, (_, i) => `bench-${i}`);
	console.log(JSON.stringify({ port, boards, headers: {} }));
} else {
	const runtime = await startBenchRuntime(
		server,
		{
			SYNC_UPDATES_PER_SECOND: '1000',
			// The bench opens up to thousands of sockets with one session.
			SYNC_MAX_SOCKETS_PER_SESSION: '100000',
			SYNC_MAX_SOCKETS_PER_USER: '100000'
		},
		{ boardKinds: [testKind] }
	);
	const metrics = runtime.sync.metrics;
	commitStats = () => ({
		commits: metrics.commitSeconds.count,
		updates: [...metrics.updatesCommitted.values.values()].reduce((a, b) => a + b, 0),
		commitMs: metrics.commitSeconds.sum * 1000
	});
	if (restart) console.log(JSON.stringify({ port, boards: [], headers: {} }));
	else await seed(runtime.database.db);
}

/** The organisation, the boards and a session; prints them for the clients. */
async function seed(db: Db): Promise<void> {
	const org = await newOrganisation(db);
	const consultant = await newUser(db, 'consultant', org.id);
	const beneficiary = await newUser(db, 'beneficiary', org.id);
	const bilan = await newBilan(db, {
		organisationId: org.id,
		beneficiaryId: beneficiary.id,
		consultantId: consultant.id
	});
	const boards: string[] = [];
	for (let i = 0; i < boardCount; i++) {
		const board = await createBoard(db, consultant, bilan.id, { kind: 'test', title: 'B' }, [
			testKind
		]);
		boards.push(board.id);
	}
	const { token } = await createSession(db, consultant.id);
	console.log(
		JSON.stringify({ port, boards, headers: { cookie: `atelier_session=${token}`, origin } })
	);
}
