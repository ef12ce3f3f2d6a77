import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSectionText } from '../../src/lib/boards/synthese/model.ts';
import { demoBilanId, loginDemoAccounts, postForm, type DemoAccount } from '../helpers/http.ts';
import { pdfText } from '../helpers/pdf.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient } from '../helpers/sync-client.ts';

interface SyntheseJson {
	synthese: {
		board: { id: string; syncPath: string } | null;
		sections: { id: string; label: string; text: string }[] | null;
		canValidate: boolean;
		versions: { version: number; pdfPath: string }[];
	};
}

/** The synthèse pages, API and PDF against the built app (`npm run build` first), demo data. */
describe('document de synthèse against a real server', () => {
	let server: TestServer;
	const cookies = {} as Record<DemoAccount, string>;
	let bilanId: string;

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '' });
		Object.assign(cookies, await loginDemoAccounts(server.url));
		bilanId = await demoBilanId(server.url, cookies.consultante);
	});
	afterAll(() => server.stop());

	const get = (account: DemoAccount, path: string) =>
		fetch(`${server.url}${path}`, { headers: { cookie: cookies[account] }, redirect: 'manual' });
	const api = (account: DemoAccount) => get(account, `/api/v1/bilans/${bilanId}/synthese`);

	it('is written live, validated by the beneficiary alone and downloaded as a PDF', async () => {
		expect((await get('consultante', `/bilans/${bilanId}/synthese`)).status).toBe(200);
		const opened = (await (await api('beneficiaire')).json()) as SyntheseJson;
		expect(opened.synthese.sections?.map((s) => s.id)).toEqual([
			'circonstances',
			'competences',
			'valeurs',
			'projets',
			'etapes'
		]);
		expect(opened.synthese.canValidate).toBe(true);
		const boardId = opened.synthese.board!.id;
		// Its board is reached through the synthèse page only.
		const raw = await get('consultante', `/bilans/${bilanId}/tableaux/${boardId}`);
		expect(raw.status).toBe(303);
		expect(raw.headers.get('location')).toBe(`/bilans/${bilanId}/synthese`);

		// The beneficiary writes through the sync endpoint, like the page does.
		const client = connectClient(server.url, boardId, {
			cookie: cookies.beneficiaire,
			origin: server.url
		});
		try {
			await expect.poll(() => client.provider.synced).toBe(true);
			const acked = client.acks.count;
			setSectionText(client.doc, 'circonstances', 'Reconversion après douze ans en officine.');
			await expect.poll(() => client.acks.count).toBeGreaterThan(acked);
		} finally {
			client.destroy();
		}

		const page = `${server.url}/bilans/${bilanId}/synthese?/validate`;
		const byConsultant = await postForm(page, {}, { cookie: cookies.consultante });
		expect(byConsultant.status).toBe(403);
		const byBeneficiary = await postForm(page, {}, { cookie: cookies.beneficiaire });
		expect(byBeneficiary.status).toBe(200);

		const after = (await (await api('consultante')).json()) as SyntheseJson;
		expect(after.synthese.versions.map((v) => v.version)).toEqual([1]);
		const pdf = await get('beneficiaire', after.synthese.versions[0]!.pdfPath);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"$/);
		expect(pdf.headers.get('cache-control')).toContain('private');
		const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
		expect(text).toContain('Cabinet Horizons (démo)');
		expect(text).toContain('Bruno Bénéficiaire');
		expect(text).toContain('Reconversion après douze ans en officine.');

		// A version is a page of its own too.
		const version = await get('beneficiaire', `/bilans/${bilanId}/synthese/versions/1`);
		expect(await version.text()).toContain('Reconversion après douze ans en officine.');
	});

	it('gives an admin and another beneficiary a 404 everywhere', async () => {
		for (const account of ['admin', 'beneficiaire2'] as const) {
			for (const path of [
				`/bilans/${bilanId}/synthese`,
				`/bilans/${bilanId}/synthese/versions/1`,
				`/bilans/${bilanId}/synthese/versions/1/pdf`,
				`/api/v1/bilans/${bilanId}/synthese`
			]) {
				const response = await get(account, path);
				expect(response.status, `${account} ${path}`).toBe(404);
				expect(await response.text()).not.toContain('Reconversion');
			}
			const validate = await postForm(
				`${server.url}/bilans/${bilanId}/synthese?/validate`,
				{},
				{ cookie: cookies[account] }
			);
			expect(validate.status).toBe(404);
		}
	});
});
