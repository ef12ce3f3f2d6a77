/**
 * The production entry: one Node process, one port, serving the SvelteKit app and the realtime
 * endpoints. Start with `npm start` (builds first) or `npm run serve` (uses the existing build).
 */
import { createServer } from 'node:http';
import { loadConfig } from '../src/lib/server/config.ts';
import { log, startRuntime } from './runtime.ts';

const config = loadConfig();
const runtime = await startRuntime(config);
// A computed specifier: the build output is plain JavaScript outside the type-checked sources.
const handlerModule = '../build/handler.js';
const { handler } = await import(handlerModule);

const server = createServer((req, res) => handler(req, res));
server.on('upgrade', (req, socket, head) => {
	if (!runtime.handleUpgrade(req, socket, head)) {
		socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
	}
});

server.listen(config.port, config.host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	log('listening', { url: `http://${config.host}:${port}`, database: runtime.database.driver });
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	log('shutting down', { signal });
	server.close();
	server.closeIdleConnections();
	const force = setTimeout(() => server.closeAllConnections(), 10_000);
	await new Promise((resolve) => server.once('close', resolve));
	clearTimeout(force);
	await runtime.close();
	log('stopped');
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
