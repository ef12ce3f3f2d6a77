import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, loginDemoAccounts, type DemoAccount } from '../helpers/http.ts';
import { pdfText } from '../helpers/pdf.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

interface HalfDayJson {
	day: string;
	halfDay: string;
	consultant: { name: string; signedAt: string } | null;
	beneficiary: { name: string; signedAt: string } | null;
}
interface RendezVousJson {
	id: string;
	durationMinutes: number;
	endedAt: string | null;
	halfDays: HalfDayJson[];
}

/**
 * The attendance page and its exports on the built app (`npm run build` first), with the demo
 * organisation: Bruno's two past rendez-vous (5 October 09:00–11:00, 19 October 14:00–17:00).
 */
describe('attendance against a real server', () => {
	let server: TestServer;
	let bilanId: string;
	const cookies = {} as Record<DemoAccount, string>;

	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: '' });
		Object.assign(cookies, await loginDemoAccounts(server.url));
		const response = await fetch(`${server.url}/api/v1/bilans`, {
			headers: { cookie: cookies.beneficiaire }
		});
		bilanId = ((await response.json()) as { bilans: { id: string }[] }).bilans[0]!.id;
	});
	afterAll(() => server.stop());

	async function attendance(account: DemoAccount) {
		const response = await fetch(`${server.url}/api/v1/bilans/${bilanId}/attendance`, {
			headers: { cookie: cookies[account] }
		});
		const body = (await response.json()) as {
			attendance: { rendezVous: RendezVousJson[]; signAs: string | null };
		};
		return { status: response.status, headers: response.headers, body };
	}

	/** Submits a form action of the attendance page as a browser without JavaScript would. */
	function action(account: DemoAccount, name: string, fields: Record<string, string>) {
		return postForm(`${server.url}/bilans/${bilanId}/presence?/${name}`, fields, {
			cookie: cookies[account]
		});
	}

	it('the consultant and the beneficiary each sign through the page, once', async () => {
		const { body } = await attendance('beneficiaire');
		const first = body.attendance.rendezVous[0]!;
		expect(first.halfDays.map((s) => [s.day, s.halfDay])).toEqual([['2026-10-05', 'matin']]);
		const fields = { rendezVousId: first.id, day: '2026-10-05', halfDay: 'matin' };

		const unconfirmed = await action('beneficiaire', 'sign', fields);
		expect(unconfirmed.status).toBe(400);
		expect(await unconfirmed.text()).toContain('Cochez la case pour confirmer votre présence');

		expect((await action('beneficiaire', 'sign', { ...fields, confirm: 'on' })).status).toBe(200);
		expect((await action('consultante', 'sign', { ...fields, confirm: 'on' })).status).toBe(200);
		const again = await action('consultante', 'sign', { ...fields, confirm: 'on' });
		expect(again.status).toBe(400);
		expect(await again.text()).toContain('Vous avez déjà signé cette demi-journée');
		expect((await action('admin', 'sign', { ...fields, confirm: 'on' })).status).toBe(403);

		const signed = (await attendance('admin')).body.attendance;
		expect(signed.signAs).toBeNull();
		const slot = signed.rendezVous[0]!.halfDays[0]!;
		expect(slot.beneficiary?.name).toBe('Bruno Bénéficiaire');
		expect(slot.consultant?.name).toBe('Claire Consultante');

		const page = await fetch(`${server.url}/bilans/${bilanId}/presence`, {
			headers: { cookie: cookies.beneficiaire }
		});
		const html = await page.text();
		expect(html).toContain('Signé par Bruno Bénéficiaire');
		expect(html).toContain('Ce que veut dire signer');
	});

	it('the consultant ends a séance at its real end', async () => {
		const second = (await attendance('consultante')).body.attendance.rendezVous[1]!;
		const response = await action('consultante', 'end', {
			rendezVousId: second.id,
			endedAt: '2026-10-19T16:30'
		});
		expect(response.status).toBe(200);
		const ended = (await attendance('beneficiaire')).body.attendance.rendezVous[1]!;
		expect(ended.endedAt).toBe('2026-10-19T14:30:00.000Z');
		expect(ended.durationMinutes).toBe(150);
		const refused = await action('beneficiaire', 'end', { rendezVousId: second.id, endedAt: '' });
		expect(refused.status).toBe(403);
	});

	it('downloads the CSV and the PDF as private attachments; others get 404', async () => {
		const csv = await fetch(`${server.url}/bilans/${bilanId}/presence/feuille.csv`, {
			headers: { cookie: cookies.admin }
		});
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
		expect(csv.headers.get('cache-control')).toBe('private, no-store');
		const bytes = new Uint8Array(await csv.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes)).toContain('Bruno Bénéficiaire');

		const pdf = await fetch(`${server.url}/bilans/${bilanId}/presence/feuille.pdf`, {
			headers: { cookie: cookies.beneficiaire }
		});
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"$/);
		expect(await pdfText(new Uint8Array(await pdf.arrayBuffer()))).toContain('Feuille de présence');

		for (const path of ['presence/feuille.csv', 'presence/feuille.pdf', 'presence']) {
			const response = await fetch(`${server.url}/bilans/${bilanId}/${path}`, {
				headers: { cookie: cookies.beneficiaire2 }
			});
			expect(response.status, path).toBe(404);
		}
		expect((await attendance('beneficiaire2')).status).toBe(404);
	});
});
