import { rmSync } from 'node:fs';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { auditEvents } from '../../src/lib/server/db/schema.ts';
import { cookiesOf, login, postForm } from '../helpers/http.ts';
import { newDataDir, startServer, type TestServer } from '../helpers/server.ts';
import { startFakeSmtp } from '../helpers/smtp.ts';

/** The built app in a real process, seeded with the demo organisation (`npm run build` first). */
describe('login against a real server', () => {
	let server: TestServer;
	let stopped = false;
	// Our own data folder, so the audit trail can be read once the server has stopped.
	const dataDir = newDataDir();
	let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
	beforeAll(async () => {
		smtp = await startFakeSmtp();
		// The embedded database (seeded with the demo accounts), even when DATABASE_URL is set.
		server = await startServer({ DATABASE_URL: '', ATELIER_DATA_DIR: dataDir, SMTP_URL: smtp.url });
	});
	afterAll(async () => {
		if (!stopped) await server.stop();
		await smtp.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

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
	it('invites a beneficiary from /equipe: the link goes by mail only, sets a password once and signs them in', async () => {
		const consultant = await login(server.url, 'consultante@demo.atelier.fr', 'atelier-demo');
		const created = await postForm(
			`${server.url}/equipe?/invite`,
			{ name: 'Inès Invitée', email: 'Ines.Invitee@Exemple.fr', role: 'beneficiary' },
			{ cookie: consultant }
		);
		expect(created.status).toBe(200);
		const page = await created.text();
		// With a mailer the link reaches the invited person only: the inviter never sees it.
		expect(page).not.toMatch(/\/invitation\/[a-z0-9]+\.[a-z0-9]+/);
		expect(page).toContain(
			'Invitation envoyée par e-mail à Inès Invitée (ines.invitee@exemple.fr)'
		);
		const mail = smtp.messages.find((m) => m.to.includes('ines.invitee@exemple.fr'));
		const link = /(http:\/\/\S+\/invitation\/[a-z0-9]+\.[a-z0-9]+)/.exec(
			mail!.data.replace(/=\r\n/g, '')
		)?.[1];
		expect(link!.startsWith(`${server.url}/invitation/`)).toBe(true);

		const again = await postForm(
			`${server.url}/equipe?/invite`,
			{ name: 'Doublon', email: 'ines.invitee@exemple.fr', role: 'beneficiary' },
			{ cookie: consultant }
		);
		expect(again.status).toBe(409);
		expect(await again.text()).toContain('Cette adresse e-mail est déjà utilisée');

		const welcome = await fetch(link!);
		expect(welcome.status).toBe(200);
		expect(welcome.headers.get('referrer-policy')).toBe('no-referrer');
		expect(await welcome.text()).toContain('ines.invitee@exemple.fr');

		const mismatch = await postForm(`${link}?/accept`, {
			password: 'un-long-mot-de-passe',
			confirm: 'autre'
		});
		expect(mismatch.status).toBe(400);
		expect(await mismatch.text()).toContain('Les deux mots de passe ne sont pas identiques.');

		const accepted = await postForm(`${link}?/accept`, {
			password: 'un-long-mot-de-passe',
			confirm: 'un-long-mot-de-passe'
		});
		expect(accepted.status).toBe(303);
		expect(accepted.headers.get('location')).toBe('/');
		const cookie = cookiesOf(accepted);
		const account = await fetch(`${server.url}/compte`, { headers: { cookie } });
		expect(await account.text()).toContain('Inès Invitée');

		const reused = await fetch(link!);
		expect(reused.status).toBe(410);
		expect(await reused.text()).toContain('Ce lien d’invitation a déjà servi.');
		const replay = await postForm(`${link}?/accept`, {
			password: 'pirate-mot-de-passe',
			confirm: 'pirate-mot-de-passe'
		});
		expect(replay.status).toBe(410);
		expect(await login(server.url, 'ines.invitee@exemple.fr', 'un-long-mot-de-passe')).toMatch(
			/^atelier_session=/
		);

		for (const bad of [
			'nimportequoi',
			'abc.def',
			`${link!.split('/').pop()!.split('.')[0]}.faux`
		]) {
			const response = await fetch(`${server.url}/invitation/${bad}`);
			expect(response.status, bad).toBe(404);
			expect(await response.text()).toContain('Ce lien d’invitation n’est pas valide.');
		}
	});

	it('keeps /equipe from beneficiaries and invitations of the wrong role', async () => {
		const beneficiary = await login(server.url, 'beneficiaire2@demo.atelier.fr', 'atelier-demo');
		const page = await fetch(`${server.url}/equipe`, { headers: { cookie: beneficiary } });
		expect(page.status).toBe(403);
		const consultant = await login(server.url, 'consultante@demo.atelier.fr', 'atelier-demo');
		const wrongRole = await postForm(
			`${server.url}/equipe?/invite`,
			{ name: 'Faux admin', email: 'faux.admin@exemple.fr', role: 'admin' },
			{ cookie: consultant }
		);
		expect(wrongRole.status).toBe(403);
	});

	it('changes the password from /compte (other devices signed out) and signs out everywhere', async () => {
		const email = 'beneficiaire2@demo.atelier.fr';
		const here = await login(server.url, email, 'atelier-demo');
		const elsewhere = await login(server.url, email, 'atelier-demo');
		const status = async (cookie: string) =>
			(await fetch(`${server.url}/compte`, { headers: { cookie }, redirect: 'manual' })).status;
		const change = (fields: Record<string, string>) =>
			postForm(`${server.url}/compte?/password`, fields, { cookie: here });

		const wrong = await change({
			current: 'pas-ça',
			password: 'nouveau-secret-1',
			confirm: 'nouveau-secret-1'
		});
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('Le mot de passe actuel est incorrect.');
		const short = await change({ current: 'atelier-demo', password: 'court', confirm: 'court' });
		expect(short.status).toBe(400);
		expect(await short.text()).toContain('au moins 10 caractères');
		expect(await status(elsewhere)).toBe(200);

		const done = await change({
			current: 'atelier-demo',
			password: 'nouveau-secret-1',
			confirm: 'nouveau-secret-1'
		});
		expect(done.status).toBe(200);
		expect(await done.text()).toContain('Votre mot de passe a été changé.');
		expect(await status(here)).toBe(200);
		expect(await status(elsewhere)).toBe(303);
		await expect(login(server.url, email, 'atelier-demo')).rejects.toThrow('HTTP 400');
		const third = await login(server.url, email, 'nouveau-secret-1');

		const everywhere = await postForm(`${server.url}/compte?/logoutAll`, {}, { cookie: here });
		expect(everywhere.status).toBe(303);
		expect(everywhere.headers.get('location')).toBe('/login');
		expect(await status(here)).toBe(303);
		expect(await status(third)).toBe(303);
	});

	it('locks an account after 5 failures with the French wait message, even for the right password', async () => {
		for (let i = 0; i < 5; i++) {
			const response = await postForm(`${server.url}/login`, {
				email: 'admin@demo.atelier.fr',
				password: `mauvais-${i}`
			});
			expect(response.status).toBe(400);
		}
		const locked = await postForm(`${server.url}/login`, {
			email: 'admin@demo.atelier.fr',
			password: 'atelier-demo'
		});
		expect(locked.status).toBe(429);
		expect(await locked.text()).toContain('Trop de tentatives. Réessayez dans 15 minutes.');
	});

	it('recorded the audit trail, never with a password', async () => {
		await server.stop();
		stopped = true;
		const database = await openDatabase({ dataDir });
		try {
			const events = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
			const actions = new Set(events.map((e) => e.action));
			for (const action of [
				'auth.login',
				'auth.login_failed',
				'auth.logout',
				'auth.logout_all',
				'auth.password_changed',
				'invitation.create',
				'invitation.accept'
			]) {
				expect(actions, action).toContain(action);
			}
			const serialised = JSON.stringify(events);
			for (const secret of [
				'atelier-demo',
				'pas-le-bon-mot-de-passe',
				'un-long-mot-de-passe',
				'nouveau-secret-1'
			]) {
				expect(serialised).not.toContain(secret);
			}
			const failed = events.find((e) => e.action === 'auth.login_failed');
			expect(failed?.detail).toMatchObject({ reason: expect.any(String) });
		} finally {
			await database.close();
		}
	});
});

/** Behind a reverse proxy that appends the client's address to X-Forwarded-For (README). */
describe('login throttling behind a reverse proxy', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer({
			DATABASE_URL: '',
			REDIS_URL: '',
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1'
		});
	});
	afterAll(() => server.stop());

	/** A login form post as the proxy forwards it from `address`. */
	function loginFrom(address: string, email: string, password: string) {
		return postForm(`${server.url}/login`, { email, password }, { 'x-forwarded-for': address });
	}

	it('5 wrong passwords from an attacker do not stop the owner signing in from their address', async () => {
		const email = 'beneficiaire2@demo.atelier.fr';
		for (let i = 0; i < 5; i++) {
			expect((await loginFrom('203.0.113.66', email, `devine-${i}`)).status).toBe(400);
		}
		const attacker = await loginFrom('203.0.113.66', email, 'atelier-demo');
		expect(attacker.status).toBe(429);
		expect(await attacker.text()).toContain('Trop de tentatives. Réessayez dans 15 minutes.');
		expect((await loginFrom('198.51.100.7', email, 'atelier-demo')).status).toBe(303);
	});

	it('an account slowed down from many addresses still lets its owner in from a known browser', async () => {
		const email = 'beneficiaire@demo.atelier.fr';
		const first = await loginFrom('198.51.100.20', email, 'atelier-demo');
		expect(first.status).toBe(303);
		const setCookie = first.headers.getSetCookie().find((c) => c.startsWith('atelier_device='));
		expect(setCookie).toMatch(/;\s*HttpOnly/i);
		expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
		expect(setCookie).toMatch(/;\s*Path=\//i);
		const expires = Date.parse(/;\s*Expires=([^;]+)/i.exec(setCookie!)![1]!);
		expect(expires).toBeGreaterThan(Date.now() + 360 * 24 * 3_600_000);
		const device = setCookie!.split(';', 1)[0]!;

		// A guess from a new address each time; while the account waits, guesses are not heard, so
		// the attacker fires again and again until 14 are counted: the 14th makes it wait 8 s.
		let guesses = 0;
		let counted = 0;
		await expect
			.poll(
				async () => {
					const guess = await loginFrom(`2001:db8::${++guesses}`, email, `devine-${guesses}`);
					expect([400, 429]).toContain(guess.status);
					if (guess.status === 400) counted++;
					return counted;
				},
				{ timeout: 30_000, interval: 100 }
			)
			.toBe(14);

		const stranger = () => loginFrom('198.51.100.21', email, 'atelier-demo');
		const before = await stranger();
		expect(before.status).toBe(429);
		expect(await before.text()).toMatch(/Trop de tentatives. Réessayez dans \d s\./);
		const owner = await postForm(
			`${server.url}/login`,
			{ email, password: 'atelier-demo' },
			{ 'x-forwarded-for': '198.51.100.20', cookie: device }
		);
		expect(owner.status).toBe(303);
		const renewed = cookiesOf(owner).match(/atelier_device=[^;]+/)?.[0];
		expect(renewed).toBeDefined();
		expect(renewed).not.toBe(device);
		// Still waiting for everyone else, and the replaced cookie is no longer known.
		expect((await stranger()).status).toBe(429);
		const replaced = await postForm(
			`${server.url}/login`,
			{ email, password: 'atelier-demo' },
			{ 'x-forwarded-for': '198.51.100.20', cookie: device }
		);
		expect(replaced.status).toBe(429);
	}, 60_000);

	it('30 failures from one forwarded address lock that address, not the other visitors', async () => {
		for (let i = 0; i < 30; i++) {
			const response = await loginFrom('203.0.113.9', `inconnu-${i}@exemple.fr`, 'faux');
			expect(response.status, `failure ${i + 1}`).toBe(400);
		}
		const email = 'consultante@demo.atelier.fr';
		expect((await loginFrom('203.0.113.9', email, 'atelier-demo')).status).toBe(429);
		// Only the address the proxy appended counts: what the client wrote before it does not.
		expect((await loginFrom('10.1.2.3, 203.0.113.9', email, 'atelier-demo')).status).toBe(429);
		expect((await loginFrom('198.51.100.8', email, 'atelier-demo')).status).toBe(303);
		expect((await loginFrom('203.0.113.9, 198.51.100.9', email, 'atelier-demo')).status).toBe(303);
	});
});
