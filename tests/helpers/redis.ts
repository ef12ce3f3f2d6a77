import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on loopback (free when asked: the caller binds it right after). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/**
 * A throwaway redis-server of our own (so that stopping it, or reading its whole stream, concerns
 * nobody else); `stop` is a crash (SIGKILL), `start` brings it back on its port, empty.
 */
export function redisProcess(port: number) {
	let child: ChildProcess | undefined;
	return {
		url: `redis://127.0.0.1:${port}`,
		async start() {
			child = spawn(
				'redis-server',
				['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
				{ stdio: ['ignore', 'pipe', 'inherit'] }
			);
			let output = '';
			await new Promise<void>((resolve, reject) => {
				child!.stdout!.on('data', (chunk: Buffer) => {
					output += chunk.toString();
					if (output.includes('Ready to accept connections')) resolve();
				});
				child!.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
			});
		},
		async stop() {
			if (!child || child.exitCode !== null) return;
			const exited = new Promise((resolve) => child!.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
		}
	};
}
