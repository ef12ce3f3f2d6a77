import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiesOf, login, postForm } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** The built app in a real process, seeded with the demo organisation (`npm run build` first). */
describe('login against a real server', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server.stop());

	it('signs in with a plain form post: 303 and an HttpOnly, SameSite=Lax session cookie', async () => {
		const response = await postForm(`${server.url}/login`, {
			email: '  Consultante@Demo.Atelier.fr ',
			password: 'atelier-demo'
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/');
		const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('atelier_session='));
		expect(setCookie).toBeDefined();
		expect(setCookie).toMatch(/;\s*HttpOnly/i);
		expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
		expect(setCookie).toMatch(/;\s*Path=\//i);
	});

	it('refuses a wrong password with 400 and the French message, keeping the email', async () => {
		const response = await postForm(`${server.url}/login`, {
			email: 'beneficiaire2@demo.atelier.fr',
			password: 'pas-le-bon-mot-de-passe'
		});
		expect(response.status).toBe(400);
		expect(response.headers.getSetCookie().join()).not.toContain('atelier_session=');
		const html = await response.text();
		expect(html).toContain('Adresse e-mail ou mot de passe incorrect.');
		expect(html).toContain('value="beneficiaire2@demo.atelier.fr"');
	});

	it('gives the same answer for an unknown email', async () => {
		const response = await postForm(`${server.url}/login`, {
			email: 'personne@demo.atelier.fr',
			password: 'atelier-demo'
		});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Adresse e-mail ou mot de passe incorrect.');
	});

	it('redirects only to a same-origin redirectTo', async () => {
		const inside = await postForm(`${server.url}/login?redirectTo=%2Fcompte%3Fx%3D1`, {
			email: 'admin@demo.atelier.fr',
			password: 'atelier-demo'
		});
		expect(inside.status).toBe(303);
		expect(inside.headers.get('location')).toBe('/compte?x=1');
		for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
			const outside = await postForm(
				`${server.url}/login?redirectTo=${encodeURIComponent(target)}`,
				{ email: 'admin@demo.atelier.fr', password: 'atelier-demo' }
			);
			expect(outside.status).toBe(303);
			expect(outside.headers.get('location')).toBe('/');
		}
	});

	it('sends anonymous visitors to /login, lets the cookie in, and POST /logout ends it', async () => {
		const anonymous = await fetch(`${server.url}/compte`, { redirect: 'manual' });
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Fcompte');

		const cookie = await login(server.url, 'beneficiaire@demo.atelier.fr', 'atelier-demo');
		const page = await fetch(`${server.url}/compte`, { headers: { cookie }, redirect: 'manual' });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Bruno Bénéficiaire');

		const logout = await postForm(`${server.url}/logout`, {}, { cookie });
		expect(logout.status).toBe(303);
		expect(logout.headers.get('location')).toBe('/login');
		expect(cookiesOf(logout)).toContain('atelier_session=');

		const after = await fetch(`${server.url}/compte`, { headers: { cookie }, redirect: 'manual' });
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toBe('/login?redirectTo=%2Fcompte');
	});

	it('refuses a cross-site form post (CSRF)', async () => {
		const response = await postForm(
			`${server.url}/login`,
			{ email: 'admin@demo.atelier.fr', password: 'atelier-demo' },
			{ origin: 'https://evil.example' }
		);
		expect(response.status).toBe(403);
	});
});
