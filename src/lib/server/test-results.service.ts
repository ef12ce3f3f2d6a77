import { and, asc, count, eq, max } from 'drizzle-orm';
import { recordAudit } from './audit.ts';
import { BILAN_NOT_FOUND } from './bilans.service.ts';
import { Checker, isUuid } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import { bilans, testResults, type Bilan } from './db/schema.ts';
import { checkPdf } from './pdf-attachment.ts';
import {
	canRecordTestResults,
	canViewBilan,
	canViewTestResults,
	PermissionError,
	type Actor
} from './permissions.ts';

/**
 * Results of tests the beneficiary took elsewhere (a personality or interest inventory, an
 * aptitude test…), recorded by the consultant: the test's name, the date, the result in words
 * and, optionally, the report as a PDF. Atelier ships no test: only what the person brings.
 * Content (L6313-4): the beneficiary and their consultant see it; an admin sees how many were
 * recorded and when, never a name, a result or a PDF. Destroyed with the bilan's content
 * (retention.service.ts `destroyBilanContent`).
 */

export const TEST_NAME_MAX = 200;
export const TEST_RESULT_MAX = 4000;
/** Results one bilan holds at most: with the PDFs' limit, a bound on what a bilan stores. */
export const TEST_RESULTS_PER_BILAN = 50;

/** A recorded result as pages and the API show it (the PDF's bytes are downloaded apart). */
export interface TestResultItem {
	id: string;
	name: string;
	takenOn: string;
	result: string;
	/** Size of the PDF in bytes; null without one. */
	attachmentSize: number | null;
	createdAt: Date;
}

/** What an actor sees of a bilan's test results: all of them, or that some exist. */
export type TestResultsView =
	| { visible: true; results: TestResultItem[]; canRecord: boolean }
	| { visible: false; count: number; lastRecordedAt: Date | null };

function notFound(): PermissionError {
	return new PermissionError('not_found', BILAN_NOT_FOUND);
}

const RESULT_NOT_FOUND = 'Ce résultat de test est introuvable.';

async function visibleBilan(db: Db, actor: Actor, bilanId: string): Promise<Bilan> {
	if (!isUuid(bilanId)) throw notFound();
	const [bilan] = await db.select().from(bilans).where(eq(bilans.id, bilanId.toLowerCase()));
	if (!bilan || !canViewBilan(actor, bilan)) throw notFound();
	return bilan;
}

/** A bilan whose results the actor records; not found for those who may not even read them. */
async function recordingBilan(db: Db, actor: Actor, bilanId: string): Promise<Bilan> {
	const bilan = await visibleBilan(db, actor, bilanId);
	if (!canViewTestResults(actor, bilan)) throw notFound();
	if (!canRecordTestResults(actor, bilan)) {
		throw new PermissionError(
			'forbidden',
			'Seul·e le ou la consultant·e du bilan enregistre des résultats de tests, tant que le bilan n’est pas clôturé.'
		);
	}
	return bilan;
}

const itemColumns = {
	id: testResults.id,
	name: testResults.name,
	takenOn: testResults.takenOn,
	result: testResults.result,
	attachmentSize: testResults.attachmentSize,
	createdAt: testResults.createdAt
};

/** The test results of a bilan the actor may see (the caller loaded it through getBilan). */
export async function testResultsOf(db: Db, actor: Actor, bilan: Bilan): Promise<TestResultsView> {
	if (!canViewBilan(actor, bilan)) throw notFound();
	if (!canViewTestResults(actor, bilan)) {
		const [row] = await db
			.select({ count: count(), lastRecordedAt: max(testResults.createdAt) })
			.from(testResults)
			.where(eq(testResults.bilanId, bilan.id));
		return { visible: false, count: row?.count ?? 0, lastRecordedAt: row?.lastRecordedAt ?? null };
	}
	const results = await db
		.select(itemColumns)
		.from(testResults)
		.where(eq(testResults.bilanId, bilan.id))
		.orderBy(asc(testResults.takenOn), asc(testResults.createdAt));
	return { visible: true, results, canRecord: canRecordTestResults(actor, bilan) };
}

