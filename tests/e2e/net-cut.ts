import { createServer, Socket, type Server } from 'node:net';

/** The network between a browser and the app, which a test can cut in the two ways networks fail. */
export interface NetCut {
	/** `http://127.0.0.1:<port>`: give this to the browser instead of the app's URL. */
	url: string;
	port: number;
	/**
	 * Half-open: every connection stays open but nothing goes through anymore, either way (a
	 * Wi-Fi that went away, a sleeping laptop's NAT entry gone). New connections are accepted and
	 * hang the same way.
	 */
	blackhole(): void;
	/** Down: every connection is closed (reset) and new ones are refused. */
	refuse(): void;
	/**
	 * Back: new connections go through again. Connections blackholed before are reset, as the
	 * system would end them some time later: a browser must not reuse one for a page.
	 */
	restore(): void;
	close(): Promise<void>;
}

type Mode = 'pass' | 'blackhole' | 'refuse';

/**
 * A loopback TCP proxy to `target` (the app's port) on `port` (0: any). Raw TCP, so HTTP and
 * WebSocket alike, and the browser's `Host` and `Origin` both name the proxy: the app's Origin
 * check passes as it does for a reverse proxy that keeps the Host header.
 */
export async function startNetCut(target: number, port = 0): Promise<NetCut> {
	let mode: Mode = 'pass';
	const pairs = new Set<{ client: Socket; upstream: Socket }>();

	const server: Server = createServer((client) => {
		if (mode === 'refuse') {
			client.resetAndDestroy();
			return;
		}
		const upstream = new Socket();
		const pair = { client, upstream };
		pairs.add(pair);
		const forget = () => {
			pairs.delete(pair);
			client.destroy();
			upstream.destroy();
		};
		client.on('error', forget).on('close', forget);
		upstream.on('error', forget).on('close', forget);
		upstream.connect(target, '127.0.0.1');
		// Bytes go through only while passing; a blackholed pair swallows them for good.
		const alive = () => mode === 'pass' && !blackholed.has(pair);
		client.on('data', (chunk) => {
			if (alive()) upstream.write(chunk);
		});
		upstream.on('data', (chunk) => {
			if (alive()) client.write(chunk);
		});
		if (mode === 'blackhole') blackholed.add(pair);
	});
	const blackholed = new WeakSet<object>();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('net-cut: no port');

	return {
		url: `http://127.0.0.1:${address.port}`,
		port: address.port,
		blackhole() {
			mode = 'blackhole';
			for (const pair of pairs) blackholed.add(pair);
		},
		refuse() {
			mode = 'refuse';
			for (const pair of pairs) {
				pair.client.resetAndDestroy();
				pair.upstream.destroy();
			}
			pairs.clear();
		},
		restore() {
			mode = 'pass';
			for (const pair of pairs) {
				if (!blackholed.has(pair)) continue;
				pair.client.resetAndDestroy();
				pair.upstream.destroy();
			}
		},
		async close() {
			for (const pair of pairs) {
				pair.client.destroy();
				pair.upstream.destroy();
			}
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
