import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAccounts, originOf, type DemoAccount } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** « Questions et commentaires » through the JSON API v1 of the built app (`npm run build` first). */
describe('comments API against a real server', () => {
	let server: TestServer;
	const cookies = {} as Record<DemoAccount, string>;

	beforeAll(async () => {
		// The demo is seeded into the embedded database only: force it even when DATABASE_URL is set.
		server = await startServer({ DATABASE_URL: '' });
		Object.assign(cookies, await loginDemoAccounts(server.url));
	});
	afterAll(() => server.stop());

	async function call(method: string, path: string, account: DemoAccount, body?: unknown) {
		const response = await fetch(`${server.url}/api/v1${path}`, {
			method,
			headers: {
				cookie: cookies[account],
				origin: originOf(server.url),
				'content-type': 'application/json'
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		expect(response.headers.get('cache-control')).toBe('no-store');
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : null };
	}

	it('lets the bilan’s two people comment, reply and resolve; refuses everyone else', async () => {
		const { body: list } = await call('GET', '/bilans', 'consultante');
		const bilan = list.bilans.find(
			(b: { beneficiary: { name: string } }) => b.beneficiary.name === 'Bruno Bénéficiaire'
		).id;
		const created = await call('POST', `/bilans/${bilan}/boards`, 'consultante', {
			kind: 'values',
			title: 'Valeurs commentées'
		});
		const board = created.body.board.id as string;
		const path = `/boards/${board}/comments`;

		const asked = await call('POST', path, 'beneficiaire', {
			body: 'Et la liberté, @Claire ?',
			itemKey: 'liberte',
			itemLabel: 'Liberté',
			question: true
		});
		expect(asked.status).toBe(201);
		expect(asked.body.comment).toMatchObject({ authorName: 'Bruno Bénéficiaire' });
		const thread = asked.body.comment.id as string;
		expect(
			(await call('POST', path, 'consultante', { body: 'Lundi !', parentId: thread })).status
		).toBe(201);

		const { status, body } = await call('GET', path, 'consultante');
		expect(status).toBe(200);
		expect(body.threads).toEqual([
			expect.objectContaining({
				itemLabel: 'Liberté',
				question: true,
				resolvedAt: null,
				replies: [expect.objectContaining({ body: 'Lundi !', authorName: 'Claire Consultante' })]
			})
		]);

		// An admin, or another bilan's beneficiary: not found, whatever they try.
		for (const account of ['admin', 'beneficiaire2'] as const) {
			for (const [method, target, payload] of [
				['GET', path, undefined],
				['POST', path, { body: 'Vu' }],
				['POST', `${path}/${thread}/resolve`, {}]
			] as const) {
				const refused = await call(method, target, account, payload);
				expect(refused.status, `${method} ${target} as ${account}`).toBe(404);
				expect(refused.body).toEqual({ error: expect.any(String) });
			}
		}
		expect((await call('POST', path, 'beneficiaire', { body: '  ' })).status).toBe(400);

		expect((await call('POST', `${path}/${thread}/resolve`, 'consultante', {})).status).toBe(204);
		const after = await call('GET', path, 'beneficiaire');
		expect(after.body.threads[0].resolvedByName).toBe('Claire Consultante');
		expect(
			(await call('POST', `${path}/${thread}/resolve`, 'beneficiaire', { resolved: false })).status
		).toBe(204);
		expect((await call('GET', path, 'beneficiaire')).body.threads[0].resolvedAt).toBeNull();
	});
});
