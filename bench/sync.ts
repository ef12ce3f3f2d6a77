/**
 * `npm run bench:sync`: board sync through our endpoint (visible at once, durable before acked)
 * against @y/websocket-server 0.1.1 (memory only), same loads, one run; on PGlite (a folder on
 * disk) and, when DATABASE_URL is set, on PostgreSQL (a fresh database next to it, dropped
 * afterwards). Prints the figures with the load average. About 5 minutes with both storages on an
 * idle 2-core machine: check `uptime` first.
 *
 *   latency:   4 boards × 30 clients × 2 edits/s each, 8 s measured after 2 s warm-up: peer
 *              latency p50/p95/p99 and server CPU; the writers' edit → ack p50/p99 (ours)
 *   capacity:  boards of 10 clients (2 writers at 1 edit/s, 8 readers), connections added in steps
 *              up to 10,000, each measured 3 s after 1 s warm-up; the search stops at the first
 *              step whose p99 reaches 50 ms twice in a row
 *   storm:     2,000 clients keeping their documents; the server killed (SIGKILL) and restarted
 *              on the same port and storage: time until every client is synced again and every
 *              board converged, nothing lost (the reference restarts empty: its clients bring the
 *              boards back)
 *   cold load: a board whose log holds 5,000 updates, loaded from a database just opened; then
 *              once compacted, as the sync server compacts a long log it loads
 *
 * Latency = time from a client's edit to its arrival at every other client of the board. The
 * server runs in its own process (`sync-server.ts`), the clients in two others
 * (`sync-clients.ts`), each holding whole boards so that writer and readers share one clock.
 * `BENCH_ONLY=latency,capacity,storm,cold` runs some parts; `BENCH_STEPS=500,1000` overrides the
 * capacity steps; `BENCH_STORM=2000` the storm's clients; `BENCH_COLD=5000` the cold load's log;
 * `BENCH_STORAGE=PGlite` one storage only; `BENCH_SERVER_ARGS` adds Node options to the server
 * processes (`--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them).
 */
import { loadavg } from 'node:os';
import { coldLoad, stormRun } from './sync-recovery.ts';
import {
	CLIENT_PROCESSES,
	clientProcesses,
	closeClients,
	connect,
	label,
	measure,
	startServer,
	stopServer,
	type Load,
	type Measure,
	type ServerStats,
	type StorageName,
	type Target
} from './sync-harness.ts';

const TARGET_P99_MS = 50;
const STORM_DEADLINE_MS = 30_000;

