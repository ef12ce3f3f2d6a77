import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradeStatus } from '../helpers/boards.ts';
import {
	cookiesOf,
	loginDemoAccounts,
	originOf,
	postForm,
	type DemoAccount
} from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

type Who = DemoAccount | 'otherConsultant' | 'anonymous';

interface CohortJson {
	id: string;
	exercises: { id: string; boardId?: string | null; copies?: number }[];
	participants: { id: string; name: string }[];
}

/**
 * Issue 15 across pages, the JSON API and the WebSocket upgrade, against the built app
 * (`npm run build` first) and its demo cohort: Claire facilitates, Bruno (A) and Nadia (B) took
 * part. A participant's copy is theirs and the facilitator's only; the admin sees the cohort's
 * metadata, never an exercise nor a copy; a consultant of another cohort, nothing.
 */
describe('a cohort keeps each private copy to its participant and the facilitator', () => {
	let server: TestServer;
	let cookies: Record<Exclude<Who, 'anonymous'>, string>;
	let cohort: CohortJson;
	let copyOfA: string;
	let copyOfB: string;
	let otherCohortId: string;

	const headers = (who: Who): Record<string, string> =>
		who === 'anonymous' ? {} : { cookie: cookies[who] };
	const get = (path: string, who: Who) =>
		fetch(`${server.url}${path}`, { redirect: 'manual', headers: headers(who) });

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '' });
		const demo = await loginDemoAccounts(server.url);
		// A second consultant, invited by the admin, facilitates a cohort of their own.
		const invited = await postForm(
			`${server.url}/equipe?/invite`,
			{ email: 'octave@demo.atelier.fr', name: 'Octave Autre', role: 'consultant' },
			{ cookie: demo.admin }
		);
		const token = /\/invitation\/([a-z0-9]+\.[a-z0-9]+)/.exec(await invited.text())?.[1];
		const accepted = await postForm(`${server.url}/invitation/${token}?/accept`, {
			password: 'un-mot-de-passe-solide',
			confirm: 'un-mot-de-passe-solide'
		});
		cookies = { ...demo, otherConsultant: cookiesOf(accepted) };
		const other = await fetch(`${server.url}/api/v1/cohorts`, {
			method: 'POST',
			headers: {
				...headers('otherConsultant'),
				'content-type': 'application/json',
				origin: originOf(server.url)
			},
			body: JSON.stringify({ name: 'Autre cohorte', startDate: '2026-12-01' })
		});
		expect(other.status).toBe(201);
		otherCohortId = (await other.json()).cohort.id;
		const list = await (await get('/api/v1/cohorts', 'consultante')).json();
		const id = list.cohorts[0].id;
		cohort = (await (await get(`/api/v1/cohorts/${id}`, 'consultante')).json()).cohort;
		const mine = async (who: DemoAccount) =>
			(await (await get(`/api/v1/cohorts/${id}`, who)).json()).cohort.exercises[0].boardId;
		copyOfA = await mine('beneficiaire');
		copyOfB = await mine('beneficiaire2');
	}, 120_000);

	afterAll(() => server?.stop());

	it('answers the API: the cohort to its facilitator and participants, 404 to anyone else', async () => {
		expect(cohort.participants.map((p) => p.name)).toEqual([
			'Bruno Bénéficiaire',
			'Nadia Bénéficiaire'
		]);
		expect(cohort.exercises[0]!.copies).toBe(2);
		expect(copyOfA).toMatch(/^[0-9a-f-]{36}$/);
		expect(copyOfB).not.toBe(copyOfA);
		const path = `/api/v1/cohorts/${cohort.id}`;
		const statuses = await Promise.all(
			(['admin', 'otherConsultant', 'anonymous'] as const).map(async (who) => [
				who,
				(await get(path, who)).status
			])
		);
		expect(Object.fromEntries(statuses)).toEqual({
			admin: 404,
			otherConsultant: 404,
			anonymous: 401
		});
		const otherCohort = await get(`/api/v1/cohorts/${otherCohortId}`, 'beneficiaire');
		expect(otherCohort.status).toBe(404);
		const bad = await fetch(`${server.url}/api/v1/cohorts`, {
			method: 'POST',
			headers: {
				...headers('consultante'),
				'content-type': 'application/json',
				origin: originOf(server.url)
			},
			body: JSON.stringify({ name: '', startDate: 'demain' })
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toEqual(expect.any(String));
		const refused = await fetch(`${server.url}/api/v1/cohorts`, {
			method: 'POST',
			headers: {
				...headers('beneficiaire'),
				'content-type': 'application/json',
				origin: originOf(server.url)
			},
			body: JSON.stringify({ name: 'X', startDate: '2026-12-01' })
		});
		expect(refused.status).toBe(403);
	});

	it('opens A’s copy to A and the facilitator only: page and WebSocket', async () => {
		const page = `/cohortes/${cohort.id}/tableaux/${copyOfA}`;
		const pages: Record<string, number> = {};
		for (const who of [
			'beneficiaire',
			'consultante',
			'beneficiaire2',
			'admin',
			'otherConsultant'
		] as const) {
			pages[who] = (await get(page, who)).status;
		}
		expect(pages).toEqual({
			beneficiaire: 200,
			consultante: 200,
			beneficiaire2: 404,
			admin: 404,
			otherConsultant: 404
		});
		expect((await get(page, 'anonymous')).status).toBe(303);
		const ws: Record<string, number> = {};
		for (const who of ['beneficiaire2', 'admin', 'otherConsultant', 'anonymous'] as const) {
			const origin = originOf(server.url);
			ws[who] = await upgradeStatus(server.url, copyOfA, { ...headers(who), origin });
		}
		expect(ws).toEqual({ beneficiaire2: 403, admin: 403, otherConsultant: 403, anonymous: 401 });
	});

	it('shows the admin the metadata page, never the exercises; the gallery to the facilitator only', async () => {
		const adminPage = await (await get(`/cohortes/${cohort.id}`, 'admin')).text();
		expect(adminPage).toContain('Cohorte de printemps');
		expect(adminPage).not.toContain('Mes valeurs (cohorte)');
		// Names only on the attendance sheet (metadata funders ask for), never a list of people.
		expect(adminPage).not.toContain('a accepté la charte');
		expect(adminPage).toContain('Présence aux séances de groupe');
		expect(adminPage).toContain('Exercices distribués : 1');
		expect((await get(`/cohortes/${cohort.id}`, 'otherConsultant')).status).toBe(404);
		const gallery = `/cohortes/${cohort.id}/exercices/${cohort.exercises[0]!.id}`;
		const galleries: Record<string, number> = {};
		for (const who of ['consultante', 'beneficiaire', 'admin', 'otherConsultant'] as const) {
			galleries[who] = (await get(gallery, who)).status;
		}
		expect(galleries).toEqual({
			consultante: 200,
			beneficiaire: 404,
			admin: 404,
			otherConsultant: 404
		});
	});
});
