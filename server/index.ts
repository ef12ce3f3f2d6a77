/**
 * The production entry: one Node process, one port, serving the SvelteKit app and the realtime
 * endpoints. Start with `npm start` (builds first) or `npm run serve` (uses the existing build).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { bodySizeLimitFor } from '../src/lib/server/asset-limits.ts';
import { loadConfig } from '../src/lib/server/config.ts';
import { log } from '../src/lib/server/log.ts';
import { startRuntime } from './runtime.ts';

const config = loadConfig();
/*
 * Without ORIGIN, adapter-node assumes every request came over https (it expects a TLS proxy),
 * so on plain http its CSRF check refuses every form post and session cookies get `Secure`.
 * This process itself only speaks http: unless the operator configured ORIGIN or a proxy header,
 * tell the handler so through a header of our own that no client can set (we overwrite it).
 */
const PROTOCOL_HEADER = 'x-atelier-protocol';
const ownProtocolHeader = !config.origin && !process.env.PROTOCOL_HEADER;
if (ownProtocolHeader) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
/*
 * An https ORIGIN means a TLS proxy in front (this process speaks http). Unless adapter-node is
 * told which header carries the client's address, every visitor has the proxy's: one address
 * locks everyone out after 30 failed logins (auth/throttle.ts).
 */
if (config.origin?.startsWith('https:') && !process.env.ADDRESS_HEADER) {
	log('ADDRESS_HEADER is not set: behind a proxy every visitor shares its address (see README)', {
		origin: config.origin
	});
}
// adapter-node reads it when the handler loads: canvas images up to their own limit must pass.
process.env.BODY_SIZE_LIMIT ??= String(bodySizeLimitFor(config.assets.maxBytes));
// A computed specifier: the build output is plain JavaScript outside the type-checked sources.
const handlerModule = '../build/handler.js';
/*
 * The port is taken at once, before the database is open: a request or a WebSocket upgrade that
 * arrives meanwhile waits for the runtime instead of being refused. After a restart, the clients
 * reconnecting while the database opens are served as soon as it is ready, not at their next
 * attempt seconds later (their backoff). « listening » is logged once ready.
 */
const starting = (async () => {
	const runtime = await startRuntime(config);
	const { handler } = await import(handlerModule);
	return { runtime, handler: handler as (req: IncomingMessage, res: ServerResponse) => void };
})();
starting.catch((error: unknown) => {
	log('start failed', {
		error: error instanceof Error ? (error.stack ?? error.message) : String(error)
	});
	process.exit(1);
});

const server = createServer((req, res) => {
	void starting.then(({ runtime, handler }) => {
		// Prometheus scrapes and the séance socket.io path: answered here, before the app's guard.
		if (runtime.handleRequest(req, res)) return;
		if (ownProtocolHeader) req.headers[PROTOCOL_HEADER] = 'http';
		handler(req, res);
	});
});
server.on('upgrade', (req, socket, head) => {
	// Node no longer watches an upgraded socket: one that vanishes while it waits must not crash us.
	socket.on('error', () => socket.destroy());
	void starting.then(({ runtime }) => {
		if (!runtime.handleUpgrade(req, socket, head)) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
		}
	});
});

const listening = new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
const { runtime } = await starting;
await listening;
const address = server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
log('listening', { url: `http://${config.host}:${port}`, database: runtime.database.driver });

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
