import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
	boardWithContent,
	contentRows,
	rowsFor,
	syntheseWithContent
} from '../../../tests/helpers/bilan-content.ts';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { movePhase } from './bilans.service.ts';
import { registerBoardWriter } from './board-writer.ts';
import {
	closeBilan,
	followUpDate,
	getClosure,
	recordAgreement,
	retentionEnd
} from './closure.service.ts';
import {
	auditEvents,
	bilanClosures,
	bilans,
	boardSnapshots,
	rendezVous,
	syntheseVersions
} from './db/schema.ts';
import { boardAccess } from './permissions.ts';
import { runRetention } from './retention.service.ts';

describe('closure dates', () => {
	it('books the follow-up six months later at 10:00 Paris time, on a weekday', () => {
		// Thursday 26 November 2026 → Wednesday 26 May 2027, summer time.
		expect(followUpDate(new Date('2026-11-26T15:00:00Z')).toISOString()).toBe(
			'2027-05-26T08:00:00.000Z'
		);
		// 31 August → 28 February (clamped), a Sunday in 2027 → Monday 1 March, winter time.
		expect(followUpDate(new Date('2026-08-31T09:00:00Z')).toISOString()).toBe(
			'2027-03-01T09:00:00.000Z'
		);
		expect(retentionEnd(new Date('2026-11-26T15:00:00Z')).toISOString()).toBe(
			'2027-11-26T15:00:00.000Z'
		);
	});
});

