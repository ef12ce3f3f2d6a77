import { connect, type Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/database.ts';
import { freePort } from '../helpers/redis.ts';
import { startServer } from '../helpers/server.ts';

describe('the server process', () => {
	it('answers /healthz with the embedded database and stops cleanly on SIGTERM', async () => {
		const server = await startServer();
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ status: 'ok' });
		const exit = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
		await server.stop();
		expect(await exit).toBe(0);
		expect(server.output()).toContain('"message":"stopped"');
	});

	it('holds a request that arrives while it starts, and answers it once ready', async () => {
		const port = await freePort();
		let ready = false;
		const starting = startServer({ PORT: String(port) });
		void starting.then(() => (ready = true));
		// Connected before « listening » (the database still opening): a request then waits.
		const socket = await connectOnceBound(port);
		// Still starting a moment later: the port was taken before the runtime, not as it ended.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(ready).toBe(false);
		socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
		let response = '';
		socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
		await new Promise((resolve) => socket.once('close', resolve));
		expect(response).toMatch(/^HTTP\/1.1 200/);
		expect(ready).toBe(true);
		await (await starting).stop();
	});
});

/** A TCP connection to `port` as soon as something listens there (tried every 10 ms). */
async function connectOnceBound(port: number): Promise<Socket> {
	for (;;) {
		const socket = await new Promise<Socket | null>((resolve) => {
			const attempt = connect(port, '127.0.0.1', () => resolve(attempt));
			attempt.once('error', () => resolve(null));
		});
		if (socket) return socket;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

const withPostgres = process.env.DATABASE_URL ? ['postgres'] : [];

describe.each(withPostgres)('the server process on %s', () => {
	const urls: string[] = [];
	afterAll(async () => {
		for (const url of urls) await dropPostgresDatabase(url);
	});

	it('answers 503 on /healthz once the database is gone, 200 before', async () => {
		const url = await createPostgresDatabase();
		urls.push(url);
		const server = await startServer({ DATABASE_URL: url });
		try {
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
			const name = new URL(url).pathname.slice(1);
			const admin = postgres(process.env.DATABASE_URL!, { max: 1 });
			await admin.unsafe(`alter database ${name} allow_connections false`);
			await admin.unsafe(
				`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`
			);
			await admin.end();
			await expect.poll(async () => (await fetch(`${server.url}/healthz`)).status).toBe(503);
		} finally {
			await server.stop();
		}
	});
});
