/**
 * `npm run bench:cohort` (after `npm run build`): the facilitator's live gallery of a 20-person
 * cohort (issue 15). Prints figures; takes 4 × (BENCH_SECONDS + 5 s) plus a minute or so of set-up.
 *
 * The built app (`server/index.ts`) runs on loopback on a fresh PGlite folder, or, when
 * DATABASE_URL is set, on a fresh PostgreSQL database next to it (dropped afterwards); one node.
 * Before it starts, the cohort is made through the domain services (`cohort-seed.ts`): a
 * facilitator, 20 participants who accepted the charter, an exercise of cartes de valeurs handed
 * out. The participants are stock y-websocket clients in a client process (`cohort-clients.ts`),
 * each renaming a card of their own copy about once a second with a unique marker.
 *
 * Four phases, each measured over BENCH_SECONDS after a 3 s warm-up, the participants editing
 * throughout:
 *   1. participants alone: the baseline;
 *   2. the reference: 20 ordinary board connections, one per copy (stock clients, the
 *      facilitator's session) — what watching every copy as a board costs;
 *   3. the gallery page of the exercise in headless Chromium (`cohort-gallery.ts`);
 *   4. participants alone again: the baseline is the mean of 1 and 4, so that a drift over the run
 *      (the server warming up, the machine's load) weighs on both phases between alike.
 * Server CPU is read from /proc over each window; each phase's own share is its CPU minus the
 * baseline's. Gallery update latency: from a participant's edit to the frame that draws its marker
 * in that participant's thumbnail; the reference's: to its arrival at the board connection. Every
 * time is epoch milliseconds (`performance.timeOrigin + performance.now()`) on this machine, the
 * client process's and the page's corrected by their measured offset from the bench's. An edit of
 * the window not shown 2 s after the window's end is missed. The page's cost: CDP
 * `Performance.getMetrics` before and after the window.
 *
 * Targets: gallery p99 < 1 s; the gallery's server CPU ≤ 1.5 × the reference's (own shares).
 * BENCH_SECONDS: the window (default 60); BENCH_SEED: the edits' jitter (default 1); BENCH_PORT:
 * the server's port (default: a free one).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../tests/helpers/database.ts';
import { startServer, type TestServer } from '../tests/helpers/server.ts';
import { sleep } from './abuse-tools.ts';
import { ClientProcess, percentile } from './client-process.ts';
import { MARKER_PATTERN, type FromClients, type Sent, type ToClients } from './cohort-clients.ts';
import { GalleryPage, launchChromium, type PageMetrics } from './cohort-gallery.ts';
import { seedCohort } from './cohort-seed.ts';
import { cpuSeconds, loadAverage } from './proc.ts';

const PARTICIPANTS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const WARMUP_MS = 3000;
const GRACE_MS = 2000;
const TARGET_P99_MS = 1000;
const TARGET_CPU_RATIO = 1.5;

const now = () => performance.timeOrigin + performance.now();

/* Everything started is undone in reverse order, once, on exit, error or Ctrl-C. */
const undo: (() => unknown)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
	cleaning ??= (async () => {
		for (const step of undo.reverse()) {
			await Promise.race([Promise.resolve().then(step), sleep(20_000)]).catch(() => {});
		}
	})();
	return cleaning;
}
async function fail(error: unknown): Promise<never> {
	console.error(`bench:cohort failed: ${error instanceof Error ? error.stack : error}`);
	if (server) console.error(`server output (end):\n${server.output().slice(-4000)}`);
	await cleanUp();
	process.exit(1);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

if (!existsSync('build/handler.js')) {
	console.error('bench:cohort: no build/handler.js — run `npm run build` first');
	process.exit(1);
}

/** A fresh storage with the cohort in it, and the server's environment to use it. */
async function seededStorage() {
	let env: Record<string, string>;
	if (process.env.DATABASE_URL) {
		const url = await createPostgresDatabase();
		undo.push(() => dropPostgresDatabase(url));
		env = { DATABASE_URL: url };
	} else {
		const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-cohort-'));
		undo.push(() => rmSync(dir, { recursive: true, force: true }));
		env = { DATABASE_URL: '', ATELIER_DATA_DIR: dir };
	}
	const database = await openDatabase({
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir: env.ATELIER_DATA_DIR
	});
	try {
		return { env, cohort: await seedCohort(database.db, PARTICIPANTS) };
	} finally {
		await database.close();
	}
}

/** How far `remote`'s clock is ahead of ours: the sample with the shortest round trip. */
async function clockOffset(remote: () => Promise<number>): Promise<number> {
	let best = { rtt: Infinity, offset: 0 };
	for (let i = 0; i < 7; i++) {
		const before = now();
		const theirs = await remote();
		const after = now();
		if (after - before < best.rtt)
			best = { rtt: after - before, offset: theirs - (before + after) / 2 };
	}
	return best.offset;
}

interface Window<T> {
	from: number;
	to: number;
	/** Server CPU over the window, % of one core. */
	cpu: number;
	before: T;
	after: T;
}

/** Warm-up, then one measured window; `sample` is taken at both ends. */
async function measure<T>(sample: () => Promise<T>): Promise<Window<T>> {
	await sleep(WARMUP_MS);
	const pid = server!.process.pid!;
	const before = await sample();
	const [from, cpuFrom] = [now(), cpuSeconds(pid)];
	await sleep(SECONDS * 1000);
	const [to, cpuTo] = [now(), cpuSeconds(pid)];
	const after = await sample();
	await sleep(GRACE_MS);
	return { from, to, cpu: ((cpuTo - cpuFrom) / ((to - from) / 1000)) * 100, before, after };
}

interface Latency {
	sorted: number[];
	edits: number;
	missed: number;
}

/** The latency of each edit of the window to its arrival (`shown`: marker → time, our clock). */
function latencies(sent: Sent[], shown: Map<string, number>, window: Window<unknown>): Latency {
	const edits = sent.filter((edit) => edit.at >= window.from && edit.at < window.to);
	const sorted: number[] = [];
	for (const edit of edits) {
		const at = shown.get(edit.marker);
		if (at !== undefined) sorted.push(at - edit.at);
	}
	sorted.sort((a, b) => a - b);
	return { sorted, edits: edits.length, missed: edits.length - sorted.length };
}

type Clients = ClientProcess<ToClients, FromClients>;

/** The participants' edits so far and the reference's arrivals, on our clock. */
async function report(clients: Clients, offset: number) {
	const r = await clients.request({ type: 'report' }, 'report');
	return {
		sent: r.sent.map((edit) => ({ ...edit, at: edit.at - offset })),
		seen: new Map(r.seen.map(([marker, at]) => [marker, at - offset])),
		lateMs: r.lateMs
	};
}

let server: TestServer | undefined;
try {
	const loadAtStart = loadavg()[0]!;
	console.log(
		`bench:cohort — ${PARTICIPANTS} participants × 1 edit/s (jittered, seed ${SEED}), ` +
			`${SECONDS} s measured per phase after ${WARMUP_MS / 1000} s of warm-up`
	);
	console.log(`load average at start: ${loadAverage()}`);
	const { env, cohort } = await seededStorage();
	server = await startServer({ ...env, REDIS_URL: '', PORT: process.env.BENCH_PORT ?? '0' });
	const running = server;
	undo.push(() => running.stop());
	running.process.once('exit', (code) => {
		if (!cleaning) void fail(new Error(`the server exited (${code})`));
	});
	const storage = env.DATABASE_URL ? 'PostgreSQL (fresh database)' : 'PGlite (fresh folder)';
	console.log(`server: built app on ${storage}, ${running.url}, one node`);

	const clients: Clients = new ClientProcess('bench/cohort-clients.ts');
	undo.push(() => clients.child.kill());
	clients.child.once('exit', (code) => {
		if (!cleaning) void fail(new Error(`the client process exited (${code})`));
	});
	const participants = cohort.participants.map(({ boardId, cookie }) => ({ boardId, cookie }));
	await clients.request(
		{ type: 'connect', url: running.url, participants, seed: SEED },
		'connected'
	);
	const clientOffset = await clockOffset(
		async () => (await clients.request({ type: 'clock' }, 'clock')).now
	);
	await clients.request({ type: 'start' }, 'started');
	const launched = await launchChromium();
	undo.push(() => launched.close());

	const none = async () => null;
	const baseline = await measure(none);

	const watching = await clients.request(
		{ type: 'watch', cookie: cohort.referenceCookie },
		'watching'
	);
	if (watching.synced < PARTICIPANTS) throw new Error(`reference: ${watching.synced} synced`);
	const reference = await measure(none);
	await clients.request({ type: 'unwatch' }, 'unwatched');
	await sleep(GRACE_MS);

	const galleryUrl = `${running.url}/cohortes/${cohort.cohortId}/exercices/${cohort.exerciseId}`;
	const gallery = await GalleryPage.open(
		launched,
		galleryUrl,
		cohort.galleryCookie,
		PARTICIPANTS,
		MARKER_PATTERN
	);
	const pageOffset = await clockOffset(() => gallery.now());
	const watched = await measure(() => gallery.metrics());
	await gallery.close();
	const baselineAfter = await measure(none);

	const edits = await report(clients, clientOffset);
	const drawn = new Map<string, number>();
	for (const [marker, at] of gallery.drawn) {
		if (!drawn.has(marker)) drawn.set(marker, at - pageOffset);
	}
	const galleryLatency = latencies(edits.sent, drawn, watched);
	const referenceLatency = latencies(edits.sent, edits.seen, reference);
	await clients.request({ type: 'close' }, 'closed');

	console.log(
		`clocks: client process ${signed(clientOffset)} ms, page ${signed(pageOffset)} ms from the bench's; ` +
			`edit timers at most ${edits.lateMs} ms late`
	);
	printFigures([baseline, baselineAfter], reference, watched, referenceLatency, galleryLatency);
	const loadAtEnd = loadavg()[0]!;
	console.log(`load average at end: ${loadAverage()}`);
	if (Math.max(loadAtStart, loadAtEnd) > 1) {
		console.log('note: load average above 1 — the machine is busy, figures not meaningful');
	}
} catch (error) {
	await fail(error);
}
await cleanUp();
process.exit(0);

function signed(x: number): string {
	return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
}

function printFigures(
	baselines: [Window<null>, Window<null>],
	reference: Window<null>,
	gallery: Window<PageMetrics>,
	referenceLatency: Latency,
	galleryLatency: Latency
): void {
	const pct = (x: number) => `${x.toFixed(1)} %`.padStart(8);
	const ms = (x: number) => x.toFixed(0).padStart(5);
	const lat = (l: Latency) =>
		`${ms(percentile(l.sorted, 50))} ${ms(percentile(l.sorted, 95))} ${ms(percentile(l.sorted, 99))}` +
		`   ${l.missed} of ${l.edits}`;
	const baseline = (baselines[0].cpu + baselines[1].cpu) / 2;
	const referenceShare = reference.cpu - baseline;
	const galleryShare = gallery.cpu - baseline;
	console.log(
		'\nphase                           server CPU  own share   p50   p95   p99 ms  missed'
	);
	console.log(`participants alone (first)    ${pct(baselines[0].cpu)}`);
	console.log(
		`+ 20 board connections        ${pct(reference.cpu)} ${pct(referenceShare)}  ${lat(referenceLatency)}`
	);
	console.log(
		`+ gallery (Chromium)          ${pct(gallery.cpu)} ${pct(galleryShare)}  ${lat(galleryLatency)}`
	);
	console.log(`participants alone (last)     ${pct(baselines[1].cpu)}`);

	const seconds = (gallery.to - gallery.from) / 1000;
	const perSecond = (key: 'taskS' | 'scriptS' | 'layoutS' | 'styleS') =>
		(((gallery.after[key] - gallery.before[key]) * 1000) / seconds).toFixed(1);
	const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
	console.log(
		`\nfacilitator's page: main thread ${perSecond('taskS')} ms/s (script ${perSecond('scriptS')}, ` +
			`layout ${perSecond('layoutS')}, style ${perSecond('styleS')}); JS heap ` +
			`${mb(gallery.before.heapUsed)} → ${mb(gallery.after.heapUsed)} MB; ` +
			`${gallery.after.nodes} DOM nodes`
	);

	const p99 = percentile(galleryLatency.sorted, 99);
	const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
	console.log(
		`\ngallery update latency p99 ${p99.toFixed(0)} ms (target < ${TARGET_P99_MS} ms): ` +
			`${met(p99 < TARGET_P99_MS && galleryLatency.missed === 0)}` +
			(galleryLatency.missed > 0 ? ` (${galleryLatency.missed} updates missed)` : '')
	);
	const cpuLine = `gallery's server CPU ${galleryShare.toFixed(1)} % vs ${referenceShare.toFixed(1)} % for 20 board connections`;
	if (referenceShare <= 0) {
		console.log(`${cpuLine}: ratio not measurable (the reference cost no more than the baseline)`);
	} else {
		const ratio = galleryShare / referenceShare;
		console.log(
			`${cpuLine}: ${ratio.toFixed(2)}× (target ≤ ${TARGET_CPU_RATIO}×): ${met(ratio <= TARGET_CPU_RATIO)}` +
				`; whole server ${(gallery.cpu / reference.cpu).toFixed(2)}× the reference phase`
		);
	}
}
