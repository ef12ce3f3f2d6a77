/**
 * `npm run bench:abuse -- [--app <dir>] [--quick]`: reproduces four abuses of the board sync
 * server and prints what each one costs the server and its honest users, next to the figures an
 * attacker measured on the old code ("was"). To compare two commits, run it on an idle machine
 * once with `--app` on a worktree of each: `<dir>` (default: this checkout) must hold a built app
 * (`npm run build` there). Its `server/index.ts` is started as the integration tests start it
 * (tests/helpers/server.ts): loopback only, embedded PGlite in a fresh data folder seeded with the
 * demo organisation, and a fresh process per scenario on that same folder, so that one scenario's
 * leftovers (memory, loaded boards) do not weigh on the next. `--quick`: small sizes, a smoke run.
 *
 * Setup: the consultant writes Nadia's board up to ~8 MB (updates of 140 value cards with every
 * text at its longest, each after the previous one's ack, as a client would: the server refuses
 * what the board's schema does not allow); Nadia keeps it and her bilan is closed, so she may only
 * read it.
 *
 *   1. Step 1 amplifier: Nadia sends 178 sync step 1 frames of 4 bytes in one burst on that board,
 *      while an honest client edits another board every 200 ms for a second one to see, and
 *      `/healthz` is polled.
 *   4. Size-limit lockout: on a small board, a member writes 140 cards, then rewrites all their
 *      « why » again and again (the board stays ~200 KB, its log grows by ~140 KB each time);
 *      after a refusal it reconnects and rewrites half as much, down to one character, filling
 *      what room the limit leaves; then an honest small write.
 *   5. Presence size: 10 sockets set 500 KB awareness states, 6 times each; 10 listeners.
 *   6. 40 sockets that never read (paused TCP) on the 8 MB board: the server's RSS; then one
 *      session opens 200 sockets at once.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type TestServer } from '../tests/helpers/server.ts';
import {
	amplifier,
	bytes,
	lockout,
	presence,
	setup,
	stalledSockets,
	type Row,
	type Setup,
	type Sizes
} from './abuse-scenarios.ts';
import { sleep } from './abuse-tools.ts';

const FULL: Sizes = {
	boardUpdates: 40,
	step1Frames: 178,
	// The server's default SYNC_MAX_DOCUMENT_BYTES (16 MiB).
	lockEnv: {},
	overwrites: 130,
	presence: { attackers: 10, listeners: 10, stateBytes: 500_000, rounds: 6 },
	stalled: 40,
	burst: 200
};
const QUICK: Sizes = {
	boardUpdates: 5,
	step1Frames: 40,
	lockEnv: { SYNC_MAX_DOCUMENT_BYTES: String(2 * 1024 * 1024) },
	overwrites: 20,
	presence: { attackers: 4, listeners: 4, stateBytes: 200_000, rounds: 2 },
	stalled: 8,
	burst: 40
};

const { values: args } = parseArgs({
	options: { app: { type: 'string' }, quick: { type: 'boolean', default: false } }
});
const app = resolve(args.app ?? join(import.meta.dirname, '..'));
if (!existsSync(join(app, 'build', 'handler.js')) || !existsSync(join(app, 'server', 'index.ts'))) {
	console.error(`${app}: no built app (server/index.ts and build/; run npm run build there)`);
	process.exit(1);
}
const sizes = args.quick ? QUICK : FULL;
const dataDir = mkdtempSync(join(tmpdir(), 'atelier-abuse-'));
let current: TestServer | undefined;
process.on('exit', () => {
	current?.process.kill('SIGKILL');
	rmSync(dataDir, { recursive: true, force: true });
});
// Every wait of the scenarios is bounded; this is the last resort if the server stops answering.
setTimeout(
	() => {
		console.error('bench:abuse: time limit reached, stopping');
		process.exit(2);
	},
	(args.quick ? 10 : 45) * 60_000
).unref();

/** Runs `run` against a fresh server process of the app on the bench's data folder. */
async function withServer<T>(env: Record<string, string>, run: (s: TestServer) => Promise<T>) {
	const server = await startServer(
		{ ATELIER_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', ...env },
		app
	);
	current = server;
	try {
		return await run(server);
	} finally {
		await Promise.race([server.stop(), sleep(20_000).then(() => server.kill())]);
		current = undefined;
	}
}

function printTable(title: string, rows: Row[]): void {
	const width = (column: 0 | 1) => Math.max(...rows.map((row) => row[column].length), 8);
	console.log(`\n${title}`);
	console.log(`  ${'measure'.padEnd(width(0))}  ${'now'.padEnd(width(1))}  was (old code)`);
	for (const [measure, now, was] of rows) {
		console.log(`  ${measure.padEnd(width(0))}  ${now.padEnd(width(1))}  ${was ?? ''}`.trimEnd());
	}
}

/** One scenario on its own server process; a failure is printed, and the next one runs. */
async function scenario(
	title: string,
	env: Record<string, string>,
	run: (server: TestServer, s: Setup) => Promise<Row[]>
) {
	let rows: Row[];
	try {
		rows = await withServer(env, (server) => run(server, s));
	} catch (error) {
		rows = [['failed', String(error)]];
	}
	printTable(title, rows);
}

const load = () =>
	`${loadavg()
		.map((n) => n.toFixed(2))
		.join(' ')} (${cpus().length} CPUs)`;
let commit = 'not a git checkout';
try {
	commit = execFileSync('git', ['-C', app, 'log', '-1', '--format=%h (%cs)'], { encoding: 'utf8' });
} catch {
	// The figures stand without it.
}
console.log(`bench:abuse${args.quick ? ' --quick (small sizes)' : ''}`);
console.log(`app: ${app} at ${commit.trim()}`);
console.log('server: built app, embedded PGlite, loopback, a fresh process per scenario');
console.log(`load average at start: ${load()}`);
const s = await withServer({}, (server) => setup(server, sizes));
console.log(`big board: ${bytes(s.bigBytes)} of cards (${s.bigNote})`);

const board = bytes(s.bigBytes);
await scenario(
	`1. Step 1 amplifier: ${sizes.step1Frames} × 4-byte sync step 1 in one burst, read-only member, ${board} board`,
	{},
	amplifier
);
const limit = sizes.lockEnv.SYNC_MAX_DOCUMENT_BYTES;
await scenario(
	`4. Size-limit lockout: 140 value cards, then ${sizes.overwrites} rewrites of all their « why » (~140 KB each); ` +
		(limit ? `SYNC_MAX_DOCUMENT_BYTES=${limit} for this run` : 'default SYNC_MAX_DOCUMENT_BYTES'),
	sizes.lockEnv,
	lockout
);
const p = sizes.presence;
await scenario(
	`5. Presence size: ${p.attackers} sockets × ${p.rounds} awareness states of ${bytes(p.stateBytes)}, ${p.listeners} listeners`,
	{},
	presence
);
await scenario(
	`6. Sockets that never read (${board} board), and a burst from one session`,
	{},
	stalledSockets
);
console.log(`\nload average at end: ${load()}`);
process.exit(0);
