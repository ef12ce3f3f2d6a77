import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	demoBilanId,
	loginDemoAccounts,
	originOf,
	postForm,
	type DemoAccount
} from '../helpers/http.ts';
import { IMAGES } from '../helpers/images.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * Issue 15's record against the built app (`npm run build` first) and its demo cohort (Claire
 * facilitates, Bruno and Nadia take part, four group séances in November 2026): a cohort's board
 * has no snapshots, comments, images, history nor bilan page — every such path answers 404, even
 * to its owner and the facilitator; the attendance sheet and the ZIP of one's copies are kept to
 * whom they belong.
 */
describe('a cohort’s record over HTTP', () => {
	let server: TestServer;
	let cookies: Record<DemoAccount, string>;
	let cohortId: string;
	let seanceDay: string;
	let copyOfBruno: string;
	let brunoBilan: string;

	const get = (path: string, who: DemoAccount, init: RequestInit = {}) =>
		fetch(`${server.url}${path}`, {
			redirect: 'manual',
			...init,
			headers: { cookie: cookies[who], origin: originOf(server.url), ...init.headers }
		});

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '' });
		cookies = await loginDemoAccounts(server.url);
		const list = await (await get('/api/v1/cohorts', 'consultante')).json();
		cohortId = list.cohorts[0].id;
		const cohort = (await (await get(`/api/v1/cohorts/${cohortId}`, 'beneficiaire')).json()).cohort;
		copyOfBruno = cohort.exercises[0].boardId;
		seanceDay = cohort.seances[0].startsAt.slice(0, 10);
		brunoBilan = await demoBilanId(server.url, cookies.beneficiaire);
	}, 120_000);

	afterAll(() => server?.stop());

	it('answers 404 on every board feature of a private copy, to its owner and the facilitator', async () => {
		const json = { 'content-type': 'application/json' };
		const image = new FormData();
		image.set('file', new Blob([IMAGES.png as BlobPart], { type: 'image/png' }), 'a.png');
		const board = `/api/v1/boards/${copyOfBruno}`;
		const paths: [string, RequestInit][] = [
			[board, {}],
			[`${board}/snapshots`, {}],
			[`${board}/snapshots`, { method: 'POST', headers: json, body: '{"label":"x"}' }],
			[`${board}/comments`, {}],
			[`${board}/comments`, { method: 'POST', headers: json, body: '{"body":"Bonjour"}' }],
			[`${board}/assets`, { method: 'POST', body: image }],
			[`${board}/assets/${crypto.randomUUID()}`, {}],
			[`${board}/seen`, { method: 'POST' }],
			[`/api/v1/bilans/${brunoBilan}/boards/${copyOfBruno}`, { method: 'DELETE' }],
			[`/bilans/${brunoBilan}/tableaux/${copyOfBruno}`, {}],
			[`/bilans/${brunoBilan}/tableaux/${copyOfBruno}/comparer`, {}]
		];
		for (const who of ['beneficiaire', 'consultante'] as const) {
			const statuses: Record<string, number> = {};
			for (const [path, init] of paths) {
				statuses[`${init.method ?? 'GET'} ${path}`] = (await get(path, who, init)).status;
			}
			expect(
				Object.values(statuses).every((status) => status === 404),
				JSON.stringify(statuses)
			).toBe(true);
		}
		// The copy itself still opens on its cohort page.
		expect(
			(await get(`/cohortes/${cohortId}/tableaux/${copyOfBruno}`, 'beneficiaire')).status
		).toBe(200);
	});

	it('keeps the attendance sheet: each signs their own, the facilitator and admin read and export it', async () => {
		const seance = (await (await get(`/api/v1/cohorts/${cohortId}`, 'beneficiaire')).json()).cohort
			.seances[0].id;
		const signed = await postForm(
			`${server.url}/cohortes/${cohortId}?/sign`,
			{ cohortSeanceId: seance, day: seanceDay, halfDay: 'matin', confirm: 'on' },
			{ cookie: cookies.beneficiaire }
		);
		expect(signed.status).toBe(200);
		expect(await signed.text()).toContain('Signé par Bruno Bénéficiaire');
		const unconfirmed = await postForm(
			`${server.url}/cohortes/${cohortId}?/sign`,
			{ cohortSeanceId: seance, day: seanceDay, halfDay: 'matin' },
			{ cookie: cookies.beneficiaire2 }
		);
		expect(unconfirmed.status).toBe(400);
		expect(await unconfirmed.text()).toContain('Cochez la case pour confirmer votre présence');
		const byAdminSigning = await postForm(
			`${server.url}/cohortes/${cohortId}?/sign`,
			{ cohortSeanceId: seance, day: seanceDay, halfDay: 'matin', confirm: 'on' },
			{ cookie: cookies.admin }
		);
		expect(byAdminSigning.status).toBe(403);

		const csv = `/cohortes/${cohortId}/presence/feuille.csv`;
		const byAdmin = await get(csv, 'admin');
		expect(byAdmin.status).toBe(200);
		expect(byAdmin.headers.get('content-disposition')).toMatch(/attachment/);
		const text = await byAdmin.text();
		// His morning of the first séance carries the time he signed; Nadia's stays unsigned.
		expect(text).toMatch(
			/;02\/11\/2026;Matin;[^\r\n]*;Bruno Bénéficiaire;Participant·e;\d\d\/\d\d\/\d{4} \d\d:\d\d\r\n/
		);
		expect(text).toMatch(/;02\/11\/2026;Matin;[^\r\n]*;Nadia Bénéficiaire;Participant·e;non signé/);
		expect(text).not.toContain('Mes valeurs');
		expect((await get(csv, 'consultante')).status).toBe(200);
		expect((await get(csv, 'beneficiaire')).status).toBe(403);
		expect((await get(`/cohortes/${cohortId}/presence/feuille.pdf`, 'admin')).status).toBe(200);

		// Nadia's page shows her own line only: not Bruno's name nor his signature.
		const nadia = await (await get(`/cohortes/${cohortId}`, 'beneficiaire2')).text();
		expect(nadia).not.toContain('Signé par Bruno');
		const claire = await (await get(`/cohortes/${cohortId}`, 'consultante')).text();
		expect(claire).toContain('Signé par Bruno Bénéficiaire');
	});

	it('gives the ZIP of one’s copies to the participant only', async () => {
		const zip = await get(`/cohortes/${cohortId}/copies`, 'beneficiaire');
		expect(zip.status).toBe(200);
		expect(zip.headers.get('content-type')).toBe('application/zip');
		for (const who of ['consultante', 'admin'] as const) {
			expect((await get(`/cohortes/${cohortId}/copies`, who)).status).toBe(404);
		}
	});
});
