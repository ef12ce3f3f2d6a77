/**
 * `npm run bench:sync`: propagation latency of board edits through our endpoint (durable writes)
 * and through @y/websocket-server 0.1.1 (no persistence), same load, one run. Prints figures.
 *
 *   latency run:  4 boards × 30 clients × 2 edits/s each, 10 s measured after 2 s warm-up
 *   capacity run: 50 boards × 20 clients (1,000 connections) × 0.2 edits/s each
 *
 * Latency = time from a client's edit to its arrival at every other client of the board (clients
 * all run in this process, so one clock); the server runs in its own process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

interface Load {
	boards: number;
	clientsPerBoard: number;
	editsPerSecond: number;
	seconds: number;
}

async function startBench(mode: string, boards: number) {
	const child: ChildProcess = spawn(
		process.execPath,
		['--experimental-strip-types', '--no-warnings', 'bench/sync-server.ts', mode, String(boards)],
		{ stdio: ['ignore', 'pipe', 'inherit'] }
	);
	const lines = createInterface({ input: child.stdout! });
	const info = await new Promise<{
		port: number;
		boards: string[];
		headers: Record<string, string>;
	}>((resolve) =>
		lines.on('line', (line) => {
			if (line.startsWith('{"port"')) resolve(JSON.parse(line));
		})
	);
	return { child, ...info };
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(mode: string, load: Load) {
	const server = await startBench(mode, load.boards);
	const headers = server.headers;
	class BenchSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	const latencies: number[] = [];
	let measuring = false;
	const clients: { doc: Y.Doc; provider: WebsocketProvider }[] = [];
	for (const board of server.boards) {
		for (let c = 0; c < load.clientsPerBoard; c++) {
			const doc = new Y.Doc();
			const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/yjs`, board, doc, {
				WebSocketPolyfill: BenchSocket as unknown as typeof globalThis.WebSocket,
				disableBc: true
			});
			const items = doc.getMap<number>('items');
			items.observe((event) => {
				if (!measuring || event.transaction.local) return;
				const now = performance.now();
				for (const key of event.keysChanged) latencies.push(now - items.get(key)!);
			});
			clients.push({ doc, provider });
		}
	}
	const deadline = Date.now() + 120_000;
	while (!clients.every((c) => c.provider.synced)) {
		if (Date.now() > deadline) throw new Error(`${mode}: clients did not sync`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	let n = 0;
	const timers = clients.map((c, i) =>
		setTimeout(
			() => {
				const interval = setInterval(
					() => c.doc.getMap('items').set(`${i}-${n++}`, performance.now()),
					1000 / load.editsPerSecond
				);
				timers.push(interval as unknown as ReturnType<typeof setTimeout>);
			},
			Math.random() * (1000 / load.editsPerSecond)
		)
	);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	measuring = true;
	await new Promise((resolve) => setTimeout(resolve, load.seconds * 1000));
	measuring = false;
	for (const timer of timers) clearTimeout(timer);
	for (const timer of timers) clearInterval(timer);
	for (const c of clients) c.provider.destroy();
	server.child.kill('SIGTERM');
	await new Promise((resolve) => server.child.once('exit', resolve));
	latencies.sort((a, b) => a - b);
	return {
		deliveries: latencies.length,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		p99: percentile(latencies, 99)
	};
}

function show(name: string, load: Load, ours: Awaited<ReturnType<typeof run>>, ref: typeof ours) {
	const f = (x: number) => x.toFixed(1).padStart(7);
	console.log(
		`\n${name}: ${load.boards} boards × ${load.clientsPerBoard} clients × ${load.editsPerSecond} edits/s, ${load.seconds} s`
	);
	console.log('                      p50 ms   p95 ms   p99 ms   deliveries');
	console.log(
		`atelier (durable)    ${f(ours.p50)}  ${f(ours.p95)}  ${f(ours.p99)}   ${ours.deliveries}`
	);
	console.log(
		`@y/websocket-server  ${f(ref.p50)}  ${f(ref.p95)}  ${f(ref.p99)}   ${ref.deliveries}`
	);
	console.log(`ratio p99 (atelier / reference): ${(ours.p99 / ref.p99).toFixed(2)}`);
}

process.setMaxListeners(5000);
const latency: Load = { boards: 4, clientsPerBoard: 30, editsPerSecond: 2, seconds: 10 };
show('latency', latency, await run('atelier', latency), await run('reference', latency));
const capacity: Load = { boards: 50, clientsPerBoard: 20, editsPerSecond: 0.2, seconds: 10 };
show('capacity', capacity, await run('atelier', capacity), await run('reference', capacity));
process.exit(0);
