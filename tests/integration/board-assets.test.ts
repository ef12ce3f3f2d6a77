import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBilanId, loginDemoAccounts, type DemoAccount } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const MAX_BYTES = 64 * 1024;

/** A real (1×1) PNG, and the first bytes of the other accepted types. */
const PNG = Uint8Array.from(
	atob(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
	),
	(char) => char.charCodeAt(0)
);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
const WEBP = new TextEncoder().encode('RIFF\x1a\x00\x00\x00WEBPVP8L');

/** Images of canvas boards against the built app (`npm run build` first), on the demo data. */
describe('board assets API against a real server', () => {
	let server: TestServer;
	const cookies = {} as Record<DemoAccount, string>;
	let canvasId: string;
	let valuesId: string;

	beforeAll(async () => {
		server = await startServer({
			DATABASE_URL: '',
			REDIS_URL: '',
			ATELIER_ASSET_MAX_BYTES: String(MAX_BYTES)
		});
		Object.assign(cookies, await loginDemoAccounts(server.url));
		const bilanId = await demoBilanId(server.url, cookies.consultante);
		const create = async (kind: string) => {
			const response = await fetch(`${server.url}/api/v1/bilans/${bilanId}/boards`, {
				method: 'POST',
				headers: {
					cookie: cookies.consultante,
					'content-type': 'application/json',
					origin: server.url
				},
				body: JSON.stringify({ kind, title: `Tableau ${kind}` })
			});
			expect(response.status).toBe(201);
			return ((await response.json()) as { board: { id: string } }).board.id;
		};
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
});