/** Raw values of the form (or a JSON body). */
export interface TestResultInput {
	name?: unknown;
	takenOn?: unknown;
	result?: unknown;
}

/** Records a test's results, with its report when `attachment` holds a PDF of at most `maxBytes`. */
export async function addTestResult(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: TestResultInput,
	attachment: Uint8Array | null,
	maxBytes: number
): Promise<TestResultItem> {
	const bilan = await recordingBilan(db, actor, bilanId);
	const check = new Checker();
	const name = check.text('name', input.name, true, TEST_NAME_MAX);
	const takenOn = check.date('takenOn', input.takenOn, true);
	const result = check.text('result', input.result, true, TEST_RESULT_MAX);
	const pdf = checkPdf(check, 'attachment', attachment, maxBytes);
	const [recorded] = await db
		.select({ count: count() })
		.from(testResults)
		.where(eq(testResults.bilanId, bilan.id));
	if ((recorded?.count ?? 0) >= TEST_RESULTS_PER_BILAN) {
		check.fail(
			'name',
			`Ce bilan compte déjà ${TEST_RESULTS_PER_BILAN} résultats de tests : supprimez-en un avant d’en ajouter un autre.`
		);
	}
	check.done();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(testResults)
			.values({
				bilanId: bilan.id,
				name: name!,
				takenOn: takenOn!,
				result: result!,
				attachment: pdf ?? null,
				attachmentSize: pdf?.length ?? null,
				createdBy: actor.id
			})
			.returning(itemColumns);
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'test_result.create',
			targetType: 'bilan',
			targetId: bilan.id,
			// Metadata only: never the test's name nor its result.
			detail: { testResultId: row!.id, attachment: Boolean(pdf) }
		});
		return row!;
	});
}

/** Removes a result recorded by mistake (the consultant in charge, while the bilan is open). */
export async function deleteTestResult(
	db: Db,
	actor: Actor,
	bilanId: string,
	resultId: string
): Promise<void> {
	const bilan = await recordingBilan(db, actor, bilanId);
	if (!isUuid(resultId)) throw new PermissionError('not_found', RESULT_NOT_FOUND);
	await db.transaction(async (tx) => {
		const deleted = await tx
			.delete(testResults)
			.where(and(eq(testResults.id, resultId.toLowerCase()), eq(testResults.bilanId, bilan.id)))
			.returning({ id: testResults.id });
		if (deleted.length === 0) throw new PermissionError('not_found', RESULT_NOT_FOUND);
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'test_result.delete',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: { testResultId: deleted[0]!.id }
		});
	});
}

/** A result's PDF, for the beneficiary and their consultant; the same 404 for anyone else. */
export async function testResultAttachment(
	db: Db,
	actor: Actor,
	bilanId: string,
	resultId: string
): Promise<{ bytes: Uint8Array; name: string; takenOn: string }> {
	const bilan = await visibleBilan(db, actor, bilanId);
	if (!canViewTestResults(actor, bilan)) throw notFound();
	const [row] = isUuid(resultId)
		? await db
				.select({
					bytes: testResults.attachment,
					name: testResults.name,
					takenOn: testResults.takenOn
				})
				.from(testResults)
				.where(and(eq(testResults.id, resultId.toLowerCase()), eq(testResults.bilanId, bilan.id)))
		: [];
	if (!row?.bytes) throw new PermissionError('not_found', RESULT_NOT_FOUND);
	return { bytes: row.bytes, name: row.name, takenOn: row.takenOn };
}

/** Every result of a bilan with its PDF, for its archive (the caller checked the permission). */
export async function testResultsForArchive(db: Db, bilanId: string) {
	return db
		.select({ ...itemColumns, attachment: testResults.attachment })
		.from(testResults)
		.where(eq(testResults.bilanId, bilanId))
		.orderBy(asc(testResults.takenOn), asc(testResults.createdAt));
}
