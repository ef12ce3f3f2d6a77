import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBilanId, loginDemoAccounts, postForm, type DemoAccount } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** « Préparer l’enquête métier » as a browser posts it: refused to whoever may not edit the plan. */
describe('the enquête form action of an action plan', () => {
	let server: TestServer;
	let cookies: Record<DemoAccount, string>;
	let plan: string;

	beforeAll(async () => {
		// The demo is seeded into the embedded database only: force it even when DATABASE_URL is set.
		server = await startServer({ DATABASE_URL: '' });
		cookies = await loginDemoAccounts(server.url);
		const bilanId = await demoBilanId(server.url, cookies.consultante, 'Bruno Bénéficiaire');
		const response = await fetch(`${server.url}/api/v1/bilans/${bilanId}/boards`, {
			method: 'POST',
			headers: {
				cookie: cookies.consultante,
				'content-type': 'application/json',
				origin: server.url
			},
			body: JSON.stringify({ kind: 'action-plan', title: 'Plan' })
		});
		const { board } = (await response.json()) as { board: { id: string } };
		plan = `${server.url}/bilans/${bilanId}/tableaux/${board.id}`;
	});
	afterAll(() => server.stop());

	const boardsOf = async (cookie: string) => {
		const response = await fetch(`${plan.replace(/\/tableaux\/.*/, '')}`, { headers: { cookie } });
		return response.text();
	};

	it('answers 404 for a piste the plan does not hold, and for someone else’s plan', async () => {
		for (const who of ['consultante', 'beneficiaire', 'beneficiaire2', 'admin'] as const) {
			const response = await postForm(
				`${plan}?/enquete`,
				{ pisteId: 'piste-inconnue' },
				{
					cookie: cookies[who]
				}
			);
			expect(response.status, who).toBe(404);
		}
		// Nothing was made.
		expect(await boardsOf(cookies.consultante)).not.toContain('Enquête métier —');
	});
});
