/**
 * `npm run bench:sync`: propagation latency of board edits through our endpoint (durable writes)
 * and through @y/websocket-server 0.1.1 (no persistence), same load, one run. Prints figures.
 *
 *   latency run:  4 boards × 30 clients × 2 edits/s each, 10 s measured after 2 s warm-up
 *   capacity run: boards of 10 clients (2 writers at 1 edit/s, 8 readers), connections added in
 *                 steps up to 5,000; each step measured 5 s after 1 s warm-up; the search stops at
 *                 the first step whose p99 reaches 50 ms twice in a row
 *
 * Latency = time from a client's edit to its arrival at every other client of the board. The
 * server runs in its own process (`sync-server.ts`), the clients in two others
 * (`sync-clients.ts`), each holding whole boards so that writer and readers share one clock.
 * With DATABASE_URL, our server uses a fresh PostgreSQL database (dropped afterwards); without
 * it, PGlite in memory. `BENCH_ONLY=latency|capacity` runs one part; `BENCH_STEPS=500,1000`
 * overrides the capacity steps; `BENCH_SERVER_ARGS` adds Node options to the server processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cpuSeconds } from './proc.ts';
import { ClientProcess, NODE_ARGS, percentile } from './client-process.ts';
import type { FromClients, ToClients } from './sync-clients.ts';

const CLIENT_PROCESSES = 2;
const TARGET_P99_MS = 50;

interface Load {
	boards: number;
	clientsPerBoard: number;
	writersPerBoard: number;
	editsPerSecond: number;
}

interface Measure {
	deliveries: number;
	expected: number;
	p50: number;
	p95: number;
	p99: number;
	/** Server process CPU over the measured window, in % of one core. */
	cpu: number;
	/** Worst lateness of the client processes' timers (their own lag), ms. */
	clientLagMs: number;
	unexpectedCloses: number;
	server: ServerStats;
}

/** What the server process saw in the measured window (`GET /bench-stats`). */
interface ServerStats {
	loopP99Ms: number;
	loopMaxMs: number;
	commits: number;
	updates: number;
	commitMs: number;
}

interface BenchServer {
	child: ChildProcess;
	port: number;
	boards: string[];
	headers: Record<string, string>;
}

async function startServer(mode: string, boards: number): Promise<BenchServer> {
	// BENCH_SERVER_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the server processes.
	const extra = process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
	const args = [...NODE_ARGS, ...extra, 'bench/sync-server.ts', mode, String(boards)];
	const child = spawn(process.execPath, args, {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const lines = createInterface({ input: child.stdout! });
	const info = await new Promise<Omit<BenchServer, 'child'>>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
		lines.on('line', (line) => {
			if (line.startsWith('{"port"')) resolve(JSON.parse(line));
		});
	});
	return { child, ...info };
}

async function stopServer(server: BenchServer): Promise<void> {
	const exited = new Promise((resolve) => server.child.once('exit', resolve));
	server.child.kill('SIGTERM');
	await exited;
}

async function serverStats(server: BenchServer): Promise<ServerStats> {
	const response = await fetch(`http://127.0.0.1:${server.port}/bench-stats`);
	return (await response.json()) as ServerStats;
}

type Clients = ClientProcess<ToClients, FromClients>;

