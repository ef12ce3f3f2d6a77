/**
 * The plumbing of `bench/sync.ts`: server processes (`sync-server.ts`) on a storage the bench
 * owns, client processes (`sync-clients.ts`), and one measured window of edits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createPostgresDatabase, dropPostgresDatabase } from '../tests/helpers/database.ts';
import { ClientProcess, NODE_ARGS, percentile } from './client-process.ts';
import { cpuSeconds } from './proc.ts';
import type { FromClients, ToClients } from './sync-clients.ts';

export const CLIENT_PROCESSES = 2;

/** Where our server keeps its boards: PGlite in a folder on disk, or a PostgreSQL database. */
export type StorageName = 'PGlite' | 'PostgreSQL';

/** `atelier` on a storage, or the reference (`@y/websocket-server`, memory only). */
export interface Target {
	mode: 'atelier' | 'reference';
	storage?: StorageName;
}

export function label(target: Target): string {
	return target.mode === 'reference' ? '@y/websocket-server' : `atelier ${target.storage}`;
}

export interface Load {
	boards: number;
	clientsPerBoard: number;
	writersPerBoard: number;
	editsPerSecond: number;
}

export interface Measure {
	deliveries: number;
	expected: number;
	p50: number;
	p95: number;
	p99: number;
	/** Writers' edit → ack (ours only), ms. */
	ackP50: number;
	ackP99: number;
	/** Server process CPU over the measured window, in % of one core. */
	cpu: number;
	/** Worst lateness of the client processes' timers (their own lag), ms. */
	clientLagMs: number;
	unexpectedCloses: number;
	server: ServerStats;
}

/** What the server process saw in the measured window (`GET /bench-stats`). */
export interface ServerStats {
	loopP99Ms: number;
	loopMaxMs: number;
	commits: number;
	updates: number;
	commitMs: number;
}

export interface BenchServer {
	child: ChildProcess;
	port: number;
	boards: string[];
	headers: Record<string, string>;
	target: Target;
	/** The storage's environment for the server process, and its removal. */
	storage: { env: Record<string, string>; dispose(): Promise<void> };
}

/** A fresh storage the bench owns (so that a restarted server finds its boards). */
async function ownStorage(target: Target): Promise<BenchServer['storage']> {
	if (target.storage === 'PostgreSQL') {
		const url = await createPostgresDatabase();
		return { env: { BENCH_DATABASE_URL: url }, dispose: () => dropPostgresDatabase(url) };
	}
	const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-'));
	return {
		env: { BENCH_DATA_DIR: dir },
		dispose: async () => rmSync(dir, { recursive: true, force: true })
	};
}

function spawnServer(
	target: Target,
	args: string[],
	env: Record<string, string>
): Promise<{ child: ChildProcess; info: Omit<BenchServer, 'child' | 'target' | 'storage'> }> {
	// BENCH_SERVER_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the server processes.
	const extra = process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
	const child = spawn(
		process.execPath,
		[...NODE_ARGS, ...extra, 'bench/sync-server.ts', target.mode, ...args],
		{ stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } }
	);
	const lines = createInterface({ input: child.stdout! });
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`${label(target)} server exited (${code})`)));
		lines.on('line', (line) => {
			if (line.startsWith('{"port"')) resolve({ child, info: JSON.parse(line) });
		});
	});
}

export async function startServer(target: Target, boards: number): Promise<BenchServer> {
	const storage =
		target.mode === 'atelier' ? await ownStorage(target) : { env: {}, dispose: async () => {} };
	const { child, info } = await spawnServer(target, [String(boards)], storage.env);
	return { child, target, storage, ...info };
}

/** A crash (SIGKILL), then the same server again on the same port and storage. */
export async function crashAndRestart(server: BenchServer): Promise<void> {
	const exited = new Promise((resolve) => server.child.once('exit', resolve));
	server.child.kill('SIGKILL');
	await exited;
	const args = [String(server.boards.length), String(server.port), 'restart'];
	server.child = (await spawnServer(server.target, args, server.storage.env)).child;
}

export async function stopServer(server: BenchServer): Promise<void> {
	const exited = new Promise((resolve) => server.child.once('exit', resolve));
	server.child.kill('SIGTERM');
	await exited;
	await server.storage.dispose();
}

async function serverStats(server: BenchServer): Promise<ServerStats> {
	const response = await fetch(`http://127.0.0.1:${server.port}/bench-stats`);
	return (await response.json()) as ServerStats;
}

export type Clients = ClientProcess<ToClients, FromClients>;

export function clientProcesses(): Clients[] {
	return Array.from(
		{ length: CLIENT_PROCESSES },
		(): Clients => new ClientProcess('bench/sync-clients.ts')
	);
}

/** Lets a client process close its sockets, then ends it. */
export async function closeClients(clients: Clients): Promise<void> {
	await clients.request({ type: 'close' }, 'closed');
	clients.child.kill();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects `boards` (split across the client processes) to the server. */
export async function connect(
	server: BenchServer,
	processes: Clients[],
	boards: string[],
	load: Load,
	keep = false
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
					concurrency: 50,
					acks: server.target.mode === 'atelier',
					keep
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
export async function measure(
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
	const acks = replies.flatMap((r) => r.ackLatencies).sort((a, b) => a - b);
	const edits = replies.reduce((n, r) => n + r.edits, 0);
	return {
		deliveries: latencies.length,
		expected: edits * (load.clientsPerBoard - 1),
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		p99: percentile(latencies, 99),
		ackP50: percentile(acks, 50),
		ackP99: percentile(acks, 99),
		cpu,
		clientLagMs: Math.max(...replies.map((r) => r.lateMs)),
		unexpectedCloses: replies.reduce((n, r) => n + r.unexpectedCloses, 0),
		server: stats
	};
}
