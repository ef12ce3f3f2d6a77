import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	assignConsultant,
	createBilan,
	getBilan,
	listBilans,
	movePhase,
	updateBilan
} from '../../src/lib/server/bilans.service.ts';
import { ValidationError } from '../../src/lib/server/bilans.validation.ts';
import { auditEvents, bilans, rendezVous, users } from '../../src/lib/server/db/schema.ts';
import { PermissionError } from '../../src/lib/server/permissions.ts';
import { addRendezVous, listRendezVous } from '../../src/lib/server/rendezvous.service.ts';
import { newBilan, newBilanWorld, newOrganisation, newUser } from '../helpers/factories.ts';
import { openTestDatabase, testDrivers, type TestDatabase } from '../helpers/database.ts';

describe.each(testDrivers())('bilan record on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	/** Two organisations: ours with two consultants and two beneficiaries, and a foreign one. */
	async function world() {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const otherConsultant = await newUser(db, 'consultant', org.id, { name: 'Paul' });
		const beneficiary2 = await newUser(db, 'beneficiary', org.id, { name: 'Nadia' });
		const bilan2 = await newBilan(db, {
			organisationId: org.id,
			beneficiaryId: beneficiary2.id,
			consultantId: otherConsultant.id,
			phase: 'conclusion'
		});
		const foreignOrg = await newOrganisation(db, 'Autre cabinet');
		const foreignAdmin = await newUser(db, 'admin', foreignOrg.id);
		const foreignConsultant = await newUser(db, 'consultant', foreignOrg.id);
		const foreignBeneficiary = await newUser(db, 'beneficiary', foreignOrg.id);
		const foreignBilan = await newBilan(db, {
			organisationId: foreignOrg.id,
			beneficiaryId: foreignBeneficiary.id,
			consultantId: foreignConsultant.id
		});
		return {
			org,
			admin,
			consultant,
			otherConsultant,
			beneficiary,
			beneficiary2,
			bilan,
			bilan2,
			foreignAdmin,
			foreignConsultant,
			foreignBeneficiary,
			foreignBilan
		};
	}

	async function rejects(promise: Promise<unknown>, reason: string) {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error, `expected a ${reason} error`).toBeInstanceOf(Error);
		expect((error as { reason?: string }).reason).toBe(reason);
		return error as Error;
	}

	async function rowOf(id: string) {
		const [row] = await database.db.select().from(bilans).where(eq(bilans.id, id));
		return row!;
	}

	async function auditsOf(bilanId: string, action: string) {
		return database.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetId, bilanId), eq(auditEvents.action, action)));
	}

	describe('visibility', () => {
		it('lists for each role exactly the bilans it may see', async () => {
			const w = await world();
			const ids = async (actor: typeof w.admin) =>
				(await listBilans(database.db, actor)).map((b) => b.id).sort();
			expect(await ids(w.admin)).toEqual([w.bilan.id, w.bilan2.id].sort());
			expect(await ids(w.consultant)).toEqual([w.bilan.id]);
			expect(await ids(w.otherConsultant)).toEqual([w.bilan2.id]);
			expect(await ids(w.beneficiary)).toEqual([w.bilan.id]);
			expect(await ids(w.beneficiary2)).toEqual([w.bilan2.id]);
			expect(await ids(w.foreignAdmin)).toEqual([w.foreignBilan.id]);
		});

		it('lists names, phase and hours, and filters by phase', async () => {
			const w = await world();
			const [summary] = await listBilans(database.db, w.admin, { phase: 'conclusion' });
			expect(summary).toMatchObject({
				id: w.bilan2.id,
				beneficiaryName: 'Nadia',
				consultantName: 'Paul',
				phase: 'conclusion',
				usedMinutes: 0,
				nextRendezVousAt: null
			});
			expect(await listBilans(database.db, w.admin, { phase: 'clos' })).toEqual([]);
			await rejects(listBilans(database.db, w.admin, { phase: 'nimporte' }), 'invalid');
		});

		it('answers not found for a foreign, unknown or malformed id, without telling them apart', async () => {
			const w = await world();
			for (const actor of [w.foreignAdmin, w.otherConsultant, w.beneficiary2]) {
				const error = await rejects(getBilan(database.db, actor, w.bilan.id), 'not_found');
				expect(error).toBeInstanceOf(PermissionError);
			}
			const unknown = await rejects(
				getBilan(database.db, w.admin, crypto.randomUUID()),
				'not_found'
			);
			const foreign = await rejects(getBilan(database.db, w.admin, w.foreignBilan.id), 'not_found');
			expect(foreign.message).toBe(unknown.message);
			await rejects(getBilan(database.db, w.admin, 'pas-un-uuid'), 'not_found');
			await rejects(getBilan(database.db, w.admin, `${w.bilan.id}'--`), 'not_found');
			expect((await getBilan(database.db, w.beneficiary, w.bilan.id)).id).toBe(w.bilan.id);
			expect((await getBilan(database.db, w.admin, w.bilan.id.toUpperCase())).id).toBe(w.bilan.id);
		});
	});

	describe('creation', () => {
		const fields = {
			funding: 'france_travail',
			format: 'hybride',
			startDate: '2026-11-02',
			endDate: '2027-01-15',
			plannedHours: '24'
		};

		it('lets a consultant open a bilan, assigned to themselves whatever they send', async () => {
			const w = await world();
			const bilan = await createBilan(database.db, w.consultant, {
				...fields,
				beneficiaryId: w.beneficiary2.id,
				consultantId: w.otherConsultant.id
			});
			expect(bilan).toMatchObject({
				organisationId: w.org.id,
				beneficiaryId: w.beneficiary2.id,
				consultantId: w.consultant.id,
				phase: 'preliminaire',
				funding: 'france_travail',
				format: 'hybride',
				plannedMinutes: 1440,
				endDate: '2027-01-15'
			});
			expect(await auditsOf(bilan.id, 'bilan.create')).toHaveLength(1);
		});

		it('lets an admin choose the consultant, or none, and accepts a pending beneficiary', async () => {
			const w = await world();
			const [pending] = await database.db
				.insert(users)
				.values({
					organisationId: w.org.id,
					email: `invitee-${crypto.randomUUID()}@test.atelier.fr`,
					name: 'Invitée',
					role: 'beneficiary'
				})
				.returning();
			const assigned = await createBilan(database.db, w.admin, {
				...fields,
				beneficiaryId: pending!.id,
				consultantId: w.otherConsultant.id,
				endDate: ''
			});
			expect(assigned.consultantId).toBe(w.otherConsultant.id);
			expect(assigned.endDate).toBeNull();
			const unassigned = await createBilan(database.db, w.admin, {
				...fields,
				beneficiaryId: w.beneficiary.id
			});
			expect(unassigned.consultantId).toBeNull();
		});

		it('refuses beneficiaries, and people outside the organisation or in the wrong role', async () => {
			const w = await world();
			const before = await database.db.select().from(bilans);
			await rejects(
				createBilan(database.db, w.beneficiary, { ...fields, beneficiaryId: w.beneficiary.id }),
				'forbidden'
			);
			const foreignPerson = await rejects(
				createBilan(database.db, w.consultant, {
					...fields,
					beneficiaryId: w.foreignBeneficiary.id
				}),
				'invalid'
			);
			expect((foreignPerson as ValidationError).fields).toHaveProperty('beneficiaryId');
			await rejects(
				createBilan(database.db, w.consultant, { ...fields, beneficiaryId: w.otherConsultant.id }),
				'invalid'
			);
			const foreignConsultant = await rejects(
				createBilan(database.db, w.admin, {
					...fields,
					beneficiaryId: w.beneficiary.id,
					consultantId: w.foreignConsultant.id
				}),
				'invalid'
			);
			expect((foreignConsultant as ValidationError).fields).toHaveProperty('consultantId');
			await rejects(
				createBilan(database.db, w.admin, {
					...fields,
					beneficiaryId: w.beneficiary.id,
					consultantId: w.beneficiary2.id
				}),
				'invalid'
			);
			expect(await database.db.select().from(bilans)).toHaveLength(before.length);
		});

		it('reports every invalid field at once, in French, and creates nothing', async () => {
			const w = await world();
			const before = await database.db.select().from(bilans);
			const error = (await rejects(
				createBilan(database.db, w.admin, {
					beneficiaryId: 'x'.repeat(5000),
					funding: 'loto',
					format: 'visio',
					startDate: '2026-02-30',
					endDate: 'demain',
					plannedHours: '0'
				}),
				'invalid'
			)) as ValidationError;
			expect(Object.keys(error.fields).sort()).toEqual(
				['beneficiaryId', 'endDate', 'format', 'funding', 'plannedHours', 'startDate'].sort()
			);
			expect(error.fields.beneficiaryId).toBe('Cette valeur est trop longue.');
			expect(error.fields.plannedHours).toMatch(/24 heures/);
			expect(await database.db.select().from(bilans)).toHaveLength(before.length);
		});
	});

	describe('editing', () => {
		it('lets the consultant and the admin edit; bumps updatedAt and records it', async () => {
			const w = await world();
			const updated = await updateBilan(database.db, w.consultant, w.bilan.id, {
				funding: 'opco',
				format: 'presentiel',
				startDate: '2026-10-01',
				endDate: '2026-12-18',
				plannedHours: '12,5'
			});
			expect(updated).toMatchObject({
				funding: 'opco',
				format: 'presentiel',
				endDate: '2026-12-18',
				plannedMinutes: 750
			});
			expect(updated.updatedAt.getTime()).toBeGreaterThan(w.bilan.updatedAt.getTime());
			const [audit] = await auditsOf(w.bilan.id, 'bilan.update');
			expect(audit?.actorId).toBe(w.consultant.id);
			expect(audit?.detail).toEqual({
				fields: expect.arrayContaining(['funding', 'format', 'endDate', 'plannedMinutes'])
			});
			await updateBilan(database.db, w.admin, w.bilan.id, { plannedHours: 20 });
			expect((await rowOf(w.bilan.id)).plannedMinutes).toBe(1200);
		});

		it('refuses the beneficiary (forbidden) and strangers (not found)', async () => {
			const w = await world();
			await rejects(
				updateBilan(database.db, w.beneficiary, w.bilan.id, { funding: 'personnel' }),
				'forbidden'
			);
			for (const stranger of [w.otherConsultant, w.beneficiary2, w.foreignAdmin]) {
				await rejects(
					updateBilan(database.db, stranger, w.bilan.id, { funding: 'personnel' }),
					'not_found'
				);
			}
			expect((await rowOf(w.bilan.id)).funding).toBe(w.bilan.funding);
		});

		it.each([
			['0 hours', { plannedHours: '0' }, 'plannedHours'],
			['more than 24 hours', { plannedHours: '24.5' }, 'plannedHours'],
			['hours that are not a number', { plannedHours: 'beaucoup' }, 'plannedHours'],
			['negative hours', { plannedHours: -3 }, 'plannedHours'],
			['an end before the start', { endDate: '2026-09-30' }, 'endDate'],
			['an unknown funding', { funding: 'mecene' }, 'funding'],
			['an unknown format', { format: 'telepathie' }, 'format'],
			['an impossible date', { startDate: '2026-13-01' }, 'startDate'],
			['an oversized value', { funding: 'c'.repeat(101) }, 'funding'],
			['a non-text value', { format: { $ne: null } }, 'format']
		])('rejects %s and changes nothing', async (_label, input, field) => {
			const w = await world();
			const before = await rowOf(w.bilan.id);
			const error = (await rejects(
				updateBilan(database.db, w.consultant, w.bilan.id, input),
				'invalid'
			)) as ValidationError;
			expect(Object.keys(error.fields)).toEqual([field]);
			expect(await rowOf(w.bilan.id)).toEqual(before);
			expect(await auditsOf(w.bilan.id, 'bilan.update')).toHaveLength(0);
		});
	});

	describe('assigning a consultant', () => {
		it('is for the admin of the organisation only', async () => {
			const w = await world();
			await rejects(
				assignConsultant(database.db, w.consultant, w.bilan.id, w.otherConsultant.id),
				'forbidden'
			);
			await rejects(
				assignConsultant(database.db, w.beneficiary, w.bilan.id, w.otherConsultant.id),
				'forbidden'
			);
			await rejects(
				assignConsultant(database.db, w.foreignAdmin, w.bilan.id, w.foreignConsultant.id),
				'not_found'
			);
			const bilan = await assignConsultant(database.db, w.admin, w.bilan.id, w.otherConsultant.id);
			expect(bilan.consultantId).toBe(w.otherConsultant.id);
			const [audit] = await auditsOf(w.bilan.id, 'bilan.assign');
			// Both named, as they were called then: the beneficiary's journal shows who followed them.
			expect(audit?.detail).toEqual({
				from: w.consultant.id,
				to: w.otherConsultant.id,
				fromName: 'Claire',
				toName: 'Paul'
			});
			// Choosing the consultant already in charge is no change.
			await assignConsultant(database.db, w.admin, w.bilan.id, w.otherConsultant.id);
			expect(await auditsOf(w.bilan.id, 'bilan.assign')).toHaveLength(1);
			// The previous consultant no longer sees it; the new one does.
			await rejects(getBilan(database.db, w.consultant, w.bilan.id), 'not_found');
			expect((await getBilan(database.db, w.otherConsultant, w.bilan.id)).consultantName).toBe(
				'Paul'
			);
		});

		it('accepts only a consultant of the same organisation', async () => {
			const w = await world();
			for (const target of [w.foreignConsultant.id, w.beneficiary2.id, 'nobody', '']) {
				await rejects(assignConsultant(database.db, w.admin, w.bilan.id, target), 'invalid');
			}
			expect((await rowOf(w.bilan.id)).consultantId).toBe(w.consultant.id);
			expect(await auditsOf(w.bilan.id, 'bilan.assign')).toHaveLength(0);
		});
	});

	describe('phases', () => {
		it('moves forward or back for those who manage the bilan, and records each move', async () => {
			const w = await world();
			expect((await movePhase(database.db, w.consultant, w.bilan.id, 'conclusion')).phase).toBe(
				'conclusion'
			);
			expect((await movePhase(database.db, w.admin, w.bilan.id, 'preliminaire')).phase).toBe(
				'preliminaire'
			);
			const moves = await auditsOf(w.bilan.id, 'bilan.phase');
			expect(moves.map((m) => m.detail)).toEqual(
				expect.arrayContaining([
					{ from: 'investigation', to: 'conclusion' },
					{ from: 'conclusion', to: 'preliminaire' }
				])
			);
			await movePhase(database.db, w.admin, w.bilan.id, 'preliminaire');
			expect(await auditsOf(w.bilan.id, 'bilan.phase')).toHaveLength(2);
		});

		it('refuses the beneficiary, strangers and unknown phases', async () => {
			const w = await world();
			await rejects(movePhase(database.db, w.beneficiary, w.bilan.id, 'clos'), 'forbidden');
			await rejects(movePhase(database.db, w.otherConsultant, w.bilan.id, 'clos'), 'not_found');
			await rejects(movePhase(database.db, w.consultant, w.bilan.id, 'termine'), 'invalid');
			await rejects(movePhase(database.db, w.consultant, w.bilan.id, undefined), 'invalid');
			expect((await rowOf(w.bilan.id)).phase).toBe('investigation');
		});
	});

	describe('rendez-vous and hours', () => {
		it('logs rendez-vous in Paris time, in the current phase by default, and sums the hours', async () => {
			const w = await world();
			const first = await addRendezVous(database.db, w.consultant, w.bilan.id, {
				startsAt: '2026-10-05T09:00',
				durationMinutes: '120',
				mode: 'presentiel'
			});
			expect(first.startsAt.toISOString()).toBe('2026-10-05T07:00:00.000Z');
			expect(first.phase).toBe('investigation');
			await addRendezVous(database.db, w.admin, w.bilan.id, {
				startsAt: '2026-12-07T14:30',
				durationMinutes: 90,
				mode: 'distanciel',
				phase: 'conclusion'
			});
			const list = await listRendezVous(database.db, w.beneficiary, w.bilan.id);
			expect(list.map((r) => [r.startsAt.toISOString(), r.phase])).toEqual([
				['2026-10-05T07:00:00.000Z', 'investigation'],
				['2026-12-07T13:30:00.000Z', 'conclusion']
			]);
			const summary = await getBilan(
				database.db,
				w.beneficiary,
				w.bilan.id,
				new Date('2026-11-01')
			);
			expect(summary.usedMinutes).toBe(210);
			expect(summary.nextRendezVousAt?.toISOString()).toBe('2026-12-07T13:30:00.000Z');
			const [listed] = await listBilans(database.db, w.beneficiary);
			expect(listed?.usedMinutes).toBe(210);
			expect(summary.updatedAt.getTime()).toBeGreaterThan(w.bilan.updatedAt.getTime());
			expect(await auditsOf(w.bilan.id, 'rendezvous.create')).toHaveLength(2);
		});

		it('is for those who manage the bilan', async () => {
			const w = await world();
			const input = { startsAt: '2026-10-05T09:00', durationMinutes: 60, mode: 'presentiel' };
			await rejects(addRendezVous(database.db, w.beneficiary, w.bilan.id, input), 'forbidden');
			await rejects(addRendezVous(database.db, w.otherConsultant, w.bilan.id, input), 'not_found');
			await rejects(addRendezVous(database.db, w.foreignAdmin, w.bilan.id, input), 'not_found');
			await rejects(listRendezVous(database.db, w.beneficiary2, w.bilan.id), 'not_found');
			expect(
				await database.db.select().from(rendezVous).where(eq(rendezVous.bilanId, w.bilan.id))
			).toEqual([]);
		});

		it.each([
			['too short', { durationMinutes: 10 }, 'durationMinutes'],
			['too long', { durationMinutes: 481 }, 'durationMinutes'],
			['not whole minutes', { durationMinutes: '60.5' }, 'durationMinutes'],
			['an unknown mode', { mode: 'hybride' }, 'mode'],
			['an unknown phase', { phase: 'vacances' }, 'phase'],
			['an impossible time', { startsAt: '2026-10-05T25:00' }, 'startsAt'],
			['no time at all', { startsAt: '' }, 'startsAt'],
			['an oversized date', { startsAt: `2026-10-05T09:00${' '.repeat(200)}x` }, 'startsAt']
		])('rejects a rendez-vous with %s', async (_label, override, field) => {
			const w = await world();
			const input = { startsAt: '2026-10-05T09:00', durationMinutes: 60, mode: 'presentiel' };
			const error = (await rejects(
				addRendezVous(database.db, w.consultant, w.bilan.id, { ...input, ...override }),
				'invalid'
			)) as ValidationError;
			expect(Object.keys(error.fields)).toEqual([field]);
			expect((await getBilan(database.db, w.consultant, w.bilan.id)).usedMinutes).toBe(0);
		});
	});
});
