import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../../../tests/helpers/factories.ts';
import { ValidationError } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import { auditEvents, bilanClosures, type Phase } from './db/schema.ts';
import { PermissionError } from './permissions.ts';
import {
	listQuestionnaires,
	monthsLater,
	questionnaireStats,
	submitQuestionnaire
} from './questionnaires.service.ts';

const CLOSED_AT = new Date('2026-03-31T09:00:00Z');
const END = { satisfaction: '5', objectives: 'oui', recommend: 'oui', comment: ' Très utile ' };
const SIX = { ...END, situation: 'projet_realise', actionsTaken: 'toutes' };

describe('monthsLater', () => {
	it('keeps the day, or the last day of a shorter month', () => {
		expect(monthsLater(CLOSED_AT, 6).toISOString()).toBe('2026-09-30T09:00:00.000Z');
		expect(monthsLater(new Date('2026-01-15T10:00:00Z'), 6).toISOString()).toBe(
			'2026-07-15T10:00:00.000Z'
		);
		expect(monthsLater(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe(
			'2027-02-28T10:00:00.000Z'
		);
	});
});

describe.each(testDrivers())('questionnaires on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function closedBilan(db: Db, organisationId: string, phase: Phase = 'suivi') {
		const beneficiary = await newUser(db, 'beneficiary', organisationId, { name: 'Bruno' });
		const consultant = await newUser(db, 'consultant', organisationId);
		const bilan = await newBilan(db, {
			organisationId,
			beneficiaryId: beneficiary.id,
			consultantId: consultant.id,
			phase
		});
		if (phase === 'suivi' || phase === 'clos') {
			await db.insert(bilanClosures).values({
				bilanId: bilan.id,
				kept: { synthese: true, boardIds: [] },
				agreedAt: CLOSED_AT,
				closedAt: CLOSED_AT
			});
		}
		return { beneficiary, consultant, bilan };
	}

	function failure(promise: Promise<unknown>) {
		return promise.then(
			() => 'resolved',
			(error: unknown) =>
				error instanceof PermissionError
					? error.reason
					: error instanceof ValidationError
						? Object.keys(error.fields).join()
						: String(error)
		);
	}

	it('opens the end one at the close and the six-month one six months later, once each', async () => {
		const db = database.db;
		const org = await newOrganisation(db);
		const { beneficiary, consultant, bilan } = await closedBilan(db, org.id);
		const before = new Date('2026-09-30T08:59:00Z');
		const after = new Date('2026-09-30T09:00:00Z');

		const view = await listQuestionnaires(db, beneficiary, bilan.id, before);
		expect(view.items.map((i) => [i.questionnaire, i.available])).toEqual([
			['fin_de_bilan', true],
			['six_mois', false]
		]);
		expect(view.items[1]!.opensAt).toEqual(after);
		expect(
			await failure(submitQuestionnaire(db, beneficiary, bilan.id, 'six_mois', SIX, before))
		).toBe('forbidden');
		expect(await failure(submitQuestionnaire(db, consultant, bilan.id, 'fin_de_bilan', END))).toBe(
			'forbidden'
		);
		expect(await failure(submitQuestionnaire(db, beneficiary, bilan.id, 'autre', END))).toBe(
			'not_found'
		);
		expect(
			await failure(
				submitQuestionnaire(db, beneficiary, bilan.id, 'fin_de_bilan', { satisfaction: '6' })
			)
		).toBe('satisfaction,objectives,recommend');

		await submitQuestionnaire(db, beneficiary, bilan.id, 'fin_de_bilan', END, before);
		expect(await failure(submitQuestionnaire(db, beneficiary, bilan.id, 'fin_de_bilan', END))).toBe(
			'forbidden'
		);
		expect(
			await failure(submitQuestionnaire(db, beneficiary, bilan.id, 'six_mois', END, after))
		).toBe('situation,actionsTaken');
		await submitQuestionnaire(db, beneficiary, bilan.id, 'six_mois', SIX, after);

		const mine = await listQuestionnaires(db, beneficiary, bilan.id, after);
		expect(mine.items[0]!.answers).toEqual({
			satisfaction: 5,
			objectives: 'oui',
			recommend: 'oui',
			comment: 'Très utile'
		});
		const theirs = await listQuestionnaires(db, consultant, bilan.id, after);
		expect(theirs.items.map((i) => [i.submittedAt !== null, i.answers])).toEqual([
			[true, null],
			[true, null]
		]);
		const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, bilan.id));
		expect(events.map((e) => [e.action, e.detail])).toEqual([
			['questionnaire.submit', { questionnaire: 'fin_de_bilan' }],
			['questionnaire.submit', { questionnaire: 'six_mois' }]
		]);
	});

	it('is closed while the bilan runs', async () => {
		const db = database.db;
		const org = await newOrganisation(db);
		const { beneficiary, bilan } = await closedBilan(db, org.id, 'conclusion');
		const view = await listQuestionnaires(db, beneficiary, bilan.id);
		expect(view.items.map((i) => [i.available, i.opensAt])).toEqual([
			[false, null],
			[false, null]
		]);
		expect(await failure(submitQuestionnaire(db, beneficiary, bilan.id, 'fin_de_bilan', END))).toBe(
			'forbidden'
		);
	});

	it('gives the admin averages and counts, comments only unnamed and from three answers', async () => {
		const db = database.db;
		const org = await newOrganisation(db);
		const admin = await newUser(db, 'admin', org.id);
		const consultant = await newUser(db, 'consultant', org.id);
		const now = new Date('2026-12-01T00:00:00Z');
		const answer = async (satisfaction: string, comment: string) => {
			const { beneficiary, bilan } = await closedBilan(db, org.id);
			await submitQuestionnaire(
				db,
				beneficiary,
				bilan.id,
				'fin_de_bilan',
				{ ...END, satisfaction, comment },
				now
			);
		};
		await closedBilan(db, org.id);
		await closedBilan(db, org.id, 'investigation');
		await answer('4', 'Zèbre');
		await answer('5', 'Accueil chaleureux');
		expect(await failure(questionnaireStats(db, consultant))).toBe('forbidden');

		const [first, six] = await questionnaireStats(db, admin, now);
		let end = first;
		expect(end).toMatchObject({ eligible: 3, responses: 2, averageSatisfaction: 4.5 });
		expect(end!.comments).toEqual([]);
		expect(end!.commentsHidden).toBe(true);
		expect(six).toMatchObject({ eligible: 3, responses: 0, averageSatisfaction: null });

		await answer('4', 'Merci');
		[end] = await questionnaireStats(db, admin, now);
		expect(end!.averageSatisfaction).toBe(4.3);
		expect(end!.counts.satisfaction).toEqual({ '4': 2, '5': 1 });
		expect(end!.comments).toEqual(['Accueil chaleureux', 'Merci', 'Zèbre']);
		expect(JSON.stringify(end)).not.toContain('Bruno');
	});
});
