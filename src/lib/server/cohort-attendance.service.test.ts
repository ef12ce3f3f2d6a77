import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { actorOf as actor, newCohort } from '../../../tests/helpers/cohort-world.ts';
import { ALREADY_SIGNED, NOT_STARTED } from './attendance.service.ts';
import { ValidationError } from './bilans.validation.ts';
import { cohortAttendanceCsv, cohortAttendancePdf } from './cohort-attendance-export.ts';
import { cohortAttendanceSheet, signCohortAttendance } from './cohort-attendance.service.ts';
import { addSeance } from './cohorts.service.ts';
import { attendanceSignatures, auditEvents, type User } from './db/schema.ts';

/** 7 December 2026, 09:30 Paris: the group séance (09:00–12:00) has started this morning. */
const NOW = new Date('2026-12-07T08:30:00Z');
const MORNING = { day: '2026-12-07', halfDay: 'matin' };

describe.each(testDrivers())('cohort attendance on %s', (driver) => {
	const database = useTestDatabase(driver);

	/** A cohort: its facilitator, A and B (charter accepted), C (joined only), admins. */
	async function world() {
		const db = database.db;
		const { u, cohort } = await newCohort(db, {
			organisation: 'Cabinet Horizon',
			names: { facilitator: 'Fanny Anim', a: 'Alice Martin', b: 'Bastien Roux' },
			startDate: '2026-12-07'
		});
		const seance = await addSeance(db, actor(u.facilitator), cohort.id, {
			startsAt: '2026-12-07T09:00',
			durationMinutes: '180'
		});
		const sign = (who: User, input: Record<string, unknown> = {}) =>
			signCohortAttendance(
				db,
				actor(who),
				{ cohortSeanceId: seance.id, ...MORNING, ...input },
				{ now: NOW, ip: '192.0.2.7', userAgent: 'Vitest' }
			);
		return { db, u, cohort, seance, sign };
	}

	async function refusal(promise: Promise<unknown>) {
		return promise.then(
			() => {
				throw new Error('expected a refusal');
			},
			(cause: unknown) => cause as Error & { status?: number; fields?: Record<string, string> }
		);
	}

	it('lets each participant and the facilitator sign their own half-day, once, from its start', async () => {
		const { db, u, cohort, seance, sign } = await world();
		const signed = await sign(u.a);
		expect(signed).toMatchObject({
			cohortSeanceId: seance.id,
			rendezVousId: null,
			signerId: u.a.id,
			signerName: 'Alice Martin',
			signerRole: 'beneficiary',
			ip: '192.0.2.7'
		});
		await sign(u.facilitator);
		// Naming someone else in the input changes nothing: the signature is the actor's.
		await sign(u.b, { signerId: u.a.id });
		const rows = await db
			.select()
			.from(attendanceSignatures)
			.where(eq(attendanceSignatures.cohortSeanceId, seance.id));
		expect(rows.map((r) => r.signerId).sort()).toEqual([u.a.id, u.b.id, u.facilitator.id].sort());

		const twice = await refusal(sign(u.a));
		expect(twice).toBeInstanceOf(ValidationError);
		expect(twice.fields).toEqual({ halfDay: ALREADY_SIGNED });
		const early = await refusal(sign(u.a, { halfDay: 'apres_midi' }));
		expect(early.fields?.halfDay).toBe('La séance n’a pas lieu à ce moment-là.');
		const later = await addSeance(db, actor(u.facilitator), cohort.id, {
			startsAt: '2026-12-14T09:00',
			durationMinutes: '120'
		});
		const notYet = await refusal(
			sign(u.a, { cohortSeanceId: later.id, day: '2026-12-14', halfDay: 'matin' })
		);
		expect(notYet.fields).toEqual({ halfDay: NOT_STARTED });

		const audits = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'attendance.sign'), eq(auditEvents.targetId, cohort.id)));
		expect(audits).toHaveLength(3);
		expect(audits.every((a) => a.targetType === 'cohort')).toBe(true);
	});

	it('refuses signing to an admin, someone who has not accepted the charter, and other organisations', async () => {
		const { u, sign } = await world();
		expect((await refusal(sign(u.admin))).status).toBe(403);
		expect((await refusal(sign(u.c))).status).toBe(403);
		expect((await refusal(sign(u.otherAdmin))).status).toBe(404);
		expect((await refusal(sign(u.a, { cohortSeanceId: 'pas-un-id' }))).status).toBe(404);
	});

	it('shows a participant only their own signatures, the facilitator and the admin all of them', async () => {
		const { db, u, cohort, sign } = await world();
		await sign(u.a);
		await sign(u.facilitator);
		const sheet = (who: User) => cohortAttendanceSheet(db, actor(who), cohort.id, NOW);

		const forB = await sheet(u.b);
		expect(forB.seesAll).toBe(false);
		expect(forB.signAs).toBe('beneficiary');
		expect(forB.signers.map((s) => s.id)).toEqual([u.b.id]);
		expect(forB.seances[0]!.halfDays[0]!.signatures).toEqual({});

		const forA = await sheet(u.a);
		expect(Object.keys(forA.seances[0]!.halfDays[0]!.signatures)).toEqual([u.a.id]);

		for (const reader of [u.facilitator, u.admin]) {
			const full = await sheet(reader);
			expect(full.seesAll).toBe(true);
			expect(full.signers.map((s) => s.name)).toEqual([
				'Fanny Anim',
				'Alice Martin',
				'Bastien Roux'
			]);
			const slot = full.seances[0]!.halfDays[0]!;
			expect(Object.keys(slot.signatures).sort()).toEqual([u.a.id, u.facilitator.id].sort());
			expect(slot.open).toBe(true);
		}
		expect((await sheet(u.admin)).signAs).toBeNull();
		expect((await refusal(sheet(u.otherAdmin))).status).toBe(404);
		expect((await refusal(sheet(u.c))).status).toBe(404);
	});

	it('exports the sheet for the facilitator and the admin only, names and times without content', async () => {
		const { db, u, cohort, sign } = await world();
		await sign(u.a);
		const csv = await cohortAttendanceCsv(db, actor(u.admin), cohort.id, NOW);
		expect(csv.startsWith('\uFEFFOrganisme;Cohorte;Date;Demi-journée')).toBe(true);
		const lines = csv.split('\r\n');
		const alice = lines.find((line) => line.includes('Alice Martin'))!;
		expect(alice).toContain('Cabinet Horizon;Printemps;07/12/2026;Matin;09:00;12:00;180;3 h');
		expect(alice).toContain('Participant·e;07/12/2026');
		expect(lines.find((line) => line.includes('Bastien Roux;'))).toContain('non signé');
		expect(lines).toContain('Heures signées : Alice Martin;;;;;;180;3 h');
		expect(
			(await cohortAttendancePdf(db, actor(u.facilitator), cohort.id, NOW)).slice(0, 4)
		).toEqual(new TextEncoder().encode('%PDF'));
		expect((await refusal(cohortAttendanceCsv(db, actor(u.a), cohort.id, NOW))).status).toBe(403);
		expect(
			(await refusal(cohortAttendanceCsv(db, actor(u.otherAdmin), cohort.id, NOW))).status
		).toBe(404);
		const exports = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'attendance.export'), eq(auditEvents.targetId, cohort.id)));
		expect(exports.map((e) => e.detail)).toEqual([{ format: 'csv' }, { format: 'pdf' }]);
	});

	it('keeps a signature tied to exactly one séance, a rendez-vous or a group séance', async () => {
		const { db, u } = await world();
		await expect(
			db.insert(attendanceSignatures).values({
				day: '2026-12-07',
				halfDay: 'matin',
				signerId: u.a.id,
				signerRole: 'beneficiary',
				signerName: 'Alice Martin'
			})
		).rejects.toThrow();
	});
});
