import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, loginDemoAccounts, originOf, type DemoAccount } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** The JSON API v1 of the built app, on the seeded demo organisation (`npm run build` first). */
describe('JSON API v1 against a real server', () => {
	let server: TestServer;
	const cookies = {} as Record<DemoAccount, string>;

	beforeAll(async () => {
		// The demo is seeded into the embedded database only: force it even when DATABASE_URL is set.
		server = await startServer({ DATABASE_URL: '' });
		Object.assign(cookies, await loginDemoAccounts(server.url));
	});
	afterAll(() => server.stop());

	async function get(path: string, account?: DemoAccount) {
		const response = await fetch(`${server.url}/api/v1${path}`, {
			headers: account ? { cookie: cookies[account] } : {}
		});
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		return { status: response.status, headers: response.headers, body: await response.json() };
	}

	async function idsOf(account: DemoAccount): Promise<Record<string, string>> {
		const { body } = await get('/bilans', account);
		return Object.fromEntries(
			body.bilans.map((b: { id: string; beneficiary: { name: string } }) => [
				b.beneficiary.name,
				b.id
			])
		);
	}

	it('answers 401 in JSON without a session, or with a forged one', async () => {
		for (const path of ['/me', '/bilans', `/bilans/${crypto.randomUUID()}`]) {
			const { status, body } = await get(path);
			expect(status).toBe(401);
			expect(body).toEqual({ error: expect.stringMatching(/connecté/) });
		}
		const forged = await fetch(`${server.url}/api/v1/me`, {
			headers: { cookie: 'atelier_session=abc.def' }
		});
		expect(forged.status).toBe(401);
	});

	it('describes the signed-in person, with their organisation', async () => {
		const expected: Record<DemoAccount, string> = {
			admin: 'admin',
			consultante: 'consultant',
			beneficiaire: 'beneficiary',
			beneficiaire2: 'beneficiary'
		};
		for (const account of Object.keys(DEMO_ACCOUNTS) as DemoAccount[]) {
			const { status, body, headers } = await get('/me', account);
			expect(status).toBe(200);
			expect(headers.get('cache-control')).toBe('no-store');
			expect(body).toEqual({
				id: expect.any(String),
				name: expect.any(String),
				email: DEMO_ACCOUNTS[account],
				role: expected[account],
				organisation: { id: expect.any(String), name: 'Cabinet Horizons (démo)' }
			});
		}
		expect((await get('/me', 'beneficiaire')).body.name).toBe('Bruno Bénéficiaire');
	});

	it('lists to each person exactly the bilans they may see', async () => {
		const phases = async (account: DemoAccount) =>
			(await get('/bilans', account)).body.bilans.map((b: { phase: string }) => b.phase).sort();
		expect(await phases('beneficiaire')).toEqual(['investigation']);
		expect(await phases('beneficiaire2')).toEqual(['conclusion']);
		expect(await phases('consultante')).toEqual(['conclusion', 'investigation']);
		expect(await phases('admin')).toEqual(['conclusion', 'investigation']);
		const [mine] = (await get('/bilans', 'beneficiaire')).body.bilans;
		expect(mine).toMatchObject({
			beneficiary: { name: 'Bruno Bénéficiaire' },
			consultant: { name: 'Claire Consultante' },
			funding: 'cpf',
			format: 'hybride',
			startDate: '2026-10-05',
			hours: { plannedMinutes: 1440, usedMinutes: 300, status: 'ok' }
		});
		expect((await get('/bilans?phase=conclusion', 'admin')).body.bilans).toHaveLength(1);
		const badFilter = await get('/bilans?phase=vacances', 'admin');
		expect(badFilter.status).toBe(400);
		expect(badFilter.body.error).toBe('Cette phase n’existe pas.');
	});

	it('gives a bilan with its rendez-vous and hours to those who may see it', async () => {
		const ids = await idsOf('consultante');
		const { status, body } = await get(`/bilans/${ids['Bruno Bénéficiaire']}`, 'beneficiaire');
		expect(status).toBe(200);
		expect(body.bilan.id).toBe(ids['Bruno Bénéficiaire']);
		expect(body.bilan.hours).toEqual({ plannedMinutes: 1440, usedMinutes: 300, status: 'ok' });
		expect(body.bilan.rendezVous).toEqual([
			{
				id: expect.any(String),
				startsAt: '2026-10-05T07:00:00.000Z',
				durationMinutes: 120,
				mode: 'presentiel',
				phase: 'preliminaire',
				endedAt: null
			},
			{
				id: expect.any(String),
				startsAt: '2026-10-19T12:00:00.000Z',
				durationMinutes: 180,
				mode: 'distanciel',
				phase: 'investigation',
				endedAt: null
			}
		]);
		expect(body.bilan.boards).toEqual([]);
		expect((await get(`/bilans/${ids['Nadia Bénéficiaire']}`, 'consultante')).status).toBe(200);
	});

	it('shows an admin the metadata only, field by field', async () => {
		const ids = await idsOf('admin');
		const { status, body } = await get(`/bilans/${ids['Nadia Bénéficiaire']}`, 'admin');
		expect(status).toBe(200);
		expect(Object.keys(body.bilan).sort()).toEqual(
			[
				'id',
				'organisationId',
				'beneficiary',
				'consultant',
				'phase',
				'funding',
				'format',
				'startDate',
				'endDate',
				'hours',
				'nextRendezVousAt',
				'createdAt',
				'updatedAt',
				'rendezVous',
				'workingTime',
				'employerAgreement',
				'testResults'
			].sort()
		);
		// Test results are content: an admin learns how many there are, nothing of them.
		expect(body.bilan.testResults).toEqual({ count: 0, lastRecordedAt: null });
		expect(body.bilan.employerAgreement).toEqual({
			status: 'not_required',
			requestedOn: null,
			grantedOn: null,
			letterAttached: false,
			letter: null
		});
	});

	it('answers 404 for someone else’s bilan, an unknown id and a malformed one, alike', async () => {
		const ids = await idsOf('admin');
		const foreign = await get(`/bilans/${ids['Nadia Bénéficiaire']}`, 'beneficiaire');
		const unknown = await get(`/bilans/${crypto.randomUUID()}`, 'beneficiaire');
		const malformed = await get('/bilans/pas-un-identifiant', 'beneficiaire');
		const injected = await get(`/bilans/${encodeURIComponent("1' or '1'='1")}`, 'beneficiaire');
		for (const answer of [foreign, unknown, malformed, injected]) {
			expect(answer.status).toBe(404);
			expect(answer.body).toEqual({
				error: 'Ce bilan est introuvable, ou vous n’y avez pas accès.'
			});
		}
		expect((await get(`/bilans/${ids['Bruno Bénéficiaire']}`, 'beneficiaire2')).status).toBe(404);
	});

	it('answers unknown API paths in JSON', async () => {
		const { status, body } = await get('/nimporte/quoi', 'admin');
		expect(status).toBe(404);
		expect(body.error).toEqual(expect.any(String));
	});

	it('answers every refusal, on every API route, with an { error } body no cache keeps', async () => {
		const ids = await idsOf('consultante');
		const bilan = ids['Bruno Bénéficiaire']!;
		const nobody = crypto.randomUUID();
		const json = { 'content-type': 'application/json', origin: originOf(server.url) };
		const refusals: [string, string, DemoAccount | null, RequestInit, number][] = [
			['GET', '/me', null, {}, 401],
			['GET', `/bilans/${nobody}`, 'consultante', {}, 404],
			['GET', `/bilans/${nobody}/attendance`, 'consultante', {}, 404],
			['GET', `/bilans/${nobody}/synthese`, 'consultante', {}, 404],
			['POST', `/bilans/${bilan}/boards`, null, { headers: json, body: '{}' }, 401],
			['POST', `/bilans/${bilan}/boards`, 'consultante', { headers: json, body: '{' }, 400],
			[
				'POST',
				`/bilans/${bilan}/boards`,
				'consultante',
				{ headers: json, body: JSON.stringify({ kind: 'nope', title: 'Essai' }) },
				400
			],
			[
				'POST',
				`/bilans/${bilan}/boards`,
				'beneficiaire2',
				{ headers: json, body: JSON.stringify({ kind: 'values', title: 'Essai' }) },
				404
			],
			['GET', `/boards/${nobody}`, 'consultante', {}, 404],
			['GET', `/boards/${nobody}/snapshots`, 'consultante', {}, 404],
			['POST', `/boards/${nobody}/snapshots`, 'consultante', { headers: json, body: '[' }, 400],
			['GET', `/boards/${nobody}/snapshots/${nobody}`, 'consultante', {}, 404],
			['POST', `/boards/${nobody}/assets`, 'consultante', { headers: json, body: '{}' }, 400],
			['GET', `/boards/${nobody}/assets/${nobody}`, 'consultante', {}, 404],
			['GET', `/boards/${nobody}/assets/${nobody}`, null, {}, 401],
			['DELETE', '/nimporte/quoi', 'admin', { headers: json }, 404]
		];
		for (const [method, path, account, init, expected] of refusals) {
			const response = await fetch(`${server.url}/api/v1${path}`, {
				...init,
				method,
				headers: { ...(init.headers as object), ...(account ? { cookie: cookies[account] } : {}) }
			});
			const what = `${method} ${path} as ${account}`;
			expect(response.status, what).toBe(expected);
			expect(response.headers.get('cache-control'), what).toBe('no-store');
			expect(response.headers.get('content-type'), what).toMatch(/^application\/json/);
			expect(await response.json(), what).toEqual(
				expect.objectContaining({ error: expect.any(String) })
			);
		}
	});
});
