import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBoard } from '../helpers/boards.ts';
import { login, postForm } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * The end of a bilan through the pages, as a browser without JavaScript uses them: Nadia's demo
 * bilan is in conclusion. She downloads her file and records what she keeps; the consultant
 * closes; the admin sees the retention state, never the content; then Nadia exports her data,
 * asks for erasure and the admin carries it out.
 */
describe('end of bilan, archive and GDPR pages against a real server', () => {
	let server: TestServer;
	let consultante: string;
	let nadia: string;
	let admin: string;
	let bilanId: string;
	let kept: string;
	let dropped: string;

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '' });
		consultante = await login(server.url, 'consultante@demo.atelier.fr', 'atelier-demo');
		nadia = await login(server.url, 'beneficiaire2@demo.atelier.fr', 'atelier-demo');
		admin = await login(server.url, 'admin@demo.atelier.fr', 'atelier-demo');
		const response = await fetch(`${server.url}/api/v1/bilans`, {
			headers: { cookie: consultante }
		});
		const { bilans } = (await response.json()) as {
			bilans: { id: string; beneficiary: { name: string } }[];
		};
		bilanId = bilans.find((b) => b.beneficiary.name === 'Nadia Bénéficiaire')!.id;
		const board = async (kind: string, title: string) => {
			const created = await postBoard(server.url, consultante, bilanId, { kind, title });
			return ((await created.json()) as { board: { id: string } }).board.id;
		};
		kept = await board('values', 'Valeurs à garder');
		dropped = await board('ikigai', 'Ikigai à détruire');
	});
	afterAll(() => server.stop());

	const get = (path: string, cookie: string) =>
		fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie } });
	const post = (path: string, fields: Record<string, string>, cookie: string) =>
		postForm(`${server.url}${path}`, fields, { cookie });

	it('offers the ZIP to Nadia and her consultant only, privately', async () => {
		const response = await get(`/bilans/${bilanId}/archive`, nadia);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/zip');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="dossier-bilan-\d{4}-\d{2}-\d{2}\.zip"$/
		);
		const names = Object.keys(unzipSync(new Uint8Array(await response.arrayBuffer())));
		expect(names).toContain('README.txt');
		expect(names.filter((n) => n.startsWith('tableaux/'))).not.toEqual([]);
		expect((await get(`/bilans/${bilanId}/archive`, consultante)).status).toBe(200);
		expect((await get(`/bilans/${bilanId}/archive`, admin)).status).toBe(404);
		expect((await get(`/bilans/${bilanId}/cloture`, admin)).status).toBe(404);
	});

	it('records Nadia’s agreement, then the consultant closes after confirming', async () => {
		const page = await (await get(`/bilans/${bilanId}/cloture`, nadia)).text();
		expect(page).toContain('R6313-7');
		expect(page).toContain('Enregistrer mon accord');
		expect(
			(await post(`/bilans/${bilanId}/cloture?/agree`, { synthese: 'true' }, consultante)).status
		).toBe(403);
		const agreed = await post(
			`/bilans/${bilanId}/cloture?/agree`,
			{ synthese: 'true', boardIds: kept },
			nadia
		);
		expect(agreed.status).toBe(200);
		expect(await agreed.text()).toContain('Votre accord est enregistré.');

		// The consultant's bilan page speaks of the beneficiary's file, not of "yours".
		const bilanPage = await (await get(`/bilans/${bilanId}`, consultante)).text();
		expect(bilanPage).toContain('télécharger le dossier de la personne');
		expect(bilanPage).not.toContain('votre dossier');
		expect(await (await get(`/bilans/${bilanId}`, nadia)).text()).toContain('tout votre dossier');

		const before = await (await get(`/bilans/${bilanId}/cloture`, consultante)).text();
		const [keptList, doomedList] = before
			.split('Gardé un an</h3>')[1]!
			.split('Détruit à la clôture</h3>');
		expect(keptList).toContain('Valeurs à garder');
		expect(keptList).not.toContain('Ikigai à détruire');
		expect(doomedList!.split('</ul>')[0]).toContain('Ikigai à détruire');
		// No synthèse was validated in this bilan: the law expects one, so the page says so and the
		// close takes a second, explicit confirmation.
		expect(before).toContain('Le Code du travail prévoit que le bilan se termine par un document');
		expect(before).toContain('name="withoutSynthese"');
		const unconfirmed = await post(`/bilans/${bilanId}/cloture?/close`, {}, consultante);
		expect(unconfirmed.status).toBe(400);
		const noSynthese = await post(
			`/bilans/${bilanId}/cloture?/close`,
			{ confirm: 'on' },
			consultante
		);
		expect(noSynthese.status).toBe(400);
		expect(await noSynthese.text()).toContain('Aucun document de synthèse n’est validé');
		expect(await (await get(`/bilans/${bilanId}/cloture`, nadia)).text()).not.toContain(
			'Bilan clôturé le'
		);
		const closed = await post(
			`/bilans/${bilanId}/cloture?/close`,
			{ confirm: 'on', withoutSynthese: 'on' },
			consultante
		);
		expect(closed.status).toBe(200);
		const after = await (await get(`/bilans/${bilanId}/cloture`, nadia)).text();
		expect(after).toContain('Bilan clôturé le');
		expect(after).toContain('Entretien de suivi prévu le');
		// What remains: the kept board only (the other one's rows are gone).
		expect(after).toContain('Valeurs à garder');
		expect(after).not.toContain('Ikigai à détruire');
		expect((await get(`/bilans/${bilanId}/tableaux/${kept}`, nadia)).status).toBe(200);
		expect((await get(`/bilans/${bilanId}/tableaux/${dropped}`, nadia)).status).toBe(404);
	});

	it('shows the admin the retention state in dates and counts, linked from the navigation', async () => {
		const response = await get('/equipe/conservation', admin);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toMatch(/href="[./]*\/?equipe\/conservation"/);
		expect(html).toMatch(/Clôturé le [^<]+, conservé jusqu’au/);
		expect(html).not.toContain('Valeurs à garder');
		// The demo cohort: its name, who leads it and when its exercises go, never their titles.
		expect(html).toContain('Cohorte de printemps');
		expect(html).toContain('30 jours après la fin');
		expect(html).not.toContain('Mes valeurs (cohorte)');
		expect((await get('/equipe/conservation', consultante)).status).toBe(403);
	});

	it('lets Nadia export her data and ask for erasure, which the admin carries out', async () => {
		const exported = await get('/compte/donnees', nadia);
		expect(exported.status).toBe(200);
		const zip = unzipSync(new Uint8Array(await exported.arrayBuffer()));
		expect(JSON.parse(strFromU8(zip['compte.json']!)).email).toBe('beneficiaire2@demo.atelier.fr');
		// She takes part in the demo cohort: its record and her copy of its exercise.
		const cohort = JSON.parse(strFromU8(zip['cohortes/01-cohorte-de-printemps/cohorte.json']!));
		expect(cohort.cohorte.name).toBe('Cohorte de printemps');
		expect(Object.keys(zip)).toContain(
			'cohortes/01-cohorte-de-printemps/copies/exercices/01-mes-valeurs-cohorte/etat-actuel.json'
		);

		expect((await post('/compte?/erasure', {}, nadia)).status).toBe(400);
		const asked = await post('/compte?/erasure', { confirm: 'on' }, nadia);
		expect(await asked.text()).toContain('Votre demande d’effacement est enregistrée.');
		const list = await (await get('/equipe/conservation', admin)).text();
		const userId = /name="userId" value="([0-9a-f-]{36})"/.exec(list)?.[1];
		expect(list).toContain('Nadia Bénéficiaire — demandé le');
		// Her bilan and the demo cohort: her copy, her posts and her membership there go too.
		expect(list).toContain('bilans : 1, cohortes : 1');
		const done = await post(
			'/equipe/conservation?/erase',
			{ userId: userId!, confirm: 'on' },
			admin
		);
		expect(await done.text()).toContain('L’effacement est effectué.');

		// Her session is gone and her account can no longer sign in.
		expect((await get('/compte', nadia)).status).toBe(303);
		await expect(
			login(server.url, 'beneficiaire2@demo.atelier.fr', 'atelier-demo')
		).rejects.toThrow();
		const after = await (await get('/equipe/conservation', admin)).text();
		expect(after).toContain('Personne effacée');
		expect(after).toContain('Contenu détruit le');
	});
});
