import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { TIMER_EXTEND_MS } from '../seance/protocol.ts';
import { ValidationError } from './bilans.validation.ts';
import { auditEvents, rendezVous } from './db/schema.ts';
import { PermissionError } from './permissions.ts';
import { attendanceSheet } from './attendance.service.ts';
import { addRendezVous, ALREADY_ENDED, endSeance, listRendezVous } from './rendezvous.service.ts';
import {
	changeTimer,
	liveSeanceOf,
	NO_LIVE_SEANCE,
	SEANCE_ALREADY_LIVE,
	startSeance,
	tickAgendaItem,
	UNPLANNED_MINUTES
} from './seance.service.ts';

describe.each(testDrivers())('séances on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const w = await newBilanWorld(db);
		const otherConsultant = await newUser(db, 'consultant', w.org.id);
		const other = await newBilanWorld(db);
		return { ...w, otherConsultant, otherBilan: other.bilan, otherOwner: other.consultant };
	}

	async function failure(promise: Promise<unknown>): Promise<Error & { reason?: string }> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error, 'expected a failure').toBeInstanceOf(Error);
		return error as Error & { reason?: string };
	}

	it('starts an unplanned séance now, one at a time per bilan, and again once it ended', async () => {
		const db = database.db;
		const w = await world();
		expect(await liveSeanceOf(db, w.bilan.id)).toBeNull();
		const now = new Date('2026-12-07T09:00:00Z');
		const started = await startSeance(db, w.consultant, w.bilan.id, { mode: 'presentiel' }, now);
		expect(started).toMatchObject({
			bilanId: w.bilan.id,
			startedAt: now,
			startsAt: now,
			endedAt: null,
			durationMinutes: UNPLANNED_MINUTES,
			mode: 'presentiel',
			createdBy: w.consultant.id
		});
		expect((await liveSeanceOf(db, w.bilan.id))?.id).toBe(started.id);
		const audit = await db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'rendezvous.start'));
		expect(audit.map((event) => event.detail)).toContainEqual({ rendezVousId: started.id });

		const twice = await failure(startSeance(db, w.consultant, w.bilan.id, {}, now));
		expect(twice).toBeInstanceOf(ValidationError);
		expect((twice as ValidationError).fields).toEqual({ mode: SEANCE_ALREADY_LIVE });
		// Another bilan's séance is its own.
		await startSeance(db, w.otherOwner, w.otherBilan.id, {}, now);

		const later = new Date('2026-12-07T10:00:00Z');
		await endSeance(db, w.consultant, started.id, {}, later);
		expect(await liveSeanceOf(db, w.bilan.id)).toBeNull();
		const again = await startSeance(db, w.consultant, w.bilan.id, {}, later);
		expect(again.mode).toBe('distanciel');
		expect((await liveSeanceOf(db, w.bilan.id))?.id).toBe(again.id);
	});

	it('starts a planned rendez-vous: its start becomes the real one; not another bilan’s, not an ended one', async () => {
		const db = database.db;
		const w = await world();
		const planned = await addRendezVous(db, w.consultant, w.bilan.id, {
			startsAt: '2026-12-07T11:30',
			durationMinutes: '90',
			mode: 'distanciel',
			agendaPoints: 'Revenir sur les valeurs'
		});
		const now = new Date('2026-12-07T10:20:00Z');
		const started = await startSeance(
			db,
			w.consultant,
			w.bilan.id,
			{ rendezVousId: planned.id },
			now
		);
		expect(started).toMatchObject({ id: planned.id, startedAt: now, startsAt: now });
		expect(started.agenda.map((item) => item.label)).toEqual(['Revenir sur les valeurs']);
		const twice = await failure(
			startSeance(db, w.consultant, w.bilan.id, { rendezVousId: planned.id }, now)
		);
		expect((twice as ValidationError).fields).toEqual({ rendezVousId: SEANCE_ALREADY_LIVE });
		await endSeance(db, w.consultant, planned.id, {}, new Date('2026-12-07T11:00:00Z'));
		const ended = await failure(
			startSeance(db, w.consultant, w.bilan.id, { rendezVousId: planned.id }, now)
		);
		expect((ended as ValidationError).fields).toEqual({ rendezVousId: ALREADY_ENDED });

		const foreign = await addRendezVous(db, w.otherOwner, w.otherBilan.id, {
			startsAt: '2026-12-07T11:30',
			durationMinutes: '60',
			mode: 'distanciel'
		});
		const elsewhere = await failure(
			startSeance(db, w.consultant, w.bilan.id, { rendezVousId: foreign.id }, now)
		);
		expect(elsewhere.reason).toBe('not_found');
	});

	it('shows an admin the rendez-vous’ logistics, never its agenda or its timer', async () => {
		const db = database.db;
		const w = await world();
		const planned = await addRendezVous(db, w.consultant, w.bilan.id, {
			startsAt: '2026-12-07T11:30',
			durationMinutes: '60',
			mode: 'distanciel',
			visioUrl: 'https://visio.example.fr/salle',
			agendaPoints: 'Parler de l’arrêt maladie'
		});
		await startSeance(db, w.consultant, w.bilan.id, { rendezVousId: planned.id });
		await changeTimer(db, w.consultant, planned.id, { type: 'start', minutes: 10 });
		const [seen] = await listRendezVous(db, w.admin, w.bilan.id);
		expect(seen).toMatchObject({ id: planned.id, agenda: [], timer: null });
		expect(seen!.visioUrl).toBe('https://visio.example.fr/salle');
		const [sheetItem] = (await attendanceSheet(db, w.admin, w.bilan.id)).rendezVous;
		expect(sheetItem!.rendezVous).toMatchObject({ agenda: [], timer: null });
		for (const person of [w.consultant, w.beneficiary]) {
			const [own] = await listRendezVous(db, person, w.bilan.id);
			expect(own!.agenda.map((item) => item.label)).toEqual(['Parler de l’arrêt maladie']);
			expect(own!.timer?.totalMs).toBe(10 * 60_000);
		}
	});

	it('is started by the consultant in charge only: not the beneficiary, an admin or another consultant', async () => {
		const db = database.db;
		const w = await world();
		for (const actor of [w.beneficiary, w.admin]) {
			expect((await failure(startSeance(db, actor, w.bilan.id))).reason).toBe('forbidden');
		}
		const stranger = await failure(startSeance(db, w.otherConsultant, w.bilan.id));
		expect(stranger).toBeInstanceOf(PermissionError);
		expect(stranger.reason).toBe('not_found');
		expect(await liveSeanceOf(db, w.bilan.id)).toBeNull();
	});

	it('keeps the timer: the consultant leads it, the beneficiary adds a minute only when allowed', async () => {
		const db = database.db;
		const w = await world();
		const t0 = Date.parse('2026-12-07T09:00:00Z');
		const noSeance = await failure(
			changeTimer(db, w.consultant, crypto.randomUUID(), { type: 'stop' }, t0)
		);
		expect(noSeance.reason).toBe('not_found');
		const seance = await startSeance(db, w.consultant, w.bilan.id, {}, new Date(t0));

		const started = await changeTimer(
			db,
			w.consultant,
			seance.id,
			{ type: 'start', minutes: 10 },
			t0
		);
		expect(started).toEqual({
			totalMs: 600_000,
			endsAt: t0 + 600_000,
			remainingMs: 600_000,
			extendable: true
		});
		const paused = await changeTimer(db, w.consultant, seance.id, { type: 'pause' }, t0 + 60_000);
		expect(paused).toMatchObject({ endsAt: null, remainingMs: 540_000 });
		const extended = await changeTimer(
			db,
			w.beneficiary,
			seance.id,
			{ type: 'extend' },
			t0 + 70_000
		);
		expect(extended).toMatchObject({ endsAt: null, remainingMs: 540_000 + TIMER_EXTEND_MS });
		const [stored] = await db.select().from(rendezVous).where(eq(rendezVous.id, seance.id));
		expect(stored!.timer).toEqual(extended);

		await changeTimer(db, w.consultant, seance.id, { type: 'extendable', allowed: false }, t0);
		const closed = await failure(
			changeTimer(db, w.beneficiary, seance.id, { type: 'extend' }, t0 + 80_000)
		);
		expect(closed.message).toBe('La ou le consultant·e n’a pas ouvert la prolongation.');
		for (const change of [{ type: 'pause' }, { type: 'start', minutes: 5 }] as const) {
			expect((await failure(changeTimer(db, w.beneficiary, seance.id, change))).reason).toBe(
				'forbidden'
			);
		}
		expect((await failure(changeTimer(db, w.admin, seance.id, { type: 'stop' }))).reason).toBe(
			'forbidden'
		);
		for (const minutes of [0, 481, 1.5]) {
			const invalid = await failure(
				changeTimer(db, w.consultant, seance.id, { type: 'start', minutes })
			);
			expect(invalid).toBeInstanceOf(ValidationError);
		}
		const resumed = await changeTimer(db, w.consultant, seance.id, { type: 'resume' }, t0 + 90_000);
		expect(resumed?.endsAt).toBe(t0 + 90_000 + 540_000 + TIMER_EXTEND_MS);
		expect(await changeTimer(db, w.consultant, seance.id, { type: 'stop' }, t0)).toBeNull();

		await endSeance(db, w.consultant, seance.id, {}, new Date(t0 + 3_600_000));
		const ended = await failure(changeTimer(db, w.consultant, seance.id, { type: 'stop' }));
		expect(ended.message).toBe(NO_LIVE_SEANCE);
	});

	it('ticks agenda points off, for the consultant only, while the séance runs', async () => {
		const db = database.db;
		const w = await world();
		const planned = await addRendezVous(db, w.consultant, w.bilan.id, {
			startsAt: '2026-12-07T11:30',
			durationMinutes: '60',
			mode: 'distanciel',
			agendaPoints: 'Valeurs\nMétiers'
		});
		const now = new Date('2026-12-07T11:00:00Z');
		const tooEarly = await failure(
			tickAgendaItem(db, w.consultant, planned.id, planned.agenda[0]!.id, true)
		);
		expect(tooEarly.message).toBe(NO_LIVE_SEANCE);
		await startSeance(db, w.consultant, w.bilan.id, { rendezVousId: planned.id }, now);
		const [first, second] = planned.agenda;
		const ticked = await tickAgendaItem(db, w.consultant, planned.id, first!.id, true);
		expect(ticked.map((item) => [item.label, item.done])).toEqual([
			['Valeurs', true],
			['Métiers', false]
		]);
		const unticked = await tickAgendaItem(db, w.consultant, planned.id, first!.id, false);
		expect(unticked.every((item) => !item.done)).toBe(true);
		const unknown = await failure(tickAgendaItem(db, w.consultant, planned.id, 'inconnu', true));
		expect(unknown).toBeInstanceOf(ValidationError);
		const beneficiary = await failure(
			tickAgendaItem(db, w.beneficiary, planned.id, second!.id, true)
		);
		expect(beneficiary.reason).toBe('forbidden');
	});
});