describe.each(testDrivers())('closing a bilan on %s', (driver) => {
	const database = useTestDatabase(driver);
	afterEach(() => registerBoardWriter(undefined));

	async function world() {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db, {
			bilan: { phase: 'conclusion', format: 'presentiel' }
		});
		const otherConsultant = await newUser(db, 'consultant', org.id);
		const values = await boardWithContent(db, bilan.id, 'values', 'Mes valeurs');
		const ikigai = await boardWithContent(db, bilan.id, 'ikigai', 'Mon ikigai');
		const synthese = await syntheseWithContent(db, bilan.id);
		return { db, admin, consultant, otherConsultant, beneficiary, bilan, values, ikigai, synthese };
	}

	/** What the sync server is told: the boards to evict, the boards to re-check. */
	function boardWriter(): { evicted: string[]; rechecked: string[] } {
		const told = { evicted: [] as string[], rechecked: [] as string[] };
		registerBoardWriter({
			apply: () => Promise.reject(new Error('not expected')),
			evict: (boardIds) => void told.evicted.push(...boardIds),
			recheck: async (scope) => void told.rechecked.push(...(scope.boardIds ?? [])),
			locksChanged: () => Promise.reject(new Error('not expected'))
		});
		return told;
	}

	it('records the beneficiary’s own agreement, changeable until the close; nobody else’s', async () => {
		const w = await world();
		expect(
			await reason(recordAgreement(w.db, w.consultant, w.bilan.id, { synthese: 'true' }))
		).toBe('forbidden');
		expect(await reason(recordAgreement(w.db, w.admin, w.bilan.id, { synthese: 'true' }))).toBe(
			'not_found'
		);
		expect(await reason(recordAgreement(w.db, w.beneficiary, w.bilan.id, {}))).toBe('invalid');
		expect(
			await reason(
				recordAgreement(w.db, w.beneficiary, w.bilan.id, {
					synthese: 'true',
					boardIds: [w.synthese]
				})
			)
		).toBe('invalid');

		const at = new Date('2026-11-20T10:00:00Z');
		await recordAgreement(w.db, w.beneficiary, w.bilan.id, { synthese: 'false' }, at);
		const changed = await recordAgreement(w.db, w.beneficiary, w.bilan.id, {
			synthese: 'true',
			boardIds: [w.values.toUpperCase()]
		});
		expect(changed.kept).toEqual({ synthese: true, boardIds: [w.values], testResults: false });
		expect(changed.agreedBy).toBe(w.beneficiary.id);
		expect(changed.agreedAt.getTime()).toBeGreaterThan(at.getTime());
		const view = await getClosure(w.db, w.consultant, w.bilan.id);
		expect(view.closure?.kept).toEqual(changed.kept);
		expect(view.boards.map((b) => b.title)).toEqual(['Mes valeurs', 'Mon ikigai']);
		expect(view).toMatchObject({ canClose: true, canAgree: false, hasSynthese: true });
		expect(await reason(getClosure(w.db, w.admin, w.bilan.id))).toBe('not_found');
	});

	it('refuses the agreement and the close outside the conclusion phase', async () => {
		const w = await world();
		await w.db.update(bilans).set({ phase: 'investigation' }).where(eq(bilans.id, w.bilan.id));
		expect(
			await reason(recordAgreement(w.db, w.beneficiary, w.bilan.id, { synthese: 'true' }))
		).toBe('invalid');
		expect(await reason(closeBilan(w.db, w.consultant, w.bilan.id))).toBe('invalid');
		// Nor can a phase move reach suivi or clos: the close is the only way.
		expect(await reason(movePhase(w.db, w.consultant, w.bilan.id, 'suivi'))).toBe('invalid');
		expect(await reason(movePhase(w.db, w.consultant, w.bilan.id, 'clos'))).toBe('invalid');
	});

	it('closes: snapshots, destroys what is not kept (rows gone), keeps the rest a year', async () => {
		const w = await world();
		expect(await reason(closeBilan(w.db, w.consultant, w.bilan.id))).toBe('invalid');
		await recordAgreement(w.db, w.beneficiary, w.bilan.id, {
			synthese: 'true',
			boardIds: [w.values]
		});
		expect(await reason(closeBilan(w.db, w.beneficiary, w.bilan.id))).toBe('forbidden');
		expect(await reason(closeBilan(w.db, w.otherConsultant, w.bilan.id))).toBe('not_found');
		const told = boardWriter();
		const now = new Date('2026-11-26T15:00:00Z');

		const closed = await closeBilan(w.db, w.consultant, w.bilan.id, {}, now);

		expect(closed.destroyedBoardIds).toEqual([w.ikigai]);
		expect(told.evicted).toEqual([w.ikigai]);
		// The kept boards are read-only now: their open sockets are checked again at once.
		expect(told.rechecked.sort()).toEqual([w.values, w.synthese].sort());
		expect(await contentRows(w.db, [w.ikigai], w.bilan.id)).toEqual(rowsFor(0, true));
		// The kept board has its earlier snapshot and the close snapshot; the synthèse too.
		const kept = await contentRows(w.db, [w.values, w.synthese], w.bilan.id);
		expect(kept).toEqual({ ...rowsFor(2, true), board_snapshots: 4 });
		const closeSnapshots = await w.db
			.select()
			.from(boardSnapshots)
			.where(and(eq(boardSnapshots.bilanId, w.bilan.id), eq(boardSnapshots.trigger, 'close')));
		expect(closeSnapshots.map((s) => s.phase)).toEqual(['conclusion', 'conclusion']);

		const [bilan] = await w.db.select().from(bilans).where(eq(bilans.id, w.bilan.id));
		expect(bilan!.phase).toBe('suivi');
		expect(closed.closure).toMatchObject({
			closedAt: now,
			closedBy: w.consultant.id,
			retainUntil: new Date('2027-11-26T15:00:00Z'),
			destroyedAt: null
		});
		const [followUp] = await w.db
			.select()
			.from(rendezVous)
			.where(eq(rendezVous.id, closed.followUpId));
		expect(followUp).toMatchObject({
			phase: 'suivi',
			mode: 'presentiel',
			startsAt: new Date('2027-05-26T08:00:00Z')
		});
		const [audit] = await w.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetId, w.bilan.id), eq(auditEvents.action, 'bilan.close')));
		expect(audit!.detail).toMatchObject({
			destroyedBoards: 1,
			keptBoards: 1,
			syntheseKept: true,
			syntheseValidated: true
		});

		// Read-only from now on, no way back, no second close, no new agreement.
		expect(boardAccess(w.beneficiary, bilan!)).toBe('read');
		expect(await reason(movePhase(w.db, w.consultant, w.bilan.id, 'conclusion'))).toBe('invalid');
		expect(await reason(closeBilan(w.db, w.consultant, w.bilan.id))).toBe('invalid');
		expect(
			await reason(recordAgreement(w.db, w.beneficiary, w.bilan.id, { synthese: 'false' }))
		).toBe('invalid');
		expect((await movePhase(w.db, w.consultant, w.bilan.id, 'clos')).phase).toBe('clos');
		const view = await getClosure(w.db, w.beneficiary, w.bilan.id);
		expect(view.boards.map((b) => b.id)).toEqual([w.values]);
		expect(view.followUp?.id).toBe(closed.followUpId);

		// One year later the retention job destroys what was kept; the record stays.
		await runRetention(w.db, new Date('2027-11-26T15:00:00Z'));
		expect(await contentRows(w.db, [w.values, w.synthese], w.bilan.id)).toEqual(rowsFor(0, false));
		expect(
			await w.db.select().from(rendezVous).where(eq(rendezVous.bilanId, w.bilan.id))
		).toHaveLength(1);
		const [closure] = await w.db
			.select()
			.from(bilanClosures)
			.where(eq(bilanClosures.bilanId, w.bilan.id));
		expect(closure!.destroyedAt).toEqual(new Date('2027-11-26T15:00:00Z'));
	});

	it('destroys the synthèse, its versions and share links at close when not kept', async () => {
		const w = await world();
		await recordAgreement(w.db, w.beneficiary, w.bilan.id, {
			synthese: 'false',
			boardIds: [w.values, w.ikigai]
		});
		const closed = await closeBilan(w.db, w.consultant, w.bilan.id);
		expect(closed.destroyedBoardIds).toEqual([w.synthese]);
		expect(await contentRows(w.db, [w.synthese], w.bilan.id)).toEqual(rowsFor(0, false));
		expect(await contentRows(w.db, [w.values, w.ikigai], w.bilan.id)).toEqual({
			...rowsFor(2, false),
			board_snapshots: 4
		});
	});

	it('closes without a validated synthèse only when the consultant confirms it', async () => {
		const w = await world();
		await w.db.delete(syntheseVersions).where(eq(syntheseVersions.bilanId, w.bilan.id));
		await recordAgreement(w.db, w.beneficiary, w.bilan.id, { synthese: 'true' });
		expect(await getClosure(w.db, w.consultant, w.bilan.id)).toMatchObject({
			validatedVersions: 0,
			canClose: true
		});

		const refused = closeBilan(w.db, w.consultant, w.bilan.id);
		await expect(refused).rejects.toMatchObject({
			fields: { withoutSynthese: expect.stringContaining('document de synthèse') }
		});
		expect(
			await reason(closeBilan(w.db, w.consultant, w.bilan.id, { withoutSynthese: false }))
		).toBe('invalid');
		// Nothing happened: still in conclusion, no close snapshot, the agreement untouched.
		const [before] = await w.db.select().from(bilans).where(eq(bilans.id, w.bilan.id));
		expect(before!.phase).toBe('conclusion');
		expect(
			await w.db
				.select()
				.from(boardSnapshots)
				.where(and(eq(boardSnapshots.bilanId, w.bilan.id), eq(boardSnapshots.trigger, 'close')))
		).toEqual([]);
		expect((await getClosure(w.db, w.consultant, w.bilan.id)).closure?.closedAt).toBeNull();

		boardWriter();
		const closed = await closeBilan(w.db, w.consultant, w.bilan.id, { withoutSynthese: true });
		expect(closed.closure.closedAt).not.toBeNull();
		const [audit] = await w.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetId, w.bilan.id), eq(auditEvents.action, 'bilan.close')));
		expect(audit!.detail).toMatchObject({ syntheseValidated: false });
	});
});
