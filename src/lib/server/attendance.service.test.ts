import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editBoard } from '../../../tests/helpers/board-content.ts';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilanWorld, newOrganisation, newUser } from '../../../tests/helpers/factories.ts';
import { pdfText } from '../../../tests/helpers/pdf.ts';
import { addCustomCard } from '../boards/values/model.ts';
import { boardKinds } from '../boards/registry.ts';
import { parisWallClockToDate } from '../bilans/dates.ts';
import { attendanceCsv, attendancePdf } from './attendance-export.ts';
import {
	ALREADY_SIGNED,
	attendanceSheet,
	NOT_STARTED,
	signAttendance
} from './attendance.service.ts';
import { getBilan } from './bilans.service.ts';
import { ValidationError } from './bilans.validation.ts';
import { createBoard } from './boards.service.ts';
import { attendanceSignatures, auditEvents, boardSnapshots } from './db/schema.ts';
import {
	ALREADY_ENDED,
	addRendezVous,
	endSeance,
	suggestedEnd,
	type RendezVous
} from './rendezvous.service.ts';

const at = (y: number, mo: number, d: number, h: number, mi = 0) =>
	parisWallClockToDate(y, mo, d, h, mi);

/** A secret only a board holds: it must never reach an attendance export. */
const BOARD_SECRET = 'Jardiner en secret';

describe('the real end suggested when ending a séance', () => {
	// Planned 09:00–11:00 on 7 December 2026.
	const item = { startsAt: at(2026, 12, 7, 9), durationMinutes: 120, endedAt: null } as RendezVous;
	it('is now while the séance runs or has just ended, the planned end once long past', () => {
		for (const now of [at(2026, 12, 7, 10, 40), at(2026, 12, 7, 11, 20), at(2026, 12, 7, 12)]) {
			expect(suggestedEnd(item, now)).toEqual(now);
		}
		expect(suggestedEnd(item, at(2026, 12, 7, 12, 1))).toEqual(at(2026, 12, 7, 11));
		expect(suggestedEnd(item, at(2027, 1, 4, 9))).toEqual(at(2026, 12, 7, 11));
	});
});

