import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEANCE_PATH, SEANCE_REFUSAL } from '../../src/lib/seance/protocol.ts';
import {
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	demoBilanId,
	login,
	originOf,
	postForm
} from '../helpers/http.ts';
import { connectSeance, type SeanceTestClient } from '../helpers/seance-client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * The séance endpoint as `npm start` serves it: the built app, one node on its embedded
 * database, signed in through the login form, logged out through the logout form.
 */
describe('séances in the built app (one node, PGlite)', () => {
	let server: TestServer;
	const clients: SeanceTestClient[] = [];

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '' });
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await server?.stop();
	});

	function connect(cookie: string, bilanId: string, mode: 'watch' | 'join' = 'join') {
		const client = connectSeance(server.url, {
			headers: { cookie, origin: originOf(server.url) },
			bilanId,
			mode
		});
		clients.push(client);
		return client;
	}

	/** The status of a WebSocket upgrade of `path` refused with plain HTTP. */
	function upgradeStatus(path: string): Promise<number | undefined> {
		return new Promise((resolve, reject) => {
			const req = request(`${server.url}${path}`, {
				headers: {
					connection: 'Upgrade',
					upgrade: 'websocket',
					'sec-websocket-version': '13',
					'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ=='
				}
			});
			req.on('response', (response) => resolve(response.statusCode));
			req.on('upgrade', (_response, socket) => {
				socket.destroy();
				resolve(101);
			});
			req.on('error', reject);
			req.end();
		});
	}

	it('serves séance sockets on the app’s port, over WebSocket only, and leaves other paths alone', async () => {
		const consultante = await login(server.url, DEMO_ACCOUNTS.consultante, DEMO_PASSWORD);
		const bilanId = await demoBilanId(server.url, consultante);
		const page = connect(consultante, bilanId);
		await expect.poll(() => page.all('seance.state').length).toBe(1);
		expect(page.socket.connected).toBe(true);

		const polling = await fetch(`${server.url}${SEANCE_PATH}/?EIO=4&transport=polling`);
		expect(polling.status).toBe(400);
		expect(await upgradeStatus(`${SEANCE_PATH}/?EIO=4&transport=websocket`)).toBe(101);
		expect(await upgradeStatus('/ailleurs')).toBe(404);
	});

	it('ends a session’s séance sockets at logout, not the other sessions’; refuses an admin', async () => {
		const [leaving, staying] = [
			await login(server.url, DEMO_ACCOUNTS.beneficiaire, DEMO_PASSWORD),
			await login(server.url, DEMO_ACCOUNTS.beneficiaire, DEMO_PASSWORD)
		];
		const bilanId = await demoBilanId(server.url, leaving);
		const gone = connect(leaving, bilanId, 'watch');
		const kept = connect(staying, bilanId);
		const admin = connect(await login(server.url, DEMO_ACCOUNTS.admin, DEMO_PASSWORD), bilanId);
		for (const client of [gone, kept]) {
			await expect.poll(() => client.all('seance.state').length).toBe(1);
		}
		await expect.poll(() => admin.refusals).toEqual([SEANCE_REFUSAL.forbidden]);

		expect((await postForm(`${server.url}/logout`, {}, { cookie: leaving })).status).toBe(303);
		await expect.poll(() => gone.disconnects).toEqual(['io server disconnect']);
		expect(kept.socket.connected).toBe(true);
	});
});