async function latencyRun(target: Target, load: Load): Promise<Measure> {
	const server = await startServer(target, load.boards);
	const processes = clientProcesses();
	try {
		const connected = await connect(server, processes, server.boards, load);
		if (connected.failed > 0) throw new Error(`${label(target)}: ${connected.failed} failed`);
		return await measure(server, processes, load, 2000, 8000);
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
async function capacityRun(target: Target, load: Omit<Load, 'boards'>, steps: number[]) {
	const maxBoards = Math.ceil(steps.at(-1)! / load.clientsPerBoard);
	const server = await startServer(target, maxBoards);
	const processes = clientProcesses();
	const name = label(target).padEnd(20);
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
			let result = await measure(server, processes, { ...load, boards }, 1000, 3000);
			if (!(result.p99 < TARGET_P99_MS)) {
				// The machine may be shared: one more window before concluding, for both servers alike.
				console.log(
					`  ${name} ${boards * load.clientsPerBoard} conns: p99 ${result.p99.toFixed(1)} ms, measuring again`
				);
				const again = await measure(server, processes, { ...load, boards }, 1000, 3000);
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
			console.log(`  ${name} ${formatStep(step)}`);
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
	const acks = Number.isNaN(m.ackP50)
		? ''
		: `  ack p50 ${m.ackP50.toFixed(1)} p99 ${m.ackP99.toFixed(1)} ms`;
	return (
		`${f(m.p50)}  ${f(m.p95)}  ${f(m.p99)}  ${String(m.deliveries).padStart(8)} (${delivered}%)` +
		`  cpu ${m.cpu.toFixed(0).padStart(3)}%  client lag ${m.clientLagMs} ms${acks}` +
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

const ratio = (a: number, b: number) => (a / b).toFixed(2);
const load = () =>
	loadavg()
		.map((x) => x.toFixed(2))
		.join(' ');

const parts = process.env.BENCH_ONLY?.split(',') ?? ['latency', 'capacity', 'storm', 'cold'];
const storages: StorageName[] = process.env.BENCH_STORAGE
	? [process.env.BENCH_STORAGE as StorageName]
	: process.env.DATABASE_URL
		? ['PGlite', 'PostgreSQL']
		: ['PGlite'];
const ours: Target[] = storages.map((storage) => ({ mode: 'atelier', storage }));
const reference: Target = { mode: 'reference' };
const started = performance.now();
console.log(
	`atelier storages: ${storages.join(', ')}; clients in ${CLIENT_PROCESSES} processes; load average ${load()}`
);

if (parts.includes('latency')) {
	const spec: Load = { boards: 4, clientsPerBoard: 30, writersPerBoard: 30, editsPerSecond: 2 };
	const ref = await latencyRun(reference, spec);
	const results = [];
	for (const target of ours) results.push(await latencyRun(target, spec));
	console.log(
		`\nlatency: ${spec.boards} boards × ${spec.clientsPerBoard} clients × ${spec.editsPerSecond} edits/s, 8 s`
	);
	console.log('                      p50 ms   p95 ms   p99 ms   deliveries');
	console.log(`${label(reference).padEnd(20)} ${formatMeasure(ref)}`);
	results.forEach((m, i) => {
		console.log(`${label(ours[i]!).padEnd(20)} ${formatMeasure(m)}`);
		console.log(
			`  ratio to the reference: p99 ${ratio(m.p99, ref.p99)}, cpu ${ratio(m.cpu, ref.cpu)}`
		);
	});
}

if (parts.includes('capacity')) {
	const steps = (process.env.BENCH_STEPS ?? '500,1000,2000,3000,5000,7500,10000')
		.split(',')
		.map(Number);
	const spec = { clientsPerBoard: 10, writersPerBoard: 2, editsPerSecond: 1 };
	console.log(
		`\ncapacity: boards of ${spec.clientsPerBoard} clients (${spec.writersPerBoard} writers × ${spec.editsPerSecond} edit/s), p99 < ${TARGET_P99_MS} ms, steps ${steps.join(', ')}`
	);
	const ref = await capacityRun(reference, spec, steps);
	const results = [];
	for (const target of ours) results.push(await capacityRun(target, spec, steps));
	const best = (r: typeof ref) =>
		r.best ? `${r.best.connections} connections, ${r.best.boards} boards` : `none (< ${steps[0]})`;
	console.log(`capacity ${label(reference).padEnd(20)} ${best(ref)}`);
	const at5000 = (r: typeof ref) => r.steps.find((s) => s.connections === 5000)?.result;
	results.forEach((r, i) => {
		const mine = at5000(r);
		const theirs = at5000(ref);
		const compared =
			mine && theirs
				? `; at 5,000: p99 ${ratio(mine.p99, theirs.p99)}×, cpu ${ratio(mine.cpu, theirs.cpu)}× the reference's`
				: '';
		console.log(`capacity ${label(ours[i]!).padEnd(20)} ${best(r)}${compared}`);
	});
}

if (parts.includes('storm')) {
	const clients = Number(process.env.BENCH_STORM ?? 2000);
	console.log(`\nreconnect storm: ${clients} clients, server killed and restarted`);
	for (const target of [reference, ...ours]) {
		const r = await stormRun(target, clients, STORM_DEADLINE_MS);
		const complete = r.synced === r.clients && r.converged === r.boards;
		console.log(
			`${label(target).padEnd(20)} ${complete ? 'all synced and converged' : 'INCOMPLETE'} ` +
				`${(r.totalMs / 1000).toFixed(2)} s after the crash (listening after ` +
				`${(r.restartMs / 1000).toFixed(2)} s): ${r.synced}/${r.clients} clients synced, ` +
				`${r.converged}/${r.boards} boards converged`
		);
	}
}

if (parts.includes('cold')) {
	const count = Number(process.env.BENCH_COLD ?? 5000);
	console.log(`\ncold load: a board whose log holds ${count} updates`);
	for (const storage of storages) {
		const r = await coldLoad(storage, count);
		console.log(
			`atelier ${storage.padEnd(11)} first ${r.firstMs.toFixed(1)} ms, then median ${r.medianMs.toFixed(1)} ms (storage read ${r.readMs.toFixed(1)} ms); compacted ${r.compactedMs.toFixed(1)} ms`
		);
	}
}

console.log(
	`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${load()}`
);
process.exit(0);