describe.each(testDrivers())('attendance on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	/** A bilan with a rendez-vous on 7 December 2026 from 11:30 to 14:00 (both half-days). */
	async function world(names: { consultant?: string; beneficiary?: string } = {}) {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db, {
			organisation: 'Cabinet Horizon',
			consultant: names.consultant ?? 'Claire Martin',
			beneficiary: names.beneficiary ?? 'Bruno Petit',
			bilan: { plannedMinutes: 20 * 60 }
		});
		const otherConsultant = await newUser(db, 'consultant', org.id);
		const foreignOrg = await newOrganisation(db, 'Autre cabinet');
		const foreignAdmin = await newUser(db, 'admin', foreignOrg.id);
		const foreignConsultant = await newUser(db, 'consultant', foreignOrg.id);
		const rdv = await addRendezVous(db, consultant, bilan.id, {
			startsAt: '2026-12-07T11:30',
			durationMinutes: '150',
			mode: 'presentiel'
		});
		return {
			admin,
			consultant,
			otherConsultant,
			beneficiary,
			bilan,
			foreignAdmin,
			foreignConsultant,
			rdv
		};
	}

	const morning = (rendezVousId: string) => ({ rendezVousId, day: '2026-12-07', halfDay: 'matin' });
	const afternoon = (rendezVousId: string) => ({
		rendezVousId,
		day: '2026-12-07',
		halfDay: 'apres_midi'
	});
	const during = { now: at(2026, 12, 7, 13, 30) };

	async function failure(promise: Promise<unknown>) {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error, 'expected a failure').toBeInstanceOf(Error);
		return error as Error & { reason?: string };
	}

	describe('the sheet', () => {
		it('lists each half-day of each rendez-vous with times, mode, phase and hours', async () => {
			const w = await world();
			const sheet = await attendanceSheet(database.db, w.admin, w.bilan.id, during.now);
			expect(sheet.organisationName).toBe('Cabinet Horizon');
			expect(sheet.signAs).toBeNull();
			expect(sheet.canEndSeance).toBe(false);
			const [item] = sheet.rendezVous;
			expect(item!.endsAt.toISOString()).toBe('2026-12-07T13:00:00.000Z');
			expect(
				item!.halfDays.map((s) => [s.day, s.halfDay, s.minutes, s.mode, s.phase, s.open])
			).toEqual([
				['2026-12-07', 'matin', 90, 'presentiel', 'investigation', true],
				['2026-12-07', 'apres_midi', 60, 'presentiel', 'investigation', true]
			]);
			expect(sheet.hours).toEqual({
				usedMinutes: 150,
				plannedMinutes: 1200,
				legalMaxMinutes: 1440,
				status: 'ok',
				signedMinutes: 0
			});
			const early = await attendanceSheet(
				database.db,
				w.beneficiary,
				w.bilan.id,
				at(2026, 12, 7, 12)
			);
			expect(early.signAs).toBe('beneficiary');
			expect(early.rendezVous[0]!.halfDays.map((s) => s.open)).toEqual([true, false]);
			const mine = await attendanceSheet(database.db, w.consultant, w.bilan.id);
			expect([mine.signAs, mine.canEndSeance]).toEqual(['consultant', true]);
		});

		it('is not found for another organisation or a consultant not in charge', async () => {
			const w = await world();
			for (const actor of [w.foreignAdmin, w.foreignConsultant, w.otherConsultant]) {
				expect((await failure(attendanceSheet(database.db, actor, w.bilan.id))).reason).toBe(
					'not_found'
				);
			}
		});
	});

	describe('signing', () => {
		it('each person signs their own half-day, with time, name, IP and browser, audited', async () => {
			const w = await world();
			const context = { ...during, ip: '192.0.2.7', userAgent: 'Navigateur de test' };
			const signature = await signAttendance(
				database.db,
				w.beneficiary,
				morning(w.rdv.id),
				context
			);
			expect(signature).toMatchObject({
				rendezVousId: w.rdv.id,
				day: '2026-12-07',
				halfDay: 'matin',
				signerId: w.beneficiary.id,
				signerRole: 'beneficiary',
				signerName: 'Bruno Petit',
				ip: '192.0.2.7',
				userAgent: 'Navigateur de test'
			});
			expect(signature.signedAt.toISOString()).toBe(during.now.toISOString());
			await signAttendance(database.db, w.consultant, morning(w.rdv.id), during);
			const sheet = await attendanceSheet(database.db, w.admin, w.bilan.id, during.now);
			const [am, pm] = sheet.rendezVous[0]!.halfDays;
			expect(am!.consultant?.name).toBe('Claire Martin');
			expect(am!.beneficiary?.signedAt.toISOString()).toBe(during.now.toISOString());
			expect([pm!.consultant, pm!.beneficiary]).toEqual([null, null]);
			expect(sheet.hours.signedMinutes).toBe(90);
			const audits = await database.db
				.select()
				.from(auditEvents)
				.where(
					and(eq(auditEvents.targetId, w.bilan.id), eq(auditEvents.action, 'attendance.sign'))
				);
			expect(audits.map((a) => a.detail?.role).sort()).toEqual(['beneficiary', 'consultant']);
			expect(audits.find((a) => a.actorId === w.beneficiary.id)?.ip).toBe('192.0.2.7');
		});

		it('refuses before the half-day starts', async () => {
			const w = await world();
			const error = await failure(
				signAttendance(database.db, w.beneficiary, afternoon(w.rdv.id), {
					now: at(2026, 12, 7, 12, 59)
				})
			);
			expect(error).toBeInstanceOf(ValidationError);
			expect(error.message).toBe(NOT_STARTED);
			await signAttendance(database.db, w.beneficiary, afternoon(w.rdv.id), {
				now: at(2026, 12, 7, 13)
			});
		});

		it('a second click is a clear message, even when both arrive together', async () => {
			const w = await world();
			await signAttendance(database.db, w.consultant, morning(w.rdv.id), during);
			const again = await failure(
				signAttendance(database.db, w.consultant, morning(w.rdv.id), during)
			);
			expect(again).toBeInstanceOf(ValidationError);
			expect(again.message).toBe(ALREADY_SIGNED);
			const results = await Promise.allSettled([
				signAttendance(database.db, w.beneficiary, afternoon(w.rdv.id), during),
				signAttendance(database.db, w.beneficiary, afternoon(w.rdv.id), during)
			]);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
			expect(rejected.reason).toBeInstanceOf(ValidationError);
			expect((rejected.reason as Error).message).toBe(ALREADY_SIGNED);
			const rows = await database.db
				.select()
				.from(attendanceSignatures)
				.where(eq(attendanceSignatures.rendezVousId, w.rdv.id));
			expect(rows).toHaveLength(2);
		});

		it('admins never sign; others cannot even see the rendez-vous', async () => {
			const w = await world();
			expect(
				(await failure(signAttendance(database.db, w.admin, morning(w.rdv.id), during))).reason
			).toBe('forbidden');
			for (const actor of [w.otherConsultant, w.foreignAdmin, w.foreignConsultant]) {
				const error = await failure(signAttendance(database.db, actor, morning(w.rdv.id), during));
				expect(error.reason).toBe('not_found');
			}
			const unknown = { ...morning(crypto.randomUUID()) };
			expect(
				(await failure(signAttendance(database.db, w.beneficiary, unknown, during))).reason
			).toBe('not_found');
			const rows = await database.db
				.select()
				.from(attendanceSignatures)
				.where(eq(attendanceSignatures.rendezVousId, w.rdv.id));
			expect(rows).toEqual([]);
		});

		it('refuses a half-day the rendez-vous does not cover', async () => {
			const w = await world();
			for (const input of [
				{ rendezVousId: w.rdv.id, day: '2026-12-08', halfDay: 'matin' },
				{ rendezVousId: w.rdv.id, day: '2026-12-07', halfDay: 'soir' },
				{ rendezVousId: w.rdv.id, day: 'hier', halfDay: 'matin' }
			]) {
				expect(
					await failure(signAttendance(database.db, w.beneficiary, input, during))
				).toBeInstanceOf(ValidationError);
			}
		});
	});

	describe('ending a séance', () => {
		it('records the real end, the real hours, and snapshots every board', async () => {
			const w = await world();
			const board = await createBoard(
				database.db,
				w.consultant,
				w.bilan.id,
				{ kind: 'values', title: 'Mes valeurs' },
				boardKinds
			);
			await editBoard(database.db, board.id, (doc) => addCustomCard(doc, { label: BOARD_SECRET }));
			const now = at(2026, 12, 7, 15);
			for (const actor of [w.beneficiary, w.admin]) {
				expect((await failure(endSeance(database.db, actor, w.rdv.id, {}, now))).reason).toBe(
					'forbidden'
				);
			}
			const early = await failure(
				endSeance(database.db, w.consultant, w.rdv.id, {}, at(2026, 12, 7, 11))
			);
			expect(early).toBeInstanceOf(ValidationError);
			const ended = await endSeance(
				database.db,
				w.consultant,
				w.rdv.id,
				{ endedAt: '2026-12-07T12:45' },
				now
			);
			expect(ended.endedAt?.toISOString()).toBe('2026-12-07T11:45:00.000Z');
			expect(ended.durationMinutes).toBe(75);
			expect((await getBilan(database.db, w.admin, w.bilan.id)).usedMinutes).toBe(75);
			const sheet = await attendanceSheet(database.db, w.beneficiary, w.bilan.id, now);
			expect(sheet.rendezVous[0]!.halfDays.map((s) => [s.halfDay, s.minutes])).toEqual([
				['matin', 75]
			]);
			const snapshots = await database.db
				.select()
				.from(boardSnapshots)
				.where(eq(boardSnapshots.boardId, board.id));
			expect(snapshots.map((s) => [s.trigger, s.createdBy])).toEqual([['seance', w.consultant.id]]);
			expect(snapshots[0]!.label).toContain('Fin de la séance du lundi 7 décembre 2026');
			const again = await failure(endSeance(database.db, w.consultant, w.rdv.id, {}, now));
			expect(again.message).toBe(ALREADY_ENDED);
		});

		it('keeps signed half-days inside the séance and the end within reason', async () => {
			const w = await world();
			await signAttendance(database.db, w.beneficiary, afternoon(w.rdv.id), during);
			const now = at(2026, 12, 7, 14, 30);
			for (const endedAt of [
				'2026-12-07T12:45',
				'2026-12-07T15:00',
				'2026-12-07T11:00',
				'bientôt'
			]) {
				const error = await failure(
					endSeance(database.db, w.consultant, w.rdv.id, { endedAt }, now)
				);
				expect(error, endedAt).toBeInstanceOf(ValidationError);
			}
			const ended = await endSeance(database.db, w.consultant, w.rdv.id, {}, now);
			expect(ended.durationMinutes).toBe(180);
		});
	});

	describe('exports', () => {
		it('CSV: BOM, semicolons, one line per half-day, escaped names, totals, no board content', async () => {
			const w = await world({ consultant: 'Claire "Cla" Martin', beneficiary: 'Bruno; Petit' });
			const board = await createBoard(
				database.db,
				w.consultant,
				w.bilan.id,
				{ kind: 'values', title: 'Mes valeurs' },
				boardKinds
			);
			await editBoard(database.db, board.id, (doc) => addCustomCard(doc, { label: BOARD_SECRET }));
			await signAttendance(database.db, w.beneficiary, morning(w.rdv.id), during);
			const csv = await attendanceCsv(database.db, w.beneficiary, w.bilan.id, during.now);
			expect(csv.startsWith('\uFEFFOrganisme;Bénéficiaire;Consultant·e;Financement;Date;')).toBe(
				true
			);
			const lines = csv.slice(1).split('\r\n');
			expect(lines[1]).toBe(
				'Cabinet Horizon;"Bruno; Petit";"Claire ""Cla"" Martin";CPF (Mon compte formation);' +
					'07/12/2026;Matin;11:30;13:00;90;1 h 30;Présentiel;Investigation;non signé;07/12/2026 13:30'
			);
			expect(lines[2]).toBe(
				'Cabinet Horizon;"Bruno; Petit";"Claire ""Cla"" Martin";CPF (Mon compte formation);' +
					'07/12/2026;Après-midi;13:00;14:00;60;1 h;Présentiel;Investigation;non signé;non signé'
			);
			expect(lines).toContain('Total des heures réalisées;;;;;;;;150;2 h 30');
			expect(lines).toContain('Heures prévues;;;;;;;;1200;20 h');
			expect(lines).toContain('Maximum légal (R6313-4);;;;;;;;1440;24 h');
			expect(csv).not.toContain(BOARD_SECRET);
			expect(csv).not.toContain('Mes valeurs');
		});

		it('CSV: a name cannot become a spreadsheet formula', async () => {
			const w = await world({ beneficiary: '=HYPERLINK("http://x")' });
			const csv = await attendanceCsv(database.db, w.admin, w.bilan.id, during.now);
			expect(csv).toContain(';"\'=HYPERLINK(""http://x"")";');
		});

		it('PDF: parsed back, with people, half-days, signatures and hours, no board content', async () => {
			const w = await world();
			const board = await createBoard(
				database.db,
				w.consultant,
				w.bilan.id,
				{ kind: 'values', title: 'Mes valeurs' },
				boardKinds
			);
			await editBoard(database.db, board.id, (doc) => addCustomCard(doc, { label: BOARD_SECRET }));
			await signAttendance(database.db, w.consultant, morning(w.rdv.id), during);
			const text = await pdfText(await attendancePdf(database.db, w.admin, w.bilan.id, during.now));
			for (const expected of [
				'Cabinet Horizon',
				'Feuille de présence',
				'Bruno Petit',
				'Claire Martin',
				'07/12/2026',
				'Matin',
				'Après-midi',
				'11:30 – 13:00',
				'le 07/12/2026 13:30',
				'Non signé',
				'2 h 30 sur 20 h prévues',
				'24 h'
			]) {
				expect(text).toContain(expected);
			}
			expect(text).not.toContain(BOARD_SECRET);
			expect(text).not.toContain('Mes valeurs');
			const audits = await database.db
				.select()
				.from(auditEvents)
				.where(
					and(eq(auditEvents.targetId, w.bilan.id), eq(auditEvents.action, 'attendance.export'))
				);
			expect(audits.map((a) => a.detail)).toEqual([{ format: 'pdf' }]);
		});

		it('exports are for those who see the bilan only', async () => {
			const w = await world();
			for (const actor of [w.foreignAdmin, w.otherConsultant]) {
				expect((await failure(attendanceCsv(database.db, actor, w.bilan.id))).reason).toBe(
					'not_found'
				);
				expect((await failure(attendancePdf(database.db, actor, w.bilan.id))).reason).toBe(
					'not_found'
				);
			}
		});
	});
});
