import { and, eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	boardWithContent,
	contentRows,
	rowsFor,
	syntheseWithContent
} from '../../../tests/helpers/bilan-content.ts';
import { boardContent, boardContentText, editBoard } from '../../../tests/helpers/board-content.ts';
import { actorOf, newCohortWorld } from '../../../tests/helpers/cohort-world.ts';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { readWall } from '../boards/mur/model.ts';
import { boardKinds } from '../boards/registry.ts';
import { recordAudit } from './audit.ts';
import { rememberDevice } from './auth/device.ts';
import { signCohortAttendance } from './cohort-attendance.service.ts';
import { addSeance } from './cohorts.service.ts';
import {
	attendanceSignatures,
	auditEvents,
	bilanClosures,
	boards,
	boardStates,
	boardUpdates,
	cohortMembers,
	loginDevices,
	questionnaireResponses,
	rendezVous,
	sessions,
	syntheseVersions,
	users
} from './db/schema.ts';
import {
	carryOutErasure,
	ERASED_NAME,
	erasureRequestedAt,
	exportMyData,
	requestErasure,
	withdrawErasure
} from './gdpr.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { retentionOverview } from './retention.service.ts';
import { postToWall, withdrawFromWall } from './wall.service.ts';

describe.each(testDrivers())('GDPR on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db, {
			consultant: 'Claire Martin',
			beneficiary: 'Bruno Lefèvre'
		});
		const otherAdmin = await newUser(db, 'admin');
		const board = await boardWithContent(db, bilan.id, 'values', 'Mes valeurs');
		const synthese = await syntheseWithContent(db, bilan.id);
		const [meeting] = await db
			.insert(rendezVous)
			.values({
				bilanId: bilan.id,
				startsAt: new Date('2026-10-05T07:00:00Z'),
				durationMinutes: 120,
				mode: 'presentiel',
				phase: 'investigation'
			})
			.returning();
		const [signature] = await db
			.insert(attendanceSignatures)
			.values({
				rendezVousId: meeting!.id,
				day: '2026-10-05',
				halfDay: 'matin',
				signerId: beneficiary.id,
				signerRole: 'beneficiary',
				signerName: beneficiary.name,
				ip: '192.0.2.7',
				userAgent: 'Firefox'
			})
			.returning();
		const [consultantSignature] = await db
			.insert(attendanceSignatures)
			.values({
				rendezVousId: meeting!.id,
				day: '2026-10-05',
				halfDay: 'matin',
				signerId: consultant.id,
				signerRole: 'consultant',
				signerName: consultant.name,
				ip: '198.51.100.1',
				userAgent: 'Safari'
			})
			.returning();
		await db.insert(questionnaireResponses).values({
			bilanId: bilan.id,
			questionnaire: 'fin_de_bilan',
			answers: { satisfaction: 5 },
			submittedBy: beneficiary.id
		});
		await recordAudit(db, {
			organisationId: org.id,
			actorId: consultant.id,
			action: 'bilan.update',
			targetType: 'bilan',
			targetId: bilan.id,
			ip: '198.51.100.1'
		});
		await recordAudit(db, {
			organisationId: org.id,
			actorId: beneficiary.id,
			action: 'auth.login',
			targetType: 'user',
			targetId: beneficiary.id,
			ip: '192.0.2.7'
		});
		return {
			db,
			admin,
			otherAdmin,
			consultant,
			beneficiary,
			bilan,
			board,
			synthese,
			signature,
			consultantSignature
		};
	}

	it('exports the beneficiary’s data: account, record, archive, journal (others’ IPs left out)', async () => {
		const w = await world();
		expect(await reason(exportMyData(w.db, w.consultant))).toBe('forbidden');
		// The helper's version is no real synthèse (archive.service.test.ts exports a real one).
		await w.db.delete(syntheseVersions).where(eq(syntheseVersions.bilanId, w.bilan.id));
		const zip = unzipSync(await exportMyData(w.db, w.beneficiary));
		const names = Object.keys(zip);
		expect(names).toEqual(
			expect.arrayContaining([
				'README.txt',
				'compte.json',
				'journal.json',
				'bilans/01-2026-10-01/bilan.json',
				'bilans/01-2026-10-01/dossier/README.txt',
				'bilans/01-2026-10-01/dossier/presence/feuille-de-presence.csv'
			])
		);
		expect(
			names.some((n) => n.startsWith('bilans/01-2026-10-01/dossier/tableaux/01-mes-valeurs/'))
		).toBe(true);
		const read = (name: string) => JSON.parse(strFromU8(zip[name]!));
		expect(read('compte.json')).toMatchObject({
			email: w.beneficiary.email,
			name: 'Bruno Lefèvre'
		});
		const record = read('bilans/01-2026-10-01/bilan.json');
		expect(record.bilan.id).toBe(w.bilan.id);
		expect(record.rendezVous).toHaveLength(1);
		// Both signatures; the IP address and browser of their own alone.
		expect(record.signatures).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: w.signature!.id, ip: '192.0.2.7', userAgent: 'Firefox' }),
				expect.objectContaining({
					id: w.consultantSignature!.id,
					signerName: 'Claire Martin',
					signedAt: w.consultantSignature!.signedAt.toISOString(),
					ip: null,
					userAgent: null
				})
			])
		);
		expect(record.signatures).toHaveLength(2);
		expect(record.questionnaires[0].answers).toEqual({ satisfaction: 5 });
		const journal: { action: string; ip: string | null }[] = read('journal.json');
		expect(journal.find((e) => e.action === 'bilan.update')?.ip).toBeNull();
		expect(journal.find((e) => e.action === 'auth.login')?.ip).toBe('192.0.2.7');
	});

	it('exports what the participant has in cohorts: participation, own signatures, own copies', async () => {
		const { db } = database;
		const { u, cohort, copyOf } = await newCohortWorld(db, boardKinds, 'values');
		await editBoard(db, copyOf(u.a), boardContent.values!);
		await editBoard(db, copyOf(u.b), boardContent.values!);
		const seance = await addSeance(db, actorOf(u.facilitator), cohort.id, {
			startsAt: '2026-12-07T09:00',
			durationMinutes: '180'
		});
		const sign = (who: typeof u.a) =>
			signCohortAttendance(
				db,
				actorOf(who),
				{ cohortSeanceId: seance.id, day: '2026-12-07', halfDay: 'matin' },
				{ now: new Date('2026-12-07T08:30:00Z') }
			);
		const own = await sign(u.a);
		await sign(u.b);
		await sign(u.facilitator);
		// Nobody but the person: the admin and the facilitator never read content through it.
		expect(await reason(exportMyData(db, actorOf(u.admin)))).toBe('forbidden');
		expect(await reason(exportMyData(db, actorOf(u.facilitator)))).toBe('forbidden');

		const zip = unzipSync(await exportMyData(db, actorOf(u.a)));
		const names = Object.keys(zip);
		const folder = 'cohortes/01-printemps';
		const read = (name: string) => JSON.parse(strFromU8(zip[name]!));
		const record = read(`${folder}/cohorte.json`);
		expect(record.cohorte).toMatchObject({
			id: cohort.id,
			name: 'Printemps',
			facilitator: 'Fanny Animatrice',
			endedAt: null
		});
		expect(record.participation.charterAcceptedAt).not.toBeNull();
		expect(record.seances.map((s: { id: string }) => s.id)).toEqual([seance.id]);
		expect(record.signatures.map((s: { id: string }) => s.id)).toEqual([own.id]);
		// Their own copy, as the copies' download gives it; not Bastien's, nor another cohort.
		const copy = names.filter((n) => n.startsWith(`${folder}/copies/exercices/`));
		expect(copy.sort()).toEqual([
			`${folder}/copies/exercices/01-mes-valeurs/etat-actuel.json`,
			`${folder}/copies/exercices/01-mes-valeurs/etat-actuel.pdf`
		]);
		expect(strFromU8(zip[copy[0]!]!)).toContain(boardContentText.values);
		expect(names).toContain(`${folder}/copies/README.txt`);
		expect(names.filter((n) => n.startsWith('cohortes/')).every((n) => n.startsWith(folder))).toBe(
			true
		);
		expect(strFromU8(zip['README.txt']!)).toContain('cohortes/');

		// Joined without accepting the charter: the participation, and no copy.
		const chloe = unzipSync(await exportMyData(db, actorOf(u.c)));
		expect(JSON.parse(strFromU8(chloe[`${folder}/cohorte.json`]!))).toMatchObject({
			participation: { charterAcceptedAt: null },
			signatures: []
		});
		expect(Object.keys(chloe).some((n) => n.includes('/copies/'))).toBe(false);
	});

	it('records an erasure request, which the beneficiary may withdraw', async () => {
		const w = await world();
		expect(await reason(requestErasure(w.db, w.admin))).toBe('forbidden');
		const at = new Date('2026-12-01T10:00:00Z');
		expect(await requestErasure(w.db, w.beneficiary, at)).toEqual(at);
		expect(await requestErasure(w.db, w.beneficiary)).toEqual(at);
		expect(await erasureRequestedAt(w.db, w.beneficiary)).toEqual(at);
		const { requests } = await retentionOverview(w.db, w.admin);
		expect(requests).toEqual([
			{
				userId: w.beneficiary.id,
				name: 'Bruno Lefèvre',
				requestedAt: at,
				bilans: 1,
				cohorts: 0
			}
		]);
		await withdrawErasure(w.db, w.beneficiary);
		expect(await erasureRequestedAt(w.db, w.beneficiary)).toBeNull();
		expect((await retentionOverview(w.db, w.admin)).requests).toEqual([]);
		const actions = await w.db
			.select({ action: auditEvents.action })
			.from(auditEvents)
			.where(eq(auditEvents.targetId, w.beneficiary.id));
		expect(actions.map((a) => a.action)).toEqual(
			expect.arrayContaining(['gdpr.erasure_request', 'gdpr.erasure_withdraw'])
		);
	});

	it('shows admins the retention state as dates and counts, and nobody else', async () => {
		const w = await world();
		expect(await reason(retentionOverview(w.db, w.consultant))).toBe('forbidden');
		const { bilans } = await retentionOverview(w.db, w.admin);
		expect(bilans).toEqual([
			{
				bilanId: w.bilan.id,
				beneficiaryName: 'Bruno Lefèvre',
				consultantName: 'Claire Martin',
				phase: 'investigation',
				startDate: '2026-10-01',
				closedAt: null,
				retainUntil: null,
				destroyedAt: null,
				boards: 1,
				snapshots: 2,
				syntheseVersions: 1,
				synthese: true
			}
		]);
	});

	it('carries out an erasure: content destroyed, account anonymised, proofs kept', async () => {
		const w = await world();
		expect(await reason(carryOutErasure(w.db, w.admin, w.beneficiary.id))).toBe('not_found');
		await requestErasure(w.db, w.beneficiary);
		expect(await reason(carryOutErasure(w.db, w.otherAdmin, w.beneficiary.id))).toBe('not_found');
		expect(await reason(carryOutErasure(w.db, w.beneficiary, w.beneficiary.id))).toBe('not_found');
		await w.db.insert(sessions).values({
			id: 'session-to-go',
			secretHash: new Uint8Array(32),
			userId: w.beneficiary.id,
			expiresAt: new Date(Date.now() + 86_400_000)
		});
		await rememberDevice(w.db, w.beneficiary.id, null);
		const now = new Date('2026-12-02T09:00:00Z');

		expect(await carryOutErasure(w.db, w.admin, w.beneficiary.id, now)).toEqual({
			bilans: 1,
			boards: 2
		});

		expect(await contentRows(w.db, [w.board, w.synthese], w.bilan.id)).toEqual(rowsFor(0, false));
		const [person] = await w.db.select().from(users).where(eq(users.id, w.beneficiary.id));
		expect(person).toMatchObject({
			name: ERASED_NAME,
			passwordHash: null,
			erasureRequestedAt: null
		});
		expect(person!.email).toMatch(/^effacee-[0-9a-f-]{36}@effacement\.invalid$/);
		expect(await w.db.select().from(sessions).where(eq(sessions.userId, w.beneficiary.id))).toEqual(
			[]
		);
		// Their browsers are no longer known: a device cookie is a credential like a session.
		expect(
			await w.db.select().from(loginDevices).where(eq(loginDevices.userId, w.beneficiary.id))
		).toEqual([]);
		const [signature] = await w.db
			.select()
			.from(attendanceSignatures)
			.where(eq(attendanceSignatures.id, w.signature!.id));
		expect(signature).toMatchObject({
			signerName: ERASED_NAME,
			signedAt: w.signature!.signedAt,
			ip: null
		});
		expect(
			await w.db.select().from(rendezVous).where(eq(rendezVous.bilanId, w.bilan.id))
		).toHaveLength(1);
		const logins = await w.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.actorId, w.beneficiary.id), eq(auditEvents.action, 'auth.login')));
		expect(logins.map((e) => e.ip)).toEqual([null]);
		const [closure] = await w.db
			.select()
			.from(bilanClosures)
			.where(eq(bilanClosures.bilanId, w.bilan.id));
		expect(closure!.destroyedAt).toEqual(now);
		const overview = await retentionOverview(w.db, w.admin);
		expect(overview.requests).toEqual([]);
		expect(overview.bilans[0]).toMatchObject({
			beneficiaryName: ERASED_NAME,
			destroyedAt: now,
			boards: 0,
			snapshots: 0,
			syntheseVersions: 0,
			synthese: false
		});
		expect(await reason(carryOutErasure(w.db, w.admin, w.beneficiary.id))).toBe('not_found');
	});

	it('erases cohort work too: copies and wall posts gone from storage, attendance kept', async () => {
		const { db } = database;
		const { u, cohort, copyOf, wallId } = await newCohortWorld(db, boardKinds, 'values');
		const alice = actorOf(u.a);
		await editBoard(db, copyOf(u.a), boardContent.values!);
		await editBoard(db, copyOf(u.b), boardContent.values!);
		const post = (text: string, authorName: string | null, who: typeof u.a) =>
			postToWall(db, wallId, { text, authorName, sourceKind: 'values' }, who.id);
		await post('Envie de liberté', 'Alice', u.a);
		await post('Peur du vide', null, u.a);
		await withdrawFromWall(db, wallId, await post('Déjà retiré', null, u.a), u.a.id);
		await post('Besoin de sens', 'Bastien', u.b);
		const seance = await addSeance(db, actorOf(u.facilitator), cohort.id, {
			startsAt: '2026-12-07T09:00',
			durationMinutes: '180'
		});
		const signed = await signCohortAttendance(
			db,
			alice,
			{ cohortSeanceId: seance.id, day: '2026-12-07', halfDay: 'matin' },
			{ now: new Date('2026-12-07T08:30:00Z'), ip: '192.0.2.7', userAgent: 'Firefox' }
		);
		await requestErasure(db, alice);
		const [request] = (await retentionOverview(db, actorOf(u.admin))).requests;
		expect(request).toMatchObject({ userId: u.a.id, bilans: 0, cohorts: 1 });

		expect(await carryOutErasure(db, actorOf(u.admin), u.a.id)).toEqual({ bilans: 0, boards: 1 });

		// The copy and its log and state are gone; Bastien's stays.
		const rows = async (boardId: string) => [
			(await db.select().from(boards).where(eq(boards.id, boardId))).length,
			(await db.select().from(boardUpdates).where(eq(boardUpdates.boardId, boardId))).length,
			(await db.select().from(boardStates).where(eq(boardStates.boardId, boardId))).length
		];
		expect(await rows(copyOf(u.a))).toEqual([0, 0, 0]);
		expect((await rows(copyOf(u.b)))[0]).toBe(1);
		// The wall shows Bastien's post alone, and its storage holds none of Alice's text or name.
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await createBoardStorage(db).readState(wallId)).state);
		expect(readWall(doc).loose.map((item) => [item.text, item.author])).toEqual([
			['Besoin de sens', 'Bastien']
		]);
		doc.destroy();
		const stored = [
			...(await db.select().from(boardUpdates).where(eq(boardUpdates.boardId, wallId))),
			...(await db.select().from(boardStates).where(eq(boardStates.boardId, wallId)))
		].map((row) => Buffer.from(row.data).toString('latin1'));
		const utf8 = (text: string) => Buffer.from(text).toString('latin1');
		for (const text of ['Envie de liberté', 'Alice', 'Peur du vide', 'Déjà retiré']) {
			expect(stored.some((bytes) => bytes.includes(utf8(text)))).toBe(false);
		}
		expect(stored.some((bytes) => bytes.includes(utf8('Besoin de sens')))).toBe(true);
		// No longer a member; Bastien still is.
		const members = await db
			.select({ userId: cohortMembers.userId })
			.from(cohortMembers)
			.where(eq(cohortMembers.cohortId, cohort.id));
		expect(members.map((m) => m.userId)).not.toContain(u.a.id);
		expect(members.map((m) => m.userId)).toContain(u.b.id);
		// The attendance signature stays as the funders' proof, anonymised.
		const [signature] = await db
			.select()
			.from(attendanceSignatures)
			.where(eq(attendanceSignatures.id, signed.id));
		expect(signature).toMatchObject({
			cohortSeanceId: seance.id,
			signerId: u.a.id,
			signerName: ERASED_NAME,
			signedAt: signed.signedAt,
			ip: null,
			userAgent: null
		});
	});
});
