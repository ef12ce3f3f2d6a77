import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAccounts, originOf, type DemoAccount } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { METIER_REQUESTS_BURST } from '../../src/lib/server/metiers.service.ts';

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

	it('shows the fiche and the search as pages, with the source; within a bilan, adds a piste', async () => {
		const page = async (path: string, account: DemoAccount) => {
			const response = await fetch(`${server.url}${path}`, {
				headers: { cookie: cookies[account] }
			});
			return { status: response.status, html: await response.text() };
		};
		// The main navigation leads to the explorer, for those who work on bilans only.
		const navLink = /<a href="\.?\/metiers"[^>]*>Métiers<\/a>/;
		expect((await page('/', 'beneficiaire')).html).toMatch(navLink);
		expect((await page('/', 'consultante')).html).toMatch(navLink);
		expect((await page('/', 'admin')).html).not.toMatch(navLink);
		const fiche = await page('/metiers/D1102', 'beneficiaire');
		expect(fiche.status).toBe(200);
		expect(fiche.html).toContain('Boulanger / Boulangère');
		expect(fiche.html).toContain('Source : France Travail, ROME 4.0 (v4.60)');
		const search = await page('/metiers?q=boulangere', 'beneficiaire');
		expect(search.html).toContain('/metiers/D1102');
		expect(search.html).toContain('Source : France Travail, ROME 4.0 (v4.60)');
		expect((await page('/metiers/A9999', 'beneficiaire')).status).toBe(404);

		const [bilan] = (await get('/bilans', 'beneficiaire')).body.bilans as { id: string }[];
		const origin = { origin: originOf(server.url) };
		const created = await fetch(`${server.url}/api/v1/bilans/${bilan!.id}/boards`, {
			method: 'POST',
			headers: { cookie: cookies.beneficiaire, 'content-type': 'application/json', ...origin },
			body: JSON.stringify({ kind: 'action-plan', title: 'Plan métiers' })
		});
		const { board } = (await created.json()) as { board: { id: string } };
		const inBilan = `/bilans/${bilan!.id}/metiers/J1506`;
		expect((await page(inBilan, 'beneficiaire')).html).toContain('Ajouter comme piste');
		// An admin sees the bilan, never its boards: the fiche without the button.
		const admin = await page(inBilan, 'admin');
		expect(admin.status).toBe(200);
		expect(admin.html).not.toContain('Ajouter comme piste');

		const added = await fetch(`${server.url}${inBilan}?/piste`, {
			method: 'POST',
			headers: { cookie: cookies.beneficiaire, 'x-sveltekit-action': 'true', ...origin },
			body: new URLSearchParams({ board: board.id })
		});
		expect((await added.json()).type).toBe('success');
		const snapshot = await fetch(`${server.url}/api/v1/boards/${board.id}/snapshots`, {
			method: 'POST',
			headers: { cookie: cookies.beneficiaire, ...origin }
		});
		const { snapshot: taken } = (await snapshot.json()) as { snapshot: { id: string } };
		const read = await get(`/boards/${board.id}/snapshots/${taken.id}`, 'beneficiaire');
		expect(read.body.snapshot.summary.pistes[0].metier).toEqual({
			code: 'J1506',
			libelle: 'Infirmier / Infirmière en soins généraux (IDE)'
		});
	});

	// Last: it empties one person's bucket, which refills only slowly.
	it('answers 429 in French to a person asking too fast, and only to that person', async () => {
		let refused: { status: number; body: { error?: string } } | null = null;
		for (let sent = 0; sent < METIER_REQUESTS_BURST * 3 && !refused; sent++) {
			const answer = await get('/metiers?q=boulanger&limit=1', 'consultante');
			if (answer.status !== 200) refused = answer;
		}
		expect(refused).toEqual({
			status: 429,
			body: { error: expect.stringMatching(/^Trop de recherches de métiers .*patientez/) }
		});
		expect((await get('/metiers/D1102', 'beneficiaire')).status).toBe(200);
	});
});
