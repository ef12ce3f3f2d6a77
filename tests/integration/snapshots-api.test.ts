import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { summarizeValues } from '../../src/lib/boards/values/model.ts';
import { createBoardOver } from '../helpers/boards.ts';
import { demoBilanId, loginDemoAccounts, type DemoAccount } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** Boards and snapshots in the JSON API v1, against the built app (`npm run build` first). */
describe('boards and snapshots API against a real server', () => {
	let server: TestServer;
	const cookies = {} as Record<DemoAccount, string>;
	let boardId: string;
	let bilanId: string;

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '' });
		Object.assign(cookies, await loginDemoAccounts(server.url));
		bilanId = await demoBilanId(server.url, cookies.consultante);
		boardId = await createBoardOver(server.url, cookies.consultante, bilanId, 'values');
	});
	afterAll(() => server.stop());

	function get(path: string, account?: DemoAccount) {
		return fetch(`${server.url}/api/v1${path}`, {
			headers: account ? { cookie: cookies[account] } : {}
		});
	}

	function post(path: string, account: DemoAccount, body?: string) {
		return fetch(`${server.url}/api/v1${path}`, {
			method: 'POST',
			headers: { cookie: cookies[account], origin: server.url, 'content-type': 'application/json' },
			...(body === undefined ? {} : { body })
		});
	}

	it('GET /boards/:id gives metadata to those who may open the board, 404 to others', async () => {
		const response = await get(`/boards/${boardId}`, 'beneficiaire');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			board: expect.objectContaining({
				id: boardId,
				bilanId,
				kind: 'values',
				title: 'Tableau de test',
				access: 'edit',
				syncPath: `/yjs/${boardId}`
			})
		});
		expect((await get(`/boards/${boardId}`)).status).toBe(401);
		for (const outsider of ['admin', 'beneficiaire2'] as const) {
			const refused = await get(`/boards/${boardId}`, outsider);
			expect(refused.status).toBe(404);
			expect(await refused.json()).toHaveProperty('error');
		}
		expect((await get('/boards/not-a-uuid', 'consultante')).status).toBe(404);
	});

	it('creates, lists and reads snapshots; the state rebuilds the board', async () => {
		const created = await post(
			`/boards/${boardId}/snapshots`,
			'beneficiaire',
			'{"label":" Séance 1 "}'
		);
		expect(created.status).toBe(201);
		const { snapshot } = await created.json();
		expect(snapshot).toMatchObject({
			boardId,
			bilanId,
			kind: 'values',
			label: 'Séance 1',
			trigger: 'manual',
			createdBy: { name: 'Bruno Bénéficiaire' }
		});
		const unnamed = await post(`/boards/${boardId}/snapshots`, 'consultante');
		expect(unnamed.status).toBe(201);
		expect((await unnamed.json()).snapshot.label).toMatch(/^Instantané du /);

		const list = await (await get(`/boards/${boardId}/snapshots`, 'consultante')).json();
		expect(list.snapshots.map((s: { label: string }) => s.label)[1]).toBe('Séance 1');
		expect(list.snapshots[0]).not.toHaveProperty('summary');

		const one = await (
			await get(`/boards/${boardId}/snapshots/${snapshot.id}`, 'beneficiaire')
		).json();
		expect(one.snapshot.summary).toMatchObject({ kind: 'values' });
		expect(one.snapshot).not.toHaveProperty('state');
		const withState = await (
			await get(`/boards/${boardId}/snapshots/${snapshot.id}?state=1`, 'beneficiaire')
		).json();
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Uint8Array.from(Buffer.from(withState.snapshot.state, 'base64')));
		expect(summarizeValues(doc)).toEqual(one.snapshot.summary);
	});

	it('refuses with the same errors as the other endpoints', async () => {
		const { snapshot } = await (await post(`/boards/${boardId}/snapshots`, 'consultante')).json();
		expect((await post(`/boards/${boardId}/snapshots`, 'consultante', '{oops')).status).toBe(400);
		const tooLong = await post(
			`/boards/${boardId}/snapshots`,
			'consultante',
			JSON.stringify({ label: 'x'.repeat(121) })
		);
		expect(tooLong.status).toBe(400);
		expect(await tooLong.json()).toMatchObject({ fields: { label: expect.any(String) } });
		for (const outsider of ['admin', 'beneficiaire2'] as const) {
			expect((await post(`/boards/${boardId}/snapshots`, outsider)).status).toBe(404);
			expect((await get(`/boards/${boardId}/snapshots`, outsider)).status).toBe(404);
			expect((await get(`/boards/${boardId}/snapshots/${snapshot.id}`, outsider)).status).toBe(404);
		}
		const other = await createBoardOver(server.url, cookies.consultante, bilanId, 'ikigai');
		expect((await get(`/boards/${other}/snapshots/${snapshot.id}`, 'consultante')).status).toBe(
			404
		);
		expect((await get(`/boards/${boardId}/snapshots`)).status).toBe(401);
	});
	it('renames a board (both people) and deletes it (the consultant); its snapshots stay', async () => {
		const target = await createBoardOver(server.url, cookies.consultante, bilanId, 'ikigai');
		const send = (method: 'PATCH' | 'DELETE', account: DemoAccount, body?: unknown) =>
			fetch(`${server.url}/api/v1/bilans/${bilanId}/boards/${target}`, {
				method,
				headers: {
					cookie: cookies[account],
					origin: server.url,
					'content-type': 'application/json'
				},
				...(body === undefined ? {} : { body: JSON.stringify(body) })
			});
		const renamed = await send('PATCH', 'beneficiaire', { title: 'Mon ikigai' });
		expect(renamed.status).toBe(200);
		expect(await renamed.json()).toEqual({ board: { id: target, title: 'Mon ikigai' } });
		expect((await send('PATCH', 'consultante', { title: '' })).status).toBe(400);
		expect((await send('PATCH', 'admin', { title: 'Autre' })).status).toBe(404);
		expect((await send('DELETE', 'beneficiaire')).status).toBe(403);
		expect((await send('DELETE', 'beneficiaire2')).status).toBe(404);

		const deleted = await send('DELETE', 'consultante');
		expect(deleted.status).toBe(200);
		const { board } = (await deleted.json()) as { board: { id: string; snapshotId: string } };
		expect(board.id).toBe(target);
		expect((await get(`/boards/${target}`, 'consultante')).status).toBe(404);
		expect((await send('DELETE', 'consultante')).status).toBe(404);
		const listed = await get(`/boards/${target}/snapshots`, 'beneficiaire');
		expect(listed.status).toBe(200);
		expect(JSON.stringify(await listed.json())).toContain(board.snapshotId);
	});
});