/** Lets a client process close its sockets, then ends it. */
async function closeClients(clients: Clients): Promise<void> {
	await clients.request({ type: 'close' }, 'closed');
	clients.child.kill();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects `boards` (split across the client processes) to the server. */
async function connect(
	server: BenchServer,
	processes: Clients[],
	boards: string[],
	load: Load
): Promise<{ clients: number; failed: number; ms: number }> {
	const replies = await Promise.all(
		processes.map((p, i) =>
			p.request(
				{
					type: 'connect',
					url: `ws://127.0.0.1:${server.port}/yjs`,
					headers: server.headers,
					boards: boards.filter((_, b) => b % processes.length === i),
					clientsPerBoard: load.clientsPerBoard,
					writersPerBoard: load.writersPerBoard,
					concurrency: 50
				},
				'connected'
			)
		)
	);
	return {
		clients: replies.reduce((n, r) => n + r.clients, 0),
		failed: replies.reduce((n, r) => n + r.failed, 0),
		ms: Math.max(...replies.map((r) => r.ms))
	};
}

/** Every writer edits for warm-up + measured seconds; returns the measured window's figures. */
async function measure(
	server: BenchServer,
	processes: Clients[],
	load: Load,
	warmupMs: number,
	measureMs: number
): Promise<Measure> {
	await Promise.all(
		processes.map((p) =>
			p.request({ type: 'start', editsPerSecond: load.editsPerSecond }, 'started')
		)
	);
	await sleep(warmupMs);
	for (const p of processes) p.tell({ type: 'measure' });
	await serverStats(server);
	const cpuBefore = cpuSeconds(server.child.pid!);
	await sleep(measureMs);
	const cpu = ((cpuSeconds(server.child.pid!) - cpuBefore) / (measureMs / 1000)) * 100;
	const stats = await serverStats(server);
	const replies = await Promise.all(processes.map((p) => p.request({ type: 'stop' }, 'stopped')));
	const latencies = replies.flatMap((r) => r.latencies).sort((a, b) => a - b);
	const edits = replies.reduce((n, r) => n + r.edits, 0);
	return {
		deliveries: latencies.length,
		expected: edits * (load.clientsPerBoard - 1),
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		p99: percentile(latencies, 99),
		cpu,
		clientLagMs: Math.max(...replies.map((r) => r.lateMs)),
		unexpectedCloses: replies.reduce((n, r) => n + r.unexpectedCloses, 0),
		server: stats
	};
}

async function latencyRun(mode: string, load: Load): Promise<Measure> {
	const server = await startServer(mode, load.boards);
	const processes = Array.from(
		{ length: CLIENT_PROCESSES },
		(): Clients => new ClientProcess('bench/sync-clients.ts')
	);
	try {
		const connected = await connect(server, processes, server.boards, load);
		if (connected.failed > 0) throw new Error(`${mode}: ${connected.failed} clients failed`);
		return await measure(server, processes, load, 2000, 10_000);
	} finally {
		await Promise.all(processes.map(closeClients));
		await stopServer(server);
	}
}

interface Step {
	connections: number;
	boards: number;
	connectMs: number;
	failed: number;
	result: Measure;
}

/** Adds connections step by step until p99 reaches the target or the last step passes. */
async function capacityRun(mode: string, load: Omit<Load, 'boards'>, steps: number[]) {
	const maxBoards = Math.ceil(steps.at(-1)! / load.clientsPerBoard);
	const server = await startServer(mode, maxBoards);
	const processes = Array.from(
		{ length: CLIENT_PROCESSES },
		(): Clients => new ClientProcess('bench/sync-clients.ts')
	);
	const done: Step[] = [];
	try {
		let boards = 0;
		for (const connections of steps) {
			const target = Math.ceil(connections / load.clientsPerBoard);
			const connected = await connect(server, processes, server.boards.slice(boards, target), {
				...load,
				boards: target - boards
			});
			boards = target;
			let result = await measure(server, processes, { ...load, boards }, 1000, 5000);
			if (!(result.p99 < TARGET_P99_MS)) {
				// The machine may be shared: one more window before concluding, for both servers alike.
				console.log(
					`  ${mode.padEnd(9)} ${boards * load.clientsPerBoard} conns: p99 ${result.p99.toFixed(1)} ms, measuring again`
				);
				const again = await measure(server, processes, { ...load, boards }, 1000, 5000);
				if (again.p99 < result.p99) result = again;
			}
			const step = {
				connections: boards * load.clientsPerBoard,
				boards,
				connectMs: connected.ms,
				failed: connected.failed,
				result
			};
			done.push(step);
			console.log(`  ${mode.padEnd(9)} ${formatStep(step)}`);
			if (!(result.p99 < TARGET_P99_MS) || connected.failed > 0) break;
		}
	} finally {
		await Promise.all(processes.map(closeClients));
		await stopServer(server);
	}
	const passed = done.filter((s) => s.result.p99 < TARGET_P99_MS && s.failed === 0);
	return { steps: done, best: passed.at(-1) };
}

const f = (x: number) => x.toFixed(1).padStart(7);

/** The server's side of a window: event-loop delay, and our commits (count, size, duration). */
function formatServer(s: ServerStats): string {
	const loop = `loop p99 ${s.loopP99Ms.toFixed(0)} max ${s.loopMaxMs.toFixed(0)} ms`;
	if (s.commits === 0) return loop;
	const size = (s.updates / s.commits).toFixed(1);
	return `${loop}, ${s.commits} commits × ${size} updates, ${(s.commitMs / s.commits).toFixed(1)} ms each`;
}

function formatMeasure(m: Measure): string {
	const delivered = m.expected > 0 ? ((100 * m.deliveries) / m.expected).toFixed(1) : '—';
	return (
		`${f(m.p50)}  ${f(m.p95)}  ${f(m.p99)}  ${String(m.deliveries).padStart(8)} (${delivered}%)` +
		`  cpu ${m.cpu.toFixed(0).padStart(3)}%  client lag ${m.clientLagMs} ms` +
		(m.unexpectedCloses > 0 ? `  closed ${m.unexpectedCloses}` : '') +
		`\n                     server: ${formatServer(m.server)}`
	);
}

function formatStep(s: Step): string {
	return (
		`${String(s.connections).padStart(5)} conns ${String(s.boards).padStart(4)} boards ` +
		`(connect ${(s.connectMs / 1000).toFixed(1)} s${s.failed > 0 ? `, ${s.failed} failed` : ''}): ` +
		`p50 ${s.result.p50.toFixed(1)}  p95 ${s.result.p95.toFixed(1)}  p99 ${s.result.p99.toFixed(1)} ms` +
		`  cpu ${s.result.cpu.toFixed(0)}%  client lag ${s.result.clientLagMs} ms` +
		(s.result.unexpectedCloses > 0 ? `  closed ${s.result.unexpectedCloses}` : '') +
		`\n            ${formatServer(s.result.server)}`
	);
}

const only = process.env.BENCH_ONLY;
const storage = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (fresh folder on disk)';
console.log(`atelier storage: ${storage}; clients in ${CLIENT_PROCESSES} processes`);

if (!only || only === 'latency') {
	const load: Load = { boards: 4, clientsPerBoard: 30, writersPerBoard: 30, editsPerSecond: 2 };
	const ours = await latencyRun('atelier', load);
	const ref = await latencyRun('reference', load);
	console.log(
		`\nlatency: ${load.boards} boards × ${load.clientsPerBoard} clients × ${load.editsPerSecond} edits/s, 10 s`
	);
	console.log('                      p50 ms   p95 ms   p99 ms   deliveries');
	console.log(`atelier (durable)    ${formatMeasure(ours)}`);
	console.log(`@y/websocket-server  ${formatMeasure(ref)}`);
	console.log(`ratio p99 (atelier / reference): ${(ours.p99 / ref.p99).toFixed(2)}`);
}

if (!only || only === 'capacity') {
	const steps = (process.env.BENCH_STEPS ?? '500,1000,2000,3000,4000,5000').split(',').map(Number);
	const load = { clientsPerBoard: 10, writersPerBoard: 2, editsPerSecond: 1 };
	console.log(
		`\ncapacity: boards of ${load.clientsPerBoard} clients (${load.writersPerBoard} writers × ${load.editsPerSecond} edit/s), p99 < ${TARGET_P99_MS} ms, steps ${steps.join(', ')}`
	);
	const ours = await capacityRun('atelier', load, steps);
	const ref = await capacityRun('reference', load, steps);
	const best = (r: typeof ours) =>
		r.best ? `${r.best.connections} connections, ${r.best.boards} boards` : `none (< ${steps[0]})`;
	console.log(`capacity atelier (durable):   ${best(ours)}`);
	console.log(`capacity @y/websocket-server: ${best(ref)}`);
}
process.exit(0);
