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
import { createBilan, updateBilan } from './bilans.service.ts';
import { auditEvents, bilanClosures, employerAgreements } from './db/schema.ts';
import {
	employerAgreementAttachment,
	employerAgreementOf,
	saveEmployerAgreement
} from './employer-agreement.service.ts';
import { carryOutErasure, requestErasure } from './gdpr.service.ts';
import { runRetention } from './retention.service.ts';

const MAX = 64 * 1024;
const LETTER = new TextEncoder().encode('%PDF-1.4\n% accord signé\n%%EOF\n');
const dates = { requestedOn: '2026-09-01', grantedOn: '2026-09-15' };

describe.each(testDrivers())('the employer’s agreement on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const w = await newBilanWorld(db, { bilan: { workingTime: true } });
		const otherConsultant = await newUser(db, 'consultant', w.org.id);
		const otherBeneficiary = await newUser(db, 'beneficiary', w.org.id);
		const otherAdmin = await newUser(db, 'admin');
		return { db, ...w, otherConsultant, otherBeneficiary, otherAdmin };
	}

	it('is a funding fact: recorded by those who manage the bilan, its letter read by the bilan’s two people', async () => {
		const w = await world();
		expect(await employerAgreementOf(w.db, w.consultant, w.bilan)).toBeNull();
		const saved = await saveEmployerAgreement(w.db, w.consultant, w.bilan.id, dates, LETTER, MAX);
		expect(saved).toMatchObject({ ...dates, attachmentSize: LETTER.length });
		for (const reader of [w.admin, w.consultant, w.beneficiary]) {
			expect(await employerAgreementOf(w.db, reader, w.bilan)).toMatchObject(dates);
		}
		for (const reader of [w.consultant, w.beneficiary]) {
			const letter = await employerAgreementAttachment(w.db, reader, w.bilan.id);
			expect(new Uint8Array(letter)).toEqual(LETTER);
		}
		// An admin learns that a letter is attached, never what it says.
		expect(await reason(employerAgreementAttachment(w.db, w.admin, w.bilan.id))).toBe('not_found');
		// The admin records it too (funding is theirs to manage); the beneficiary does not.
		await saveEmployerAgreement(
			w.db,
			w.admin,
			w.bilan.id,
			{ requestedOn: '2026-09-02' },
			null,
			MAX
		);
		expect(
			await reason(saveEmployerAgreement(w.db, w.beneficiary, w.bilan.id, dates, null, MAX))
		).toBe('forbidden');
		for (const outsider of [w.otherConsultant, w.otherBeneficiary, w.otherAdmin]) {
			expect(await reason(employerAgreementOf(w.db, outsider, w.bilan))).toBe('not_found');
			expect(await reason(employerAgreementAttachment(w.db, outsider, w.bilan.id))).toBe(
				'not_found'
			);
			expect(
				await reason(saveEmployerAgreement(w.db, outsider, w.bilan.id, dates, null, MAX))
			).toBe('not_found');
		}
		const events = await w.db
			.select({ action: auditEvents.action, detail: auditEvents.detail })
			.from(auditEvents)
			.where(eq(auditEvents.targetId, w.bilan.id));
		expect(events).toEqual([
			{ action: 'employer_agreement.update', detail: { ...dates, attachment: true } },
			{
				action: 'employer_agreement.update',
				detail: { requestedOn: '2026-09-02', grantedOn: null, attachment: true }
			}
		]);
	});

	it('keeps its letter until replaced or removed, and refuses what is not a PDF or out of order', async () => {
		const w = await world();
		await saveEmployerAgreement(w.db, w.consultant, w.bilan.id, dates, LETTER, MAX);
		const kept = await saveEmployerAgreement(w.db, w.consultant, w.bilan.id, dates, null, MAX);
		expect(kept.attachmentSize).toBe(LETTER.length);
		const fields = (input: object, file: Uint8Array | null) =>
			saveEmployerAgreement(w.db, w.consultant, w.bilan.id, input, file, MAX).then(
				(): Record<string, string> => ({}),
				(error: { fields: Record<string, string> }) => error.fields
			);
		expect(await fields({ requestedOn: '2026-09-15', grantedOn: '2026-09-01' }, null)).toEqual({
			grantedOn: 'L’accord ne peut pas être donné avant d’avoir été demandé.'
		});
		expect((await fields(dates, new TextEncoder().encode('accord'))).attachment).toMatch(
			/pas un PDF/
		);
		const removed = await saveEmployerAgreement(
			w.db,
			w.consultant,
			w.bilan.id,
			{ ...dates, removeAttachment: 'true' },
			null,
			MAX
		);
		expect(removed.attachmentSize).toBeNull();
		expect(await reason(employerAgreementAttachment(w.db, w.consultant, w.bilan.id))).toBe(
			'not_found'
		);
	});

	it('goes into the archive, outlives the retention of the content, and loses its letter at erasure', async () => {
		const w = await world();
		await saveEmployerAgreement(w.db, w.consultant, w.bilan.id, dates, LETTER, MAX);
		const zip = unzipSync(await bilanArchive(w.db, w.beneficiary, w.bilan.id));
		expect(zip['accord-employeur/courrier.pdf']).toEqual(LETTER);
		expect(JSON.parse(strFromU8(zip['accord-employeur/accord.json']!))).toEqual({
			demandeLe: dates.requestedOn,
			donneLe: dates.grantedOn,
			courrier: 'accord-employeur/courrier.pdf'
		});

		const past = new Date('2026-01-01T00:00:00Z');
		await w.db.insert(bilanClosures).values({
			bilanId: w.bilan.id,
			kept: { synthese: false, boardIds: [] },
			agreedAt: past,
			closedAt: past,
			retainUntil: past
		});
		await runRetention(w.db, new Date('2026-02-01T00:00:00Z'));
		const agreement = () =>
			w.db.select().from(employerAgreements).where(eq(employerAgreements.bilanId, w.bilan.id));
		expect((await agreement())[0]).toMatchObject({ ...dates, attachmentSize: LETTER.length });

		await requestErasure(w.db, w.beneficiary);
		await carryOutErasure(w.db, w.admin, w.bilan.beneficiaryId);
		expect((await agreement())[0]).toMatchObject({
			...dates,
			attachment: null,
			attachmentSize: null
		});
	});

	it('follows the bilan’s working-time field, set when opened or edited', async () => {
		const w = await world();
		const base = {
			beneficiaryId: w.beneficiary.id,
			funding: 'cpf',
			format: 'distanciel',
			startDate: '2026-11-02',
			plannedHours: '24'
		};
		expect((await createBilan(w.db, w.consultant, base)).workingTime).toBe(false);
		const opened = await createBilan(w.db, w.consultant, { ...base, workingTime: 'true' });
		expect(opened.workingTime).toBe(true);
		const edited = await updateBilan(w.db, w.consultant, opened.id, { workingTime: 'false' });
		expect(edited.workingTime).toBe(false);
		expect(
			await reason(updateBilan(w.db, w.consultant, opened.id, { workingTime: 'parfois' }))
		).toBe('invalid');
	});
});
