import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postForm } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** The bilan pages and their form actions as a browser without JavaScript uses them. */
describe('bilan pages against a real server', () => {
	let server: TestServer;
	let consultante: string;
	let beneficiaire: string;
	let ids: Record<string, string>;

	beforeAll(async () => {
		// The demo is seeded into the embedded database only: force it even when DATABASE_URL is set.
		server = await startServer({ DATABASE_URL: '' });
		consultante = await login(server.url, 'consultante@demo.atelier.fr', 'atelier-demo');
		beneficiaire = await login(server.url, 'beneficiaire@demo.atelier.fr', 'atelier-demo');
		const response = await fetch(`${server.url}/api/v1/bilans`, {
			headers: { cookie: consultante }
		});
		const { bilans } = (await response.json()) as {
			bilans: { id: string; beneficiary: { name: string } }[];
		};
		ids = Object.fromEntries(bilans.map((b) => [b.beneficiary.name, b.id]));
	});
	afterAll(() => server.stop());

	const page = (path: string, cookie?: string) =>
		fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

	it('sends anonymous visitors to the login page', async () => {
		for (const path of ['/', '/bilans', `/bilans/${ids['Bruno Bénéficiaire']}`]) {
			const response = await page(path);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toMatch(/^\/login/);
		}
	});

	it('greets the beneficiary warmly with their bilan', async () => {
		const html = await (await page('/', beneficiaire)).text();
		expect(html).toContain('Bonjour Bruno');
		expect(html).toContain('Vous explorez votre parcours');
		expect(html).toContain('5 h sur 24 h');
		expect(html).not.toContain('Nadia');
	});

	it('shows a French 404 for a bilan that is not theirs, unknown or malformed', async () => {
		for (const id of [ids['Nadia Bénéficiaire'], crypto.randomUUID(), 'pas-un-id']) {
			const response = await page(`/bilans/${id}`, beneficiaire);
			expect(response.status).toBe(404);
			const html = await response.text();
			expect(html).toContain('Ce bilan est introuvable, ou vous n’y avez pas accès.');
			expect(html).not.toContain('Nadia');
		}
	});

	it('keeps what was typed and ties each error to its field when a form is refused', async () => {
		const url = `${server.url}/bilans/${ids['Bruno Bénéficiaire']}?/update`;
		const response = await postForm(
			url,
			{
				funding: 'cpf',
				format: 'hybride',
				startDate: '2026-10-05',
				endDate: '2026-09-01',
				plannedHours: '30'
			},
			{ cookie: consultante }
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('La date de fin doit être le même jour que le début ou après.');
		expect(html).toMatch(
			/<input[^>]*aria-describedby="plannedHours-hint plannedHours-error"[^>]*aria-invalid="true"[^>]*value="30"/
		);
		expect(html).toMatch(/id="plannedHours-error"[^>]*>[^<]*24 heures/);
		const after = await fetch(`${server.url}/api/v1/bilans/${ids['Bruno Bénéficiaire']}`, {
			headers: { cookie: consultante }
		});
		expect((await after.json()).bilan.hours.plannedMinutes).toBe(1440);
	});

	it('lets the consultant log a rendez-vous, and refuses the beneficiary', async () => {
		const url = `${server.url}/bilans/${ids['Nadia Bénéficiaire']}?/rendezvous`;
		const fields = { startsAt: '2026-12-01T10:00', durationMinutes: '90', mode: 'distanciel' };
		const refused = await postForm(
			`${server.url}/bilans/${ids['Bruno Bénéficiaire']}?/rendezvous`,
			fields,
			{ cookie: beneficiaire }
		);
		expect(refused.status).toBe(403);
		const done = await postForm(url, fields, { cookie: consultante });
		expect(done.status).toBe(200);
		expect(await done.text()).toContain('Le rendez-vous a été enregistré.');
		const record = await fetch(`${server.url}/api/v1/bilans/${ids['Nadia Bénéficiaire']}`, {
			headers: { cookie: consultante }
		});
		const { bilan } = await record.json();
		expect(bilan.hours.usedMinutes).toBe(300 + 90);
		expect(bilan.rendezVous.at(-1)).toMatchObject({
			startsAt: '2026-12-01T09:00:00.000Z',
			phase: 'conclusion'
		});
	});
});
