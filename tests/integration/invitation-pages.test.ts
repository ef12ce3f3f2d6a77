import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiesOf, login, postForm } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'atelier-demo';
const LINK = /\/invitation\/([a-z0-9]+\.[a-z0-9]+)/;

/**
 * Invitation links through the pages of the built app without a mailer (no SMTP_URL): a link is
 * shown to whoever issues it only for a fresh account, and nobody signed in can accept one.
 */
describe('invitation links against a real server without a mailer', () => {
	let server: TestServer;
	let admin: string;
	let consultante: string;

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '', SMTP_URL: '' });
		admin = await login(server.url, 'admin@demo.atelier.fr', PASSWORD);
		consultante = await login(server.url, 'consultante@demo.atelier.fr', PASSWORD);
	});
	afterAll(() => server.stop());

	const get = (path: string, cookie?: string) =>
		fetch(new URL(path, server.url), {
			redirect: 'manual',
			headers: cookie ? { cookie } : {}
		});
	const post = (path: string, fields: Record<string, string>, cookie?: string) =>
		postForm(new URL(path, server.url).toString(), fields, cookie ? { cookie } : {});

	it('never lets a signed-in person accept a link, and records the acceptance in the journal', async () => {
		const invited = await post(
			'/equipe?/invite',
			{ name: 'Inès Écran', email: 'ines.ecran@exemple.fr', role: 'beneficiary' },
			consultante
		);
		expect(invited.status).toBe(200);
		const token = LINK.exec(await invited.text())?.[1];
		expect(token).toBeDefined();
		const link = `/invitation/${token}`;
		const form = await (await get('/bilans/nouveau', consultante)).text();
		const inesId = /<option value="([0-9a-f-]{36})"[^>]*>[^<]*ines\.ecran@exemple\.fr/.exec(
			form
		)?.[1];
		const opened = await post(
			'/bilans/nouveau',
			{
				beneficiaryId: inesId!,
				funding: 'cpf',
				format: 'distanciel',
				startDate: '2026-11-02',
				plannedHours: '24'
			},
			consultante
		);
		const bilanPath = opened.headers.get('location')!.split('?')[0]!;

		// The admin opens the link on their own session: told to sign out, no password form.
		const page = await get(link, admin);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain(
			'Vous êtes connecté·e sur cet appareil en tant que Alice Administratrice'
		);
		expect(html).toContain('Me déconnecter pour continuer');
		expect(html).not.toContain('name="password"');

		const refused = await post(
			`${link}?/accept`,
			{ password: 'mot-de-passe-pirate', confirm: 'mot-de-passe-pirate' },
			admin
		);
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('Quelqu’un est connecté sur cet appareil');
		expect((await get(link)).status).toBe(200);
		await expect(
			login(server.url, 'ines.ecran@exemple.fr', 'mot-de-passe-pirate')
		).rejects.toThrow();

		// "Me déconnecter pour continuer": signed out, back on the same link.
		const signedOut = await post(`${link}?/signOut`, {}, admin);
		expect(signedOut.status).toBe(303);
		expect(signedOut.headers.get('location')).toBe(link);
		expect(cookiesOf(signedOut)).toContain('atelier_session=');
		expect((await get('/compte', admin)).status).toBe(303);
		admin = await login(server.url, 'admin@demo.atelier.fr', PASSWORD);

		const accepted = await post(`${link}?/accept`, {
			password: 'le-mot-de-passe-d-ines',
			confirm: 'le-mot-de-passe-d-ines'
		});
		expect(accepted.status).toBe(303);
		const ines = cookiesOf(accepted);
		const journal = await (await get(`${bilanPath}/journal`, ines)).text();
		expect(journal).toContain('a accepté l’invitation et choisi le mot de passe du compte');
		expect(journal).toContain(
			'a créé un lien d’invitation pour le compte de la personne bénéficiaire, affiché à l’écran'
		);
	});

	it('shows no link for an account already used: the admin is told why and what to do', async () => {
		// Nadia asks for her data to be erased; her account (used) has no password any more.
		const nadia = await login(server.url, 'beneficiaire2@demo.atelier.fr', PASSWORD);
		await post('/compte?/erasure', { confirm: 'on' }, nadia);
		const list = await (await get('/equipe/conservation', admin)).text();
		const nadiaId = /name="userId" value="([0-9a-f-]{36})"/.exec(list)?.[1];
		await post('/equipe/conservation?/erase', { userId: nadiaId!, confirm: 'on' }, admin);

		const team = await (await get('/equipe', admin)).text();
		expect(team).toContain(`value="${nadiaId}"`);
		const reinvited = await post('/equipe?/reinvite', { userId: nadiaId! }, admin);
		expect(reinvited.status).toBe(409);
		const html = await reinvited.text();
		expect(html).not.toMatch(LINK);
		expect(html).toContain('Ce compte a déjà servi');
		expect(html).toContain('SMTP_URL');
	});
});
