import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSectionText } from '../../src/lib/boards/synthese/model.ts';
import { writeOverSync } from '../helpers/boards.ts';
import { demoBilanId, login, postForm } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'atelier-demo';

/**
 * What the beneficiary is told and asked through the pages of the built app: who follows their
 * bilan when an admin changes it, and which version of the synthèse a share link shows.
 */
describe('the beneficiary is told, and consents, through the pages', () => {
	let server: TestServer;
	let admin: string;
	let bruno: string;
	let bilanId: string;

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '', SMTP_URL: '' });
		admin = await login(server.url, 'admin@demo.atelier.fr', PASSWORD);
		bruno = await login(server.url, 'beneficiaire@demo.atelier.fr', PASSWORD);
		bilanId = await demoBilanId(server.url, bruno);
	});
	afterAll(() => server.stop());

	const get = (path: string, cookie?: string) =>
		fetch(new URL(path, server.url), { redirect: 'manual', headers: cookie ? { cookie } : {} });
	const post = (path: string, fields: Record<string, string>, cookie: string) =>
		postForm(new URL(path, server.url).toString(), fields, { cookie });

	it('names the new and the previous consultant on the home page and in the journal', async () => {
		const invited = await post(
			'/equipe?/invite',
			{ name: 'Paul Durand', email: 'paul.durand@demo.atelier.fr', role: 'consultant' },
			admin
		);
		expect(invited.status).toBe(200);
		const page = await (await get(`/bilans/${bilanId}`, admin)).text();
		const paulId = /<option value="([0-9a-f-]{36})"[^>]*>[^<]*Paul Durand/.exec(page)?.[1];
		const assigned = await post(`/bilans/${bilanId}?/assign`, { consultantId: paulId! }, admin);
		expect(assigned.status).toBe(200);

		const home = await (await get('/', bruno)).text();
		expect(home).toContain('Changement de consultant·e');
		expect(home).toMatch(/Le [^<]+, Paul Durand a pris le relais de Claire Consultante/);
		expect(home).toMatch(new RegExp(`href="[./]*/?bilans/${bilanId}/journal"`));
		const journal = await (await get(`/bilans/${bilanId}/journal`, bruno)).text();
		expect(journal).toContain(
			'a confié le suivi du bilan à Paul Durand (auparavant : Claire Consultante)'
		);
	});

	it('shows a share link the version agreed to, until the beneficiary shares the new one', async () => {
		const validate = async (text: string) => {
			const opened = await get(`/api/v1/bilans/${bilanId}/synthese`, bruno);
			const { synthese } = (await opened.json()) as { synthese: { board: { id: string } } };
			await writeOverSync(server.url, synthese.board.id, bruno, (doc) =>
				setSectionText(doc, 'projets', text)
			);
			return post(`/bilans/${bilanId}/synthese?/validate`, {}, bruno);
		};
		expect((await get(`/bilans/${bilanId}/synthese`, bruno)).status).toBe(200);
		expect((await validate('Devenir ébéniste')).status).toBe(200);
		const created = await post(
			`/bilans/${bilanId}/partages?/create`,
			{ recipientName: 'Mme Durand', days: '7' },
			bruno
		);
		const link = /\/partage\/[a-z0-9]+\.[a-z0-9]+/.exec(await created.text())![0];

		const second = await (await validate('Devenir luthier')).text();
		expect(second).toContain('voient encore une version précédente');
		expect(second).toMatch(new RegExp(`href="[./]*/?bilans/${bilanId}/partages"`));
		const shown = await (await get(link)).text();
		expect(shown).toContain('Devenir ébéniste');
		expect(shown).not.toContain('Devenir luthier');

		const shares = await (await get(`/bilans/${bilanId}/partages`, bruno)).text();
		expect(shares).toContain('Partager la nouvelle version');
		const shareId = /name="shareId" value="([a-z0-9]+)"/.exec(shares)![1]!;
		const shared = await post(
			`/bilans/${bilanId}/partages?/shareVersion`,
			{ shareId, version: '2' },
			bruno
		);
		expect(shared.status).toBe(200);
		expect(await shared.text()).toContain('Mme Durand voit maintenant la version 2');
		const updated = await (await get(link)).text();
		expect(updated).toContain('Devenir luthier');
		expect(updated).not.toContain('Devenir ébéniste');
		expect(await (await get(`/bilans/${bilanId}/partages`, bruno)).text()).not.toContain(
			'Partager la nouvelle version'
		);
		const journal = await (await get(`/bilans/${bilanId}/journal`, bruno)).text();
		expect(journal).toContain('a partagé la version 1 de la synthèse avec Mme Durand');
		expect(journal).toContain(
			'a partagé la version 2 de la synthèse avec Mme Durand, par le même lien'
		);
	});
});
