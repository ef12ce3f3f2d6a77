import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
	boardWithContent,
	contentRows,
	rowsFor,
	syntheseWithContent
} from '../../../tests/helpers/bilan-content.ts';
import { testDrivers, useTestDatabase } from '../../../tests/helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../../../tests/helpers/factories.ts';
import { registerBoardWriter } from './board-writer.ts';
import { auditEvents, bilanClosures, bilans, rendezVous } from './db/schema.ts';
import { destroyBoards, destroySynthese, runRetention } from './retention.service.ts';

const YEAR = 365 * 86_400_000;

describe.each(testDrivers())('retention on %s', (driver) => {
	const database = useTestDatabase(driver);
	afterEach(() => registerBoardWriter(undefined));

	async function world() {
		const db = database.db;
		const org = await newOrganisation(db);
		const beneficiary = await newUser(db, 'beneficiary', org.id);
		const bilan = await newBilan(db, { organisationId: org.id, beneficiaryId: beneficiary.id });
		const first = await boardWithContent(db, bilan.id, 'values');
		const second = await boardWithContent(db, bilan.id, 'ikigai');
		const synthese = await syntheseWithContent(db, bilan.id);
		return { db, org, bilan, first, second, synthese };
	}

	/** Records the ids `evict` receives, as the sync server would. */
	function evictions(): string[][] {
		const calls: string[][] = [];
		registerBoardWriter({
			apply: () => Promise.reject(new Error('not expected')),
			evict: (ids) => void calls.push([...ids]),
			recheck: () => Promise.reject(new Error('not expected')),
			locksChanged: () => Promise.reject(new Error('not expected'))
		});
		return calls;
	}

	it('destroyBoards deletes the boards with their log, state, images and snapshots', async () => {
		const { db, bilan, first, second, synthese } = await world();
		expect(await destroyBoards(db, [first])).toBe(1);
		expect(await contentRows(db, [first], bilan.id)).toEqual(rowsFor(0, true));
		expect(await contentRows(db, [second, synthese], bilan.id)).toEqual(rowsFor(2, true));
		expect(await destroyBoards(db, [])).toBe(0);
	});

	it('destroySynthese deletes the synthèse board, its versions and its share links only', async () => {
		const { db, bilan, first, second, synthese } = await world();
		const destroyed = await destroySynthese(db, bilan.id);
		expect(destroyed).toEqual({ boardIds: [synthese], syntheseVersions: 1, shareLinks: 1 });
		expect(await contentRows(db, [synthese], bilan.id)).toEqual(rowsFor(0, false));
		expect(await contentRows(db, [first, second], bilan.id)).toEqual(rowsFor(2, false));
	});

	it('destroys what was kept once retain_until has passed, keeps the proofs, and only once', async () => {
		const { db, org, bilan, first, second, synthese } = await world();
		const closedAt = new Date('2026-06-30T10:00:00Z');
		const retainUntil = new Date(closedAt.getTime() + YEAR);
		await db.insert(bilanClosures).values({
			bilanId: bilan.id,
			kept: { synthese: true, boardIds: [first] },
			agreedAt: closedAt,
			closedAt,
			retainUntil
		});
		await db.insert(rendezVous).values({
			bilanId: bilan.id,
			startsAt: closedAt,
			durationMinutes: 60,
			mode: 'distanciel',
			phase: 'conclusion'
		});
		const evicted = evictions();

		// A day early: nothing happens.
		expect(await runRetention(db, new Date(retainUntil.getTime() - 86_400_000))).toEqual({
			bilanIds: [],
			boardIds: []
		});
		expect(await contentRows(db, [first, second, synthese], bilan.id)).toEqual(rowsFor(3, true));

		const run = await runRetention(db, retainUntil);
		expect(run?.bilanIds).toEqual([bilan.id]);
		expect(new Set(run?.boardIds)).toEqual(new Set([first, second, synthese]));
		expect(await contentRows(db, [first, second, synthese], bilan.id)).toEqual(rowsFor(0, false));
		expect(evicted.flat().sort()).toEqual([first, second, synthese].sort());

		const [closure] = await db
			.select()
			.from(bilanClosures)
			.where(eq(bilanClosures.bilanId, bilan.id));
		expect(closure!.destroyedAt).toEqual(retainUntil);
		// The record funders and Qualiopi need stays: the bilan and its rendez-vous.
		expect(await db.select().from(bilans).where(eq(bilans.id, bilan.id))).toHaveLength(1);
		expect(await db.select().from(rendezVous).where(eq(rendezVous.bilanId, bilan.id))).toHaveLength(
			1
		);
		const audits = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetId, bilan.id), eq(auditEvents.action, 'retention.destroy')));
		expect(audits.map((a) => [a.organisationId, a.detail])).toEqual([
			[org.id, { boards: 3, syntheseVersions: 1, shareLinks: 1, testResults: 0 }]
		]);

		// A second run finds nothing left to do.
		expect(await runRetention(db, new Date(retainUntil.getTime() + YEAR))).toEqual({
			bilanIds: [],
			boardIds: []
		});
	});
});
