/**
 * `npm run bench:seance`: suivez-moi fan-out through our séance server (handshake, validation,
 * rates, roster, one node) against a bare socket.io server relaying the same events to the same
 * rooms without any of it, same load, same run. Prints figures.
 *
 *   loads:    50 séances × (1 consultant + 2 participants), then 5 séances × (1 + 20) — a cohort
 *   each:     the consultant of every séance sends `seance.place` at 10 per second, spread over
 *             the second; 2 s warm-up, 8 s measured
 *   order:    both servers run side by side (the idle one costs nothing); each load is measured on
 *             ours then on the reference, so a change in the machine's load shows in both
 *
 * Latency = from the consultant's emit to a follower's receipt; leaders and followers of a séance
 * share a client process, hence a clock. The servers run in their own processes
 * (`seance-server.ts`), the clients in two others (`seance-clients.ts`). Server CPU is read from
 * /proc over the measured window. With DATABASE_URL, ours uses a fresh PostgreSQL database (dropped
 * afterwards); without it, PGlite in a fresh folder: the database is only touched at connection,
 * not on this path. `BENCH_RATE` overrides the places per second, `BENCH_MEASURE_MS` the window.
 * Target: p99 ratio (ours / reference) ≤ 1.2.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { cpuSeconds } from './proc.ts';
import { ClientProcess, NODE_ARGS, percentile } from './client-process.ts';
import type { FromClients, ToClients } from './seance-clients.ts';
import type { Ready } from './seance-server.ts';

const CLIENT_PROCESSES = 2;
const RATE = Number(process.env.BENCH_RATE ?? 10);
const WARMUP_MS = 2000;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 8000);
const TARGET_RATIO = 1.2;
const LOADS = [
	{ name: '50 séances × (1 + 2)', seances: 50, followers: 2 },
	{ name: '5 séances × (1 + 20)', seances: 5, followers: 20 }
];

interface BenchServer extends Ready {
	mode: string;
	child: ChildProcess;
}

interface Measure {
	p50: number;
	p99: number;
	max: number;
	deliveries: number;
	expected: number;
	/** Server CPU over the window, % of one core. */
	cpu: number;
	loopP99Ms: number;
	clientLagMs: number;
	errors: number;
	disconnects: number;
}

async function startServer(mode: string, seances: number): Promise<BenchServer> {
	const child = spawn(
		process.execPath,
		[...NODE_ARGS, 'bench/seance-server.ts', mode, String(seances)],
		{
			stdio: ['ignore', 'pipe', 'inherit']
		}
	);
	const lines = createInterface({ input: child.stdout! });
	const ready = await new Promise<Ready>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
		lines.on('line', (line) => {
			if (line.startsWith('{"port"')) resolve(JSON.parse(line));
		});
	});
	return { mode, child, ...ready };
}

async function stopServer(server: BenchServer): Promise<void> {
	const exited = new Promise((resolve) => server.child.once('exit', resolve));
	server.child.kill('SIGTERM');
	await exited;
}

async function loopStats(server: BenchServer): Promise<{ loopP99Ms: number }> {
	return (await fetch(`http://127.0.0.1:${server.port}/bench-stats`)).json();
}

type Clients = ClientProcess<ToClients, FromClients>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One load on one server: connect, warm up, measure, disconnect. */
async function run(
	server: BenchServer,
	processes: Clients[],
	load: (typeof LOADS)[number]
): Promise<Measure> {
	const seances = server.seances.slice(0, load.seances);
	await Promise.all(
		processes.map((p, i) =>
			p.request(
				{
					type: 'connect',
					url: server.origin,
					origin: server.origin,
					seances: seances.filter((_, s) => s % processes.length === i),
					followersPerSeance: load.followers,
					expectState: server.mode === 'atelier'
				},
				'connected'
			)
		)
	);
	await Promise.all(
		processes.map((p) => p.request({ type: 'start', placesPerSecond: RATE }, 'started'))
	);
	await sleep(WARMUP_MS);
	for (const p of processes) p.tell({ type: 'measure' });
	await loopStats(server);
	const cpuBefore = cpuSeconds(server.child.pid!);
	await sleep(MEASURE_MS);
	const cpu = ((cpuSeconds(server.child.pid!) - cpuBefore) / (MEASURE_MS / 1000)) * 100;
	const { loopP99Ms } = await loopStats(server);
	const replies = await Promise.all(processes.map((p) => p.request({ type: 'stop' }, 'stopped')));
	await Promise.all(processes.map((p) => p.request({ type: 'disconnect' }, 'disconnected')));
	const latencies = replies.flatMap((r) => r.latencies).sort((a, b) => a - b);
	const sum = (key: 'expected' | 'errors' | 'disconnects') =>
		replies.reduce((n, r) => n + r[key], 0);
	return {
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99),
		max: latencies.at(-1) ?? NaN,
		deliveries: latencies.length,
		expected: sum('expected'),
		cpu,
		loopP99Ms,
		clientLagMs: Math.max(...replies.map((r) => r.lateMs)),
		errors: sum('errors'),
		disconnects: sum('disconnects')
	};
}

const f = (x: number) => x.toFixed(2).padStart(7);

function row(label: string, m: Measure): string {
	const delivered = ((100 * m.deliveries) / m.expected).toFixed(1);
	return (
		`  ${label.padEnd(10)} ${f(m.p50)} ${f(m.p99)} ${f(m.max)}  ${String(m.deliveries).padStart(6)} (${delivered}%)` +
		`  cpu ${m.cpu.toFixed(0).padStart(3)}%  loop p99 ${m.loopP99Ms.toFixed(1)} ms  client lag ${m.clientLagMs.toFixed(0)} ms` +
		(m.errors > 0 ? `  errors ${m.errors}` : '') +
		(m.disconnects > 0 ? `  disconnects ${m.disconnects}` : '')
	);
}

const storage = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (fresh folder on disk)';
const load = () =>
	loadavg()
		.map((x) => x.toFixed(2))
		.join(' ');
console.log(
	`séance fan-out: leaders at ${RATE} places/s, ${MEASURE_MS / 1000} s measured after ${WARMUP_MS / 1000} s; ` +
		`clients in ${CLIENT_PROCESSES} processes; atelier on ${storage}, one node`
);
console.log(`load average at start: ${load()}`);
const needed = Math.max(...LOADS.map((l) => l.seances));
const [ours, reference] = await Promise.all([
	startServer('atelier', needed),
	startServer('reference', needed)
]);
const processes = Array.from(
	{ length: CLIENT_PROCESSES },
	(): Clients => new ClientProcess('bench/seance-clients.ts')
);
let worst = 0;
try {
	for (const l of LOADS) {
		const a = await run(ours, processes, l);
		const r = await run(reference, processes, l);
		const ratio = a.p99 / r.p99;
		worst = Math.max(worst, ratio);
		console.log(`\n${l.name}: ${l.seances * RATE * l.followers} deliveries/s expected`);
		console.log('             p50 ms  p99 ms  max ms  deliveries');
		console.log(row('atelier', a));
		console.log(row('reference', r));
		console.log(`  ratio p99 (atelier / reference): ${ratio.toFixed(2)}`);
	}
} finally {
	for (const p of processes) p.child.kill();
	await Promise.all([stopServer(ours), stopServer(reference)]);
}
console.log(`\nload average at end: ${load()}`);
console.log(
	`worst p99 ratio ${worst.toFixed(2)} (target ≤ ${TARGET_RATIO}): ${worst <= TARGET_RATIO ? 'met' : 'NOT met'}`
);
process.exit(0);
