import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardOver } from '../helpers/boards.ts';
import { demoBilanId, loginDemoAccounts, type DemoAccount } from '../helpers/http.ts';
import { IMAGES, pngClaiming } from '../helpers/images.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const MAX_BYTES = 64 * 1024;
const BOARD_QUOTA = 128 * 1024;
const USER_QUOTA = 160 * 1024;
const { png: PNG, jpeg: JPEG, gif: GIF, webpLossy: WEBP } = IMAGES;

/** Images of canvas boards against the built app (`npm run build` first), on the demo data. */
describe('board assets API against a real server', () => {
	let server: TestServer;
	const cookies = {} as Record<DemoAccount, string>;
	let canvasId: string;
	let valuesId: string;

	let bilanId: string;
	/** A new board of `kind` in Bruno's bilan, made by the consultant. */
	const create = (kind: string) => createBoardOver(server.url, cookies.consultante, bilanId, kind);

	beforeAll(async () => {
		server = await startServer({
			DATABASE_URL: '',
			REDIS_URL: '',
			ATELIER_ASSET_MAX_BYTES: String(MAX_BYTES),
			ATELIER_ASSET_BOARD_QUOTA_BYTES: String(BOARD_QUOTA),
			ATELIER_ASSET_USER_QUOTA_BYTES: String(USER_QUOTA)
		});
		Object.assign(cookies, await loginDemoAccounts(server.url));
		bilanId = await demoBilanId(server.url, cookies.consultante);
		canvasId = await create('canvas');
		valuesId = await create('values');
	});
	afterAll(() => server.stop());

	function upload(
		account: DemoAccount,
		bytes: Uint8Array,
		options: { type?: string; boardId?: string; name?: string } = {}
	) {
		const body = new FormData();
		body.set(
			'file',
			new Blob([bytes as Uint8Array<ArrayBuffer>], { type: options.type ?? 'image/png' }),
			options.name ?? 'photo.png'
		);
		return fetch(`${server.url}/api/v1/boards/${options.boardId ?? canvasId}/assets`, {
			method: 'POST',
			headers: { cookie: cookies[account], origin: server.url },
			body
		});
	}

	it('stores an image and serves it back privately, with its real type', async () => {
		const response = await upload('beneficiaire', PNG);
		expect(response.status).toBe(201);
		const { asset } = await response.json();
		expect(asset).toEqual({
			id: expect.any(String),
			mime: 'image/png',
			size: PNG.length,
			url: `/api/v1/boards/${canvasId}/assets/${asset.id}`
		});
		for (const account of ['consultante', 'beneficiaire'] as const) {
			const image = await fetch(`${server.url}${asset.url}`, {
				headers: { cookie: cookies[account] }
			});
			expect(image.status).toBe(200);
			expect(image.headers.get('content-type')).toBe('image/png');
			expect(image.headers.get('cache-control')).toMatch(/^private/);
			expect(image.headers.get('x-content-type-options')).toBe('nosniff');
			expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
			// Known to the browser: a 304, still after the permission check.
			const again = await fetch(`${server.url}${asset.url}`, {
				headers: { cookie: cookies[account], 'if-none-match': image.headers.get('etag')! }
			});
			expect(again.status).toBe(304);
		}
	});

	it('tells the type from the bytes, not from what the client declares', async () => {
		for (const [bytes, mime] of [
			[JPEG, 'image/jpeg'],
			[GIF, 'image/gif'],
			[WEBP, 'image/webp']
		] as const) {
			const response = await upload('consultante', bytes, { type: 'application/octet-stream' });
			expect(response.status).toBe(201);
			expect((await response.json()).asset.mime).toBe(mime);
		}
		const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
		const disguised = await upload('consultante', html, { type: 'image/png', name: 'x.png' });
		expect(disguised.status).toBe(415);
		expect((await disguised.json()).error).toMatch(/PNG, JPEG, GIF ou WebP/);
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
		expect((await upload('consultante', svg, { type: 'image/svg+xml' })).status).toBe(415);
	});

	it('refuses an image over ATELIER_ASSET_MAX_BYTES with 413', async () => {
		const big = new Uint8Array(MAX_BYTES + 1);
		big.set(PNG);
		const response = await upload('consultante', big);
		expect(response.status).toBe(413);
		expect((await response.json()).error).toMatch(/trop lourde/);
		// Far beyond the limit: refused from the announced length alone. Only the headers are
		// sent; the answer must come without the body (which fetch would still be writing while
		// the server closes the connection).
		const status = await new Promise<number>((resolve, reject) => {
			const headersOnly = request(`${server.url}/api/v1/boards/${canvasId}/assets`, {
				method: 'POST',
				headers: {
					cookie: cookies.consultante,
					origin: server.url,
					'content-type': 'multipart/form-data; boundary=atelier',
					'content-length': String(MAX_BYTES * 4)
				}
			});
			headersOnly.once('response', (response) => {
				resolve(response.statusCode ?? 0);
				headersOnly.destroy();
			});
			headersOnly.once('error', reject);
			headersOnly.flushHeaders();
		});
		expect(status).toBe(413);
	});

	it('keeps images to the people of the board', async () => {
		const { asset } = await (await upload('consultante', PNG)).json();
		for (const account of ['beneficiaire2', 'admin'] as const) {
			expect([403, 404]).toContain((await upload(account, PNG)).status);
			const read = await fetch(`${server.url}${asset.url}`, {
				headers: { cookie: cookies[account] }
			});
			expect([403, 404]).toContain(read.status);
			expect(read.headers.get('content-type')).toMatch(/^application\/json/);
		}
		const anonymous = await fetch(`${server.url}${asset.url}`);
		expect(anonymous.status).toBe(401);
		// Another board's id in the address does not reach the image.
		const elsewhere = await fetch(`${server.url}/api/v1/boards/${valuesId}/assets/${asset.id}`, {
			headers: { cookie: cookies.consultante }
		});
		expect(elsewhere.status).toBe(404);
		const unknown = await fetch(
			`${server.url}/api/v1/boards/${canvasId}/assets/${crypto.randomUUID()}`,
			{ headers: { cookie: cookies.consultante } }
		);
		expect(unknown.status).toBe(404);
	});

	it('accepts images on canvas boards only, and only as multipart', async () => {
		const response = await upload('consultante', PNG, { boardId: valuesId });
		expect(response.status).toBe(400);
		const json = await fetch(`${server.url}/api/v1/boards/${canvasId}/assets`, {
			method: 'POST',
			headers: {
				cookie: cookies.consultante,
				origin: server.url,
				'content-type': 'application/json'
			},
			body: '{}'
		});
		expect(json.status).toBe(400);
	});

	it('refuses an image whose header claims absurd dimensions, or cannot be read', async () => {
		const huge = await upload('consultante', pngClaiming(100_000, 100_000));
		expect(huge.status).toBe(422);
		expect((await huge.json()).error).toMatch(
			/^Cette image est trop grande : 100\s000 × 100\s000 pixels, pour 16\s384 pixels de côté et 40 millions de pixels au plus\./
		);
		// Few pixels, but one side beyond what a browser draws.
		expect((await upload('consultante', pngClaiming(20_000, 10))).status).toBe(422);
		const cut = await upload('consultante', JPEG.subarray(0, 100), { type: 'image/jpeg' });
		expect(cut.status).toBe(400);
		expect((await cut.json()).error).toMatch(/illisible/);
	});

	it('keeps each board and each person within their image quotas', async () => {
		const image = () => pngClaiming(100, 100, 48 * 1024);
		const full = await create('canvas');
		for (let i = 0; i < 2; i++) {
			expect((await upload('consultante', image(), { boardId: full })).status).toBe(201);
		}
		const overBoard = await upload('consultante', image(), { boardId: full });
		expect(overBoard.status).toBe(413);
		expect((await overBoard.json()).error).toMatch(/^Ce tableau contient déjà .* Mo d’images/);

		// Another board has room, but the consultant has used up her own share.
		const other = await create('canvas');
		expect((await upload('consultante', image(), { boardId: other })).status).toBe(201);
		const overUser = await upload('consultante', image(), { boardId: other });
		expect(overUser.status).toBe(413);
		expect((await overUser.json()).error).toMatch(/^Vous avez déjà ajouté .* Mo d’images/);
		// The beneficiary has her own.
		expect((await upload('beneficiaire', image(), { boardId: other })).status).toBe(201);
	});
});
