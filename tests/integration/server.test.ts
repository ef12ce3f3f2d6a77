import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/database.ts';
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
});

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
