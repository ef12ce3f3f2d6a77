import { eq } from 'drizzle-orm';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomCard } from '../../src/lib/boards/values/model.ts';
import { setSectionText } from '../../src/lib/boards/synthese/model.ts';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { shareLinks } from '../../src/lib/server/db/schema.ts';
import { createBoardOver, writeOverSync } from '../helpers/boards.ts';
import { cookiesOf, login, postForm } from '../helpers/http.ts';
import { pdfText } from '../helpers/pdf.ts';
import { newDataDir, startServer, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'atelier-demo';
/** Words written into the beneficiary's content: no outsider's response may ever hold them. */
const BOARD_WORD = 'Marqueurtableau';
const SYNTHESE_WORD = 'Marqueursynthese';
const RECIPIENT = 'Madame Destinataire';
/** Written into a test result (its name, its result, its PDF). */
const TEST_WORD = 'Marqueurtest';
const CONTENT_WORDS = [BOARD_WORD, SYNTHESE_WORD, RECIPIENT, TEST_WORD];

type Who = 'admin' | 'otherConsultant' | 'otherBeneficiary' | 'anonymous';

/**
 * L6313-4 across every page and endpoint of the bilan record, against the built app
 * (`npm run build` first): an admin of the organisation, a consultant of another bilan, a
 * beneficiary of another bilan and an anonymous third party never get the beneficiary's content;
 * admins get the metadata (attendance, journal of metadata events). A share link stops working at
 * once when revoked, and when expired.
 */
describe('the bilan record keeps its content to the beneficiary and their consultant', () => {
	let server: TestServer;
	const dataDir = newDataDir();
	const cookies = {} as Record<Exclude<Who, 'anonymous'> | 'consultante' | 'beneficiaire', string>;
	let bilanId: string;
	let boardId: string;
	let snapshotId: string;
	let shareLink: string;
	let testResultId: string;
	let testPdf: Uint8Array;

	const start = async () => {
		server = await startServer({ DATABASE_URL: '', REDIS_URL: '', ATELIER_DATA_DIR: dataDir });
	};
	const get = (path: string, who?: keyof typeof cookies) =>
		fetch(`${server.url}${path}`, {
			redirect: 'manual',
			headers: who ? { cookie: cookies[who] } : {}
		});

	/** A form with a PDF in its `attachment` field, as a browser sends it. */
	const postWithPdf = (path: string, fields: Record<string, string>, pdf: Uint8Array) => {
		const body = new FormData();
		for (const [name, value] of Object.entries(fields)) body.set(name, value);
		body.set('attachment', new Blob([pdf.slice()], { type: 'application/pdf' }), 'document.pdf');
		return fetch(`${server.url}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie: cookies.consultante, origin: server.url },
			body
		});
	};

	/** The admin invites a second consultant, who accepts and opens a bilan of their own. */
	async function otherConsultant(nadiaId: string): Promise<string> {
		const invited = await postForm(
			`${server.url}/equipe?/invite`,
			{ email: 'autre.consultant@demo.atelier.fr', name: 'Octave Autre', role: 'consultant' },
			{ cookie: cookies.admin }
		);
		const token = /\/invitation\/([a-z0-9]+\.[a-z0-9]+)/.exec(await invited.text())?.[1];
		expect(token).toBeDefined();
		const accepted = await postForm(`${server.url}/invitation/${token}?/accept`, {
			password: 'un-mot-de-passe-solide',
			confirm: 'un-mot-de-passe-solide'
		});
		expect(accepted.status).toBe(303);
		const cookie = cookiesOf(accepted);
		const opened = await postForm(
			`${server.url}/bilans/nouveau`,
			{
				beneficiaryId: nadiaId,
				funding: 'cpf',
				format: 'distanciel',
				startDate: '2026-11-02',
				plannedHours: '24'
			},
			{ cookie }
		);
		expect(opened.status).toBe(303);
		return cookie;
	}

	beforeAll(async () => {
		await start();
		const accounts = {
			admin: 'admin@demo.atelier.fr',
			consultante: 'consultante@demo.atelier.fr',
			beneficiaire: 'beneficiaire@demo.atelier.fr',
			otherBeneficiary: 'beneficiaire2@demo.atelier.fr'
		} as const;
		for (const [who, email] of Object.entries(accounts)) {
			cookies[who as keyof typeof accounts] = await login(server.url, email, PASSWORD);
		}
		const { bilans } = await (await get('/api/v1/bilans', 'consultante')).json();
		const bilanOf = (name: string) =>
			bilans.find((b: { beneficiary: { name: string } }) => b.beneficiary.name === name);
		bilanId = bilanOf('Bruno Bénéficiaire').id;
		cookies.otherConsultant = await otherConsultant(bilanOf('Nadia Bénéficiaire').beneficiary.id);

		// Metadata an admin may read in the journal: a rendez-vous.
		const rdv = await postForm(
			`${server.url}/bilans/${bilanId}?/rendezvous`,
			{ startsAt: '2026-11-20T10:00', durationMinutes: '60', mode: 'distanciel' },
			{ cookie: cookies.consultante }
		);
		expect(rdv.status).toBe(200);
		// A board with the beneficiary's words, a snapshot of it, a validated synthèse, a share.
		boardId = await createBoardOver(server.url, cookies.consultante, bilanId, 'values');
		await writeOverSync(server.url, boardId, cookies.beneficiaire, (doc) => {
			addCustomCard(doc, { label: BOARD_WORD, description: BOARD_WORD });
		});
		const snapshot = await fetch(`${server.url}/api/v1/boards/${boardId}/snapshots`, {
			method: 'POST',
			headers: {
				cookie: cookies.consultante,
				origin: server.url,
				'content-type': 'application/json'
			},
			body: '{}'
		});
		snapshotId = (await snapshot.json()).snapshot.id;
		// Opening the synthèse page creates its live document.
		expect((await get(`/bilans/${bilanId}/synthese`, 'beneficiaire')).status).toBe(200);
		const synthese = await (await get(`/api/v1/bilans/${bilanId}/synthese`, 'beneficiaire')).json();
		await writeOverSync(server.url, synthese.synthese.board.id, cookies.beneficiaire, (doc) =>
			setSectionText(doc, 'projets', SYNTHESE_WORD)
		);
		const validated = await postForm(
			`${server.url}/bilans/${bilanId}/synthese?/validate`,
			{},
			{ cookie: cookies.beneficiaire }
		);
		expect(validated.status).toBe(200);
		const shared = await postForm(
			`${server.url}/bilans/${bilanId}/partages?/create`,
			{ recipientName: RECIPIENT, days: '7' },
			{ cookie: cookies.beneficiaire }
		);
		shareLink = /\/partage\/[a-z0-9]+\.[a-z0-9]+/.exec(await shared.text())![0];
		// A test result with its report, and the employer's agreement with its letter (a real
		// PDF: the attendance sheet, metadata only).
		testPdf = new TextEncoder().encode(`%PDF-1.4\n% ${TEST_WORD}\n%%EOF\n`);
		const test = await postWithPdf(
			`/bilans/${bilanId}/resultats-tests?/add`,
			{ name: `Inventaire ${TEST_WORD}`, takenOn: '2026-11-10', result: TEST_WORD },
			testPdf
		);
		expect(test.status).toBe(200);
		const record = await (await get(`/api/v1/bilans/${bilanId}`, 'consultante')).json();
		testResultId = record.bilan.testResults[0].id;
		const letter = await get(`/bilans/${bilanId}/presence/feuille.pdf`, 'consultante');
		const agreement = await postWithPdf(
			`/bilans/${bilanId}?/agreement`,
			{ requestedOn: '2026-10-01', grantedOn: '2026-10-08' },
			new Uint8Array(await letter.arrayBuffer())
		);
		expect(agreement.status).toBe(200);
	});
	afterAll(async () => {
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	const contentPaths = () => [
		`/bilans/${bilanId}/tableaux/${boardId}`,
		`/bilans/${bilanId}/tableaux/${boardId}/instantanes/${snapshotId}`,
		`/bilans/${bilanId}/tableaux/${boardId}/comparer?avant=${snapshotId}&apres=${snapshotId}`,
		`/bilans/${bilanId}/synthese`,
		`/bilans/${bilanId}/synthese/versions/1`,
		`/bilans/${bilanId}/synthese/versions/1/pdf`,
		`/bilans/${bilanId}/partages`,
		`/bilans/${bilanId}/archive`,
		`/bilans/${bilanId}/cloture`,
		`/bilans/${bilanId}/resultats-tests/${testResultId}/pdf`,
		`/bilans/${bilanId}/accord-employeur/pdf`,
		`/api/v1/boards/${boardId}`,
		`/api/v1/boards/${boardId}/snapshots`,
		`/api/v1/boards/${boardId}/snapshots/${snapshotId}`,
		`/api/v1/boards/${boardId}/snapshots/${snapshotId}?state=1`,
		`/api/v1/bilans/${bilanId}/synthese`
	];
	const metadataPaths = () => [
		`/bilans/${bilanId}`,
		`/bilans/${bilanId}/presence`,
		`/bilans/${bilanId}/presence/feuille.csv`,
		`/bilans/${bilanId}/presence/feuille.pdf`,
		`/api/v1/bilans/${bilanId}`,
		`/api/v1/bilans/${bilanId}/attendance`,
		`/bilans/${bilanId}/journal`,
		`/bilans/${bilanId}/questionnaires`,
		`/bilans/${bilanId}/resultats-tests`
	];

	/** The readable text of a response: PDFs parsed, everything else as text. */
	async function readable(response: Response): Promise<string> {
		const bytes = new Uint8Array(await response.arrayBuffer());
		if (response.headers.get('content-type') === 'application/pdf') return pdfText(bytes);
		return new TextDecoder().decode(bytes);
	}

	it('the beneficiary and their consultant do get the content (the markers are there)', async () => {
		const board = await get(`/api/v1/boards/${boardId}/snapshots/${snapshotId}`, 'consultante');
		expect(await board.text()).toContain(BOARD_WORD);
		const version = await get(`/bilans/${bilanId}/synthese/versions/1`, 'beneficiaire');
		expect(await version.text()).toContain(SYNTHESE_WORD);
		const shares = await get(`/bilans/${bilanId}/partages`, 'beneficiaire');
		expect(await shares.text()).toContain(RECIPIENT);
		const journal = await (await get(`/bilans/${bilanId}/journal`, 'beneficiaire')).text();
		expect(journal).toContain(RECIPIENT);
		expect(journal).not.toContain(SYNTHESE_WORD);
	});

	it.each(['admin', 'otherConsultant', 'otherBeneficiary', 'anonymous'] as const)(
		'%s never gets content from any page or endpoint',
		async (who) => {
			const cookie = who === 'anonymous' ? undefined : who;
			for (const path of contentPaths()) {
				const response = await get(path, cookie);
				const label = `${who} ${path}`;
				if (who === 'anonymous') {
					expect(response.status, label).toBe(path.startsWith('/api/') ? 401 : 303);
				} else {
					expect(response.status, label).toBeOneOf([403, 404]);
				}
				const text = await response.text();
				for (const word of CONTENT_WORDS) {
					expect(text, label).not.toContain(word);
				}
			}
			for (const path of metadataPaths()) {
				const response = await get(path, cookie);
				const label = `${who} ${path}`;
				if (who === 'admin') expect(response.status, label).toBe(200);
				else expect(response.status, label).toBeOneOf([303, 401, 403, 404]);
				const text = await readable(response);
				for (const word of CONTENT_WORDS) {
					expect(text, label).not.toContain(word);
				}
			}
			const share = await postForm(
				`${server.url}/bilans/${bilanId}/partages?/create`,
				{ recipientName: 'Intrus' },
				cookie ? { cookie: cookies[cookie] } : {}
			);
			if (who === 'anonymous') {
				// An anonymous form post gets SvelteKit's JSON redirect to the login page.
				expect(await share.text()).toContain('/login');
			} else {
				expect(share.status).toBeOneOf([403, 404]);
			}
			const list = await (await get(`/bilans/${bilanId}/partages`, 'beneficiaire')).text();
			expect(list).not.toContain('Intrus');
		}
	);

	it('gives test results and the agreement’s letter to the beneficiary, and the admin only their count and the dates', async () => {
		const page = await (await get(`/bilans/${bilanId}/resultats-tests`, 'beneficiaire')).text();
		expect(page).toContain(`Inventaire ${TEST_WORD}`);
		const pdf = await get(`/bilans/${bilanId}/resultats-tests/${testResultId}/pdf`, 'beneficiaire');
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(testPdf);
		const counted = await (await get(`/bilans/${bilanId}/resultats-tests`, 'admin')).text();
		expect(counted).toContain('1 résultat(s) de tests enregistré(s), le dernier le');
		const api = await (await get(`/api/v1/bilans/${bilanId}`, 'admin')).json();
		expect(api.bilan.testResults).toMatchObject({ count: 1 });
		expect(api.bilan.employerAgreement).toMatchObject({
			requestedOn: '2026-10-01',
			grantedOn: '2026-10-08',
			letterAttached: true,
			letter: null
		});
		expect((await get(`/bilans/${bilanId}/accord-employeur/pdf`, 'admin')).status).toBe(404);
		const letter = await get(`/bilans/${bilanId}/accord-employeur/pdf`, 'beneficiaire');
		expect(await pdfText(new Uint8Array(await letter.arrayBuffer()))).toContain('présence');
		const journal = await (await get(`/bilans/${bilanId}/journal`, 'admin')).text();
		expect(journal).toContain('a enregistré un résultat de test');
		expect(journal).toContain('a mis à jour l’accord de l’employeur');
	});

	it('shows the admin the metadata of the journal only', async () => {
		const journal = await (await get(`/bilans/${bilanId}/journal`, 'admin')).text();
		expect(journal).toContain('a ajouté un rendez-vous');
		expect(journal).not.toContain('a partagé la synthèse');
		expect(journal).not.toContain('a validé la synthèse');
		expect(journal).not.toContain('copie des tableaux');
		const consultant = await (await get(`/bilans/${bilanId}/journal`, 'consultante')).text();
		expect(consultant).toContain('a validé la synthèse');
		expect(consultant).not.toContain(RECIPIENT);
	});

	it('opens the share for a third party, then stops at once when revoked', async () => {
		const opened = await get(shareLink);
		expect(opened.status).toBe(200);
		expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
		expect(opened.headers.get('x-robots-tag')).toContain('noindex');
		expect(opened.headers.get('cache-control')).toBe('private, no-store');
		const html = await opened.text();
		expect(html).toContain(SYNTHESE_WORD);
		expect(html).not.toContain(BOARD_WORD);
		const pdf = await get(`${shareLink}/pdf`);
		expect(pdf.status).toBe(200);
		expect(await pdfText(new Uint8Array(await pdf.arrayBuffer()))).toContain(SYNTHESE_WORD);

		const list = await (await get(`/bilans/${bilanId}/partages`, 'beneficiaire')).text();
		const shareId = shareLink.split('/').pop()!.split('.')[0]!;
		expect(list).toContain(shareId);
		const revoked = await postForm(
			`${server.url}/bilans/${bilanId}/partages?/revoke`,
			{ shareId },
			{ cookie: cookies.beneficiaire }
		);
		expect(revoked.status).toBe(200);
		for (const path of [shareLink, `${shareLink}/pdf`]) {
			const refused = await get(path);
			expect(refused.status, path).toBe(404);
			expect(refused.headers.get('referrer-policy')).toBe('no-referrer');
			expect(await refused.text()).not.toContain(SYNTHESE_WORD);
		}
		const journal = await (await get(`/bilans/${bilanId}/journal`, 'beneficiaire')).text();
		expect(journal).toContain(`${RECIPIENT}, par le lien de partage`);
		expect(journal).toContain(`a retiré l’accès de ${RECIPIENT}`);
	});

	it('refuses an expired link like a revoked one', async () => {
		const shared = await postForm(
			`${server.url}/bilans/${bilanId}/partages?/create`,
			{ recipientName: 'Bientôt expiré', days: '1' },
			{ cookie: cookies.beneficiaire }
		);
		const link = /\/partage\/([a-z0-9]+)\.[a-z0-9]+/.exec(await shared.text())!;
		expect((await get(link[0])).status).toBe(200);
		// A day passes: the embedded database is only reachable with the server stopped.
		await server.stop();
		const database = await openDatabase({ dataDir });
		await database.db
			.update(shareLinks)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(shareLinks.id, link[1]!));
		await database.close();
		await start();
		const refused = await get(link[0]);
		expect(refused.status).toBe(404);
		expect(await refused.text()).not.toContain(SYNTHESE_WORD);
	});
});
