import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsHandler, mayReadMetrics } from './metrics-endpoint.ts';

/** `/metrics` behind a real socket on loopback; other paths answer 404 (the app's turn). */
describe('metrics endpoint', () => {
	let server: Server | undefined;
	afterEach(() => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))));

	async function serve(token: string | undefined): Promise<string> {
		const handle = createMetricsHandler(() => 'atelier_sync_connections 3\n', token);
		server = createServer((req, res) => {
			if (!handle(req, res)) res.writeHead(404).end();
		});
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
	}

	it('without a token, answers direct loopback requests only', async () => {
		const url = await serve(undefined);
		const direct = await fetch(`${url}/metrics`);
		expect(direct.status).toBe(200);
		expect(await direct.text()).toBe('atelier_sync_connections 3\n');
		for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
			const proxied = await fetch(`${url}/metrics`, { headers: { [header]: '203.0.113.7' } });
			expect(proxied.status, header).toBe(403);
			expect(await proxied.text()).not.toContain('atelier_sync');
		}
		expect((await fetch(`${url}/other`)).status).toBe(404);
	});

	it('with METRICS_TOKEN, answers the bearer of the token from anywhere', async () => {
		const url = await serve('jeton-secret');
		const remote = { 'x-forwarded-for': '203.0.113.7' };
		const refused = await fetch(`${url}/metrics`, { headers: remote });
		expect(refused.status).toBe(401);
		expect(refused.headers.get('www-authenticate')).toBe('Bearer');
		const wrong = await fetch(`${url}/metrics`, {
			headers: { ...remote, authorization: 'Bearer jeton-faux' }
		});
		expect(wrong.status).toBe(401);
		const right = await fetch(`${url}/metrics`, {
			headers: { ...remote, authorization: 'Bearer jeton-secret' }
		});
		expect(right.status).toBe(200);
		expect(await right.text()).toContain('atelier_sync_connections 3');
		expect((await fetch(`${url}/metrics`)).status).toBe(200);
	});

	it('refuses a peer that is not loopback unless it brings the token', () => {
		const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
			({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;
		expect(mayReadMetrics(request('10.0.0.5'), undefined)).toBe(false);
		expect(mayReadMetrics(request('10.0.0.5'), 't')).toBe(false);
		expect(mayReadMetrics(request('10.0.0.5', { authorization: 'Bearer t' }), 't')).toBe(true);
		expect(mayReadMetrics(request('::1'), undefined)).toBe(true);
		expect(mayReadMetrics(request('::ffff:127.0.0.1'), undefined)).toBe(true);
		expect(mayReadMetrics(request('::ffff:10.0.0.5'), undefined)).toBe(false);
	});
});
