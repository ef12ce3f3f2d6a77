import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { bilanArchive } from './archive.service.ts';
import { closeBilan, getClosure, recordAgreement } from './closure.service.ts';
import { auditEvents, bilanClosures, bilans, testResults } from './db/schema.ts';
import { exportMyData } from './gdpr.service.ts';
import { readJournal } from './journal.service.ts';
import { runRetention } from './retention.service.ts';
import {
	addTestResult,
	deleteTestResult,
	TEST_RESULTS_PER_BILAN,
	testResultAttachment,
	testResultsOf
} from './test-results.service.ts';

const MAX = 64 * 1024;
const NAME = 'Inventaire Marqueurnom';
const RESULT = 'Profil Marqueurresultat : goût marqué pour le contact.';
const PDF = new TextEncoder().encode('%PDF-1.4\n% Marqueurpdf\n%%EOF\n');
const input = { name: NAME, takenOn: '2026-10-12', result: RESULT };

describe.each(testDrivers())('test results on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world(phase: 'investigation' | 'conclusion' = 'investigation') {
		const db = database.db;
		const w = await newBilanWorld(db, { beneficiary: 'Bruno Lefèvre', bilan: { phase } });
		const otherConsultant = await newUser(db, 'consultant', w.org.id);
		const otherBeneficiary = await newUser(db, 'beneficiary', w.org.id);
		const otherAdmin = await newUser(db, 'admin');
		return { db, ...w, otherConsultant, otherBeneficiary, otherAdmin };
	}

	it('are recorded by the consultant in charge, read by the beneficiary, counted for an admin', async () => {
		const w = await world();
		const added = await addTestResult(w.db, w.consultant, w.bilan.id, input, PDF, MAX);
		expect(added).toMatchObject({ name: NAME, takenOn: '2026-10-12', attachmentSize: PDF.length });

		const seen = await testResultsOf(w.db, w.beneficiary, w.bilan);
		expect(seen).toMatchObject({ visible: true, canRecord: false });
		expect(seen.visible && seen.results.map((r) => [r.name, r.result])).toEqual([[NAME, RESULT]]);
		const file = await testResultAttachment(w.db, w.beneficiary, w.bilan.id, added.id);
		expect(new Uint8Array(file.bytes)).toEqual(PDF);
		expect(await testResultsOf(w.db, w.consultant, w.bilan)).toMatchObject({ canRecord: true });

		// An admin: that one exists and when, nothing of the test.
		const counted = await testResultsOf(w.db, w.admin, w.bilan);
		expect(counted).toEqual({ visible: false, count: 1, lastRecordedAt: added.createdAt });
		expect(JSON.stringify(counted)).not.toMatch(/Marqueur/);
		expect(await reason(testResultAttachment(w.db, w.admin, w.bilan.id, added.id))).toBe(
			'not_found'
		);
		for (const outsider of [w.otherConsultant, w.otherBeneficiary, w.otherAdmin]) {
			expect(await reason(testResultsOf(w.db, outsider, w.bilan))).toBe('not_found');
			expect(await reason(testResultAttachment(w.db, outsider, w.bilan.id, added.id))).toBe(
				'not_found'
			);
			expect(await reason(addTestResult(w.db, outsider, w.bilan.id, input, null, MAX))).toBe(
				'not_found'
			);
		}
		expect(await reason(addTestResult(w.db, w.admin, w.bilan.id, input, null, MAX))).toBe(
			'not_found'
		);
		expect(await reason(addTestResult(w.db, w.beneficiary, w.bilan.id, input, null, MAX))).toBe(
			'forbidden'
		);
		expect(await reason(deleteTestResult(w.db, w.beneficiary, w.bilan.id, added.id))).toBe(
			'forbidden'
		);
	});

	it('refuses a missing field, a file that is not a PDF or too heavy, and keeps nothing of it', async () => {
		const w = await world();
		const refused = (fields: object, file: Uint8Array | null, max = MAX) =>
			addTestResult(w.db, w.consultant, w.bilan.id, { ...input, ...fields }, file, max).then(
				(): Record<string, string> => ({}),
				(error: { fields: Record<string, string> }) => error.fields
			);
		expect(Object.keys(await refused({ name: ' ', takenOn: '12/10/2026' }, null))).toEqual([
			'name',
			'takenOn'
		]);
		expect(await refused({ result: 'x'.repeat(4001) }, null)).toHaveProperty('result');
		const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		expect((await refused({}, png)).attachment).toMatch(/pas un PDF/);
		expect((await refused({}, PDF, PDF.length - 1)).attachment).toMatch(/trop lourd/);
		expect(
			await w.db.select().from(testResults).where(eq(testResults.bilanId, w.bilan.id))
		).toEqual([]);
	});

	it('holds a bounded number of results per bilan', async () => {
		const w = await world();
		const rows = Array.from({ length: TEST_RESULTS_PER_BILAN }, (_, i) => ({
			bilanId: w.bilan.id,
			name: `Test ${i}`,
			takenOn: '2026-10-01',
			result: 'Noté'
		}));
		await w.db.insert(testResults).values(rows);
		expect(await reason(addTestResult(w.db, w.consultant, w.bilan.id, input, null, MAX))).toBe(
			'invalid'
		);
	});

	it('journals their recording and removal as metadata, which an admin reads without the test', async () => {
		const w = await world();
		const added = await addTestResult(w.db, w.consultant, w.bilan.id, input, null, MAX);
		await deleteTestResult(w.db, w.consultant, w.bilan.id, added.id);
		expect(await reason(deleteTestResult(w.db, w.consultant, w.bilan.id, added.id))).toBe(
			'not_found'
		);
		const events = await w.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.targetId, w.bilan.id));
		expect(events.map((e) => e.action)).toEqual(['test_result.create', 'test_result.delete']);
		expect(JSON.stringify(events)).not.toMatch(/Marqueur/);
		const journal = await readJournal(w.db, w.admin, w.bilan.id);
		expect(journal.events.map((e) => e.action)).toEqual([
			'test_result.delete',
			'test_result.create'
		]);
		expect(journal.events.every((e) => Object.keys(e.detail).length === 0)).toBe(true);
	});

	it('are read-only once the bilan is closed', async () => {
		const w = await world();
		await w.db.update(bilans).set({ phase: 'suivi' }).where(eq(bilans.id, w.bilan.id));
		expect(await reason(addTestResult(w.db, w.consultant, w.bilan.id, input, null, MAX))).toBe(
			'forbidden'
		);
	});

	it('go into the archive and the GDPR export with their PDF', async () => {
		const w = await world();
		await addTestResult(w.db, w.consultant, w.bilan.id, input, PDF, MAX);
		await addTestResult(
			w.db,
			w.consultant,
			w.bilan.id,
			{ name: 'Test sans compte rendu', takenOn: '2026-10-20', result: 'Moyen' },
			null,
			MAX
		);
		const zip = unzipSync(await bilanArchive(w.db, w.beneficiary, w.bilan.id));
		const pdfName = 'resultats-tests/01_2026-10-12_inventaire-marqueurnom.pdf';
		expect(zip[pdfName]).toEqual(PDF);
		const listed = JSON.parse(strFromU8(zip['resultats-tests/resultats.json']!));
		expect(listed.resultats).toEqual([
			expect.objectContaining({
				test: NAME,
				date: '2026-10-12',
				resultat: RESULT,
				compteRendu: pdfName
			}),
			expect.objectContaining({ test: 'Test sans compte rendu', compteRendu: null })
		]);
		expect(strFromU8(zip['README.txt']!)).toContain(pdfName);
		expect(await reason(bilanArchive(w.db, w.admin, w.bilan.id))).toBe('not_found');

		const exported = unzipSync(await exportMyData(w.db, w.beneficiary));
		expect(exported[`bilans/01-2026-10-01/dossier/${pdfName}`]).toEqual(PDF);
	});

	it('are destroyed at the close unless the beneficiary keeps them, then at the end of retention', async () => {
		for (const keep of [false, true]) {
			const w = await world('conclusion');
			await addTestResult(w.db, w.consultant, w.bilan.id, input, PDF, MAX);
			expect((await getClosure(w.db, w.beneficiary, w.bilan.id)).testResults).toBe(1);
			await recordAgreement(w.db, w.beneficiary, w.bilan.id, {
				synthese: 'false',
				...(keep ? { testResults: 'on' } : {})
			});
			const closedAt = new Date('2026-11-26T15:00:00Z');
			await closeBilan(w.db, w.consultant, w.bilan.id, { withoutSynthese: true }, closedAt);
			const left = () => w.db.select().from(testResults).where(eq(testResults.bilanId, w.bilan.id));
			expect(await left(), `kept: ${keep}`).toHaveLength(keep ? 1 : 0);
			const [closure] = await w.db
				.select()
				.from(bilanClosures)
				.where(eq(bilanClosures.bilanId, w.bilan.id));
			await runRetention(w.db, closure!.retainUntil!);
			expect(await left()).toEqual([]);
		}
	});
});
