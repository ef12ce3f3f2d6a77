import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardOver, postBoard } from '../helpers/boards.ts';
import { demoBilanId, DEMO_PASSWORD, login, postForm } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const EVIL = 'https://evil.example';

/** Security headers and the Origin check of the built app (`npm run build` first). */
describe('security headers and cross-site requests', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '' });
	});
	afterAll(() => server.stop());

	/** Whether `cookie` still opens an account page. */
	async function signedIn(cookie: string): Promise<boolean> {
		const page = await fetch(`${server.url}/compte`, { headers: { cookie }, redirect: 'manual' });
		return page.status === 200;
	}

	it('sends a CSP with a nonce, frame-ancestors none, nosniff and a referrer policy on pages', async () => {
		const page = await fetch(`${server.url}/login`);
		expect(page.status).toBe(200);
		const csp = page.headers.get('content-security-policy') ?? '';
		const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
		expect(nonce, csp).toBeDefined();
		// SvelteKit's start-up script carries it: the page runs under the policy.
		expect(await page.text()).toContain(`nonce="${nonce}"`);
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("default-src 'self'");
		expect(csp).toContain("object-src 'none'");
		expect(csp).toMatch(/connect-src 'self'/);
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		// Plain http here: no HSTS.
		expect(page.headers.get('strict-transport-security')).toBeNull();

		const api = await fetch(`${server.url}/api/v1/me`);
		expect(api.headers.get('x-content-type-options')).toBe('nosniff');
		// A share link keeps its stricter policy.
		const share = await fetch(`${server.url}/partage/inconnu.faux`);
		expect(share.headers.get('referrer-policy')).toBe('no-referrer');
	});

	it('refuses a bodiless POST /logout from another site or without Origin; the session survives', async () => {
		const cookie = await login(server.url, 'beneficiaire@demo.atelier.fr', DEMO_PASSWORD);
		for (const origin of [EVIL, undefined]) {
			const response = await fetch(`${server.url}/logout`, {
				method: 'POST',
				redirect: 'manual',
				headers: origin ? { cookie, origin } : { cookie }
			});
			expect(response.status, `origin ${origin}`).toBe(403);
			expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
			expect(await response.text()).toMatch(/Requête refusée/);
			expect(response.headers.getSetCookie().join()).not.toContain('atelier_session=');
		}
		expect(await signedIn(cookie)).toBe(true);
	});

	it('refuses API writes from another site or without Origin with a JSON error, whatever the body', async () => {
		const cookie = await login(server.url, 'consultante@demo.atelier.fr', DEMO_PASSWORD);
		const bilanId = await demoBilanId(server.url, cookie);
		const boardsOf = async () => {
			const response = await fetch(`${server.url}/api/v1/bilans/${bilanId}`, {
				headers: { cookie }
			});
			return ((await response.json()) as { bilan: { boards: unknown[] } }).bilan.boards.length;
		};
		const before = await boardsOf();
		const canvasId = await createBoardOver(server.url, cookie, bilanId, 'canvas');
		const snapshots = `${server.url}/api/v1/boards/${canvasId}/snapshots`;
		const upload = new FormData();
		upload.set('file', new Blob(['GIF89a\x01\x00\x01\x00']), 'point.gif');
		const requests: [string, RequestInit][] = [
			[
				`${server.url}/api/v1/bilans/${bilanId}/boards`,
				{
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ kind: 'values', title: 'Forgé' })
				}
			],
			[snapshots, {}],
			[`${server.url}/api/v1/boards/${canvasId}/assets`, { body: upload }]
		];
		for (const [url, init] of requests) {
			for (const origin of [EVIL, undefined]) {
				const headers = { ...(init.headers as Record<string, string>), cookie };
				const response = await fetch(url, {
					...init,
					method: 'POST',
					headers: origin ? { ...headers, origin } : headers
				});
				expect(response.status, `${url} from ${origin}`).toBe(403);
				expect(await response.json()).toEqual({ error: expect.stringMatching(/Requête refusée/) });
			}
		}
		expect(await boardsOf()).toBe(before + 1);
		const taken = await fetch(snapshots, { headers: { cookie } }).then((r) => r.json());
		expect(taken.snapshots).toEqual([]);
		// The same requests from the app itself go through.
		expect(
			(await postBoard(server.url, cookie, bilanId, { kind: 'values', title: 'Vrai' })).status
		).toBe(201);
		expect(await signedIn(cookie)).toBe(true);
	});

	it('lets a same-origin form post through when a no-referrer page makes the browser hide its Origin', async () => {
		const post = (fetchSite: string) =>
			postForm(
				`${server.url}/langue`,
				{ locale: 'en' },
				{ origin: 'null', 'sec-fetch-site': fetchSite }
			);
		expect((await post('same-origin')).status).toBe(303);
		expect((await post('cross-site')).status).toBe(403);
		expect((await post('same-site')).status).toBe(403);
	});
});

describe('behind an HTTPS reverse proxy (ORIGIN https)', () => {
	const ORIGIN = 'https://atelier.example.fr';
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '', ORIGIN });
	});
	afterAll(() => server.stop());

	it('sends HSTS and expects the public origin on writes', async () => {
		const page = await fetch(`${server.url}/login`);
		expect(page.headers.get('strict-transport-security')).toBe(
			'max-age=31536000; includeSubDomains'
		);
		const credentials = { email: 'admin@demo.atelier.fr', password: DEMO_PASSWORD };
		const local = await postForm(`${server.url}/login`, credentials);
		expect(local.status).toBe(403);
		const proxied = await postForm(`${server.url}/login`, credentials, { origin: ORIGIN });
		expect(proxied.status).toBe(303);
		for (const name of ['atelier_session', 'atelier_device']) {
			const cookie = proxied.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
			expect(cookie, name).toMatch(/;\s*Secure/i);
		}
	});

	it('warns at start-up that the client address header is not configured', () => {
		expect(server.output()).toMatch(/"message":"ADDRESS_HEADER is not set[^"]*"/);
	});
});
