import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAccounts, type DemoAccount } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** `GET /api/v1/metiers` and `/api/v1/metiers/:code` on the built app (`npm run build` first). */
describe('métiers API against a real server', () => {
	let server: TestServer;
	const cookies = {} as Record<DemoAccount, string>;

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '' });
		Object.assign(cookies, await loginDemoAccounts(server.url));
	});
	afterAll(() => server.stop());

	async function get(path: string, account?: DemoAccount) {
		const response = await fetch(`${server.url}/api/v1${path}`, {
			headers: account ? { cookie: cookies[account] } : {}
		});
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		return { status: response.status, body: await response.json() };
	}

	it('answers 401 without a session', async () => {
		for (const path of ['/metiers?q=boulanger', '/metiers/D1102']) {
			expect((await get(path)).status).toBe(401);
		}
	});

	it('searches, best first, with the attribution', async () => {
		const { status, body } = await get(
			`/metiers?q=${encodeURIComponent('infirmière militaire')}`,
			'beneficiaire'
		);
		expect(status).toBe(200);
		expect(body.source).toBe('Source : France Travail, ROME 4.0 (v4.60)');
		expect(body.metiers[0]).toEqual({
			code: 'J1506',
			libelle: 'Infirmier / Infirmière en soins généraux (IDE)',
			appellation: 'Infirmier / Infirmière militaire'
		});
		const suggested = await get('/metiers?centres=1,2&limit=5', 'consultante');
		expect(suggested.status).toBe(200);
		expect(suggested.body.metiers).toHaveLength(5);
	});

	it('refuses what it cannot answer: 400 malformed, 404 unknown', async () => {
		expect((await get(`/metiers?q=${'a'.repeat(101)}`, 'admin')).status).toBe(400);
		expect((await get('/metiers', 'admin')).status).toBe(400);
		expect((await get('/metiers?q=a&centres=1', 'admin')).status).toBe(400);
		expect((await get('/metiers/j15', 'admin')).body).toEqual({ error: expect.any(String) });
		expect((await get('/metiers/j15', 'admin')).status).toBe(400);
		expect((await get('/metiers/A9999', 'admin')).status).toBe(404);
	});

	it('gives the fiche of a code', async () => {
		const { status, body } = await get('/metiers/D1102', 'beneficiaire');
		expect(status).toBe(200);
		expect(body.metier).toMatchObject({
			code: 'D1102',
			libelle: 'Boulanger / Boulangère',
			definition: expect.arrayContaining([expect.any(String)]),
			mobilites: expect.arrayContaining([{ code: expect.any(String), libelle: expect.any(String) }])
		});
		expect(body.source).toMatch(/ROME 4\.0/);
	});
});
