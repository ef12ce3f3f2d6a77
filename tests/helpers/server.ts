import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Migrated and seeded embedded data folder, made once per run by tests/global-setup.ts. */
export const SEEDED_TEMPLATE_DIR = resolve('test-results/pglite-seeded');

/**
 * A new embedded data folder holding the demo organisation: a copy of the seeded template when
 * the global setup made one (fast), else empty (the server then migrates and seeds it itself).
 */
export function newDataDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'atelier-test-'));
	if (existsSync(SEEDED_TEMPLATE_DIR)) cpSync(SEEDED_TEMPLATE_DIR, dir, { recursive: true });
	return dir;
}

/**
 * A real Atelier server process on loopback (the built app: run `npm run build` first), on a free
 * port, with its own embedded data folder unless DATABASE_URL is given.
 */
export interface TestServer {
	url: string;
	port: number;
	process: ChildProcess;
	/** Everything the process printed so far. */
	output(): string;
	/** SIGTERM and wait for the exit. */
	stop(): Promise<void>;
	/** SIGKILL (a crash) and wait for the exit. */
	kill(): Promise<void>;
}

/**
 * Starts the built app of the checkout `cwd` (default: this one; `bench/abuse.ts` starts another
 * commit's worktree) with `env` added to ours.
 */
export async function startServer(
	env: Record<string, string> = {},
	cwd = process.cwd()
): Promise<TestServer> {
	const dataDir = env.ATELIER_DATA_DIR ?? newDataDir();
	const child = spawn(process.execPath, ['--experimental-strip-types', 'server/index.ts'], {
		cwd,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			ATELIER_DATA_DIR: dataDir,
			NODE_ENV: 'production',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const port = await new Promise<number>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /"message":"listening","url":"http:\/\/[^:]+:(\d+)"/.exec(output);
			if (match) resolve(Number(match[1]));
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) =>
			reject(new Error(`server exited (${code}) before listening:\n${output}`))
		);
	});
	const cleanup = () => {
		if (!env.ATELIER_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
	};
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		process: child,
		output: () => output,
		async stop() {
			child.kill('SIGTERM');
			await exited;
			cleanup();
		},
		async kill() {
			child.kill('SIGKILL');
			await exited;
			cleanup();
		}
	};
}
