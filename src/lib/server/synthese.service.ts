import { and, desc, eq, max } from 'drizzle-orm';
import * as Y from 'yjs';
import {
	SYNTHESE_KIND,
	fillEmptySections,
	initSynthese,
	summarizeSynthese,
	type SyntheseSummary,
	type SyntheseTexts
} from '../boards/synthese/model.ts';
import type { SyntheseContent } from '../boards/synthese/content.ts';
import { boardKinds } from '../boards/registry.ts';
import { drawingsFrom, prefillTexts } from '../boards/synthese/prefill.ts';
import { recordAudit } from './audit.ts';
import { getBilan, type BilanSummary } from './bilans.service.ts';
import { ValidationError } from './bilans.validation.ts';
import { ensureManagedBoard, findBoardOfKind } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import { bilans, syntheseVersions, type SyntheseVersion } from './db/schema.ts';
import {
	PermissionError,
	boardAccess,
	canValidateSynthese,
	type Actor,
	type BoardAccess
} from './permissions.ts';
import { synthesePdf } from './pdf-synthese.ts';
import { latestSnapshots } from './snapshots.service.ts';

/**
 * The document de synthèse (R6313-4): one board of kind `synthese` per bilan, created on first
 * open and prefilled from the latest snapshots of the exercise boards, co-edited live through the
 * sync server like any board. The beneficiary validates it: that freezes a version (immutable row
 * with the state, the sections' text, the drawings' data and what the PDF needs of the bilan).
 * Like board content, it belongs to the beneficiary and their consultant: an admin gets 404.
 */

export const SYNTHESE_TITLE = 'Document de synthèse';
export const SYNTHESE_NOT_FOUND =
	'Ce document de synthèse est introuvable, ou vous n’y avez pas accès.';

/** What lists show of a version (not its state). */
export interface SyntheseVersionInfo {
	version: number;
	validatedAt: Date;
	validatedByName: string;
}

export interface OpenedSynthese {
	bilan: BilanSummary;
	access: BoardAccess;
	/** The live board; null when the bilan is read-only and never had a synthèse. */
	board: { id: string; title: string } | null;
	canValidate: boolean;
	versions: SyntheseVersionInfo[];
	/** What the latest snapshots propose for each section ("Reprendre les derniers instantanés"). */
	proposals: Partial<SyntheseTexts>;
}

function notFound(): PermissionError {
	return new PermissionError('not_found', SYNTHESE_NOT_FOUND);
}

/** The bilan, for someone who may read its content (never an admin): else not found. */
async function contentBilan(db: Db, actor: Actor, bilanId: string) {
	const bilan = await getBilan(db, actor, bilanId).catch((cause: unknown) => {
		if (cause instanceof PermissionError) throw notFound();
		throw cause;
	});
	const access = boardAccess(actor, bilan);
	if (access === 'none') throw notFound();
	return { bilan, access };
}

function findSyntheseBoard(db: Db, bilanId: string) {
	return findBoardOfKind(db, bilanId, SYNTHESE_KIND);
}

/**
 * The bilan's synthèse board, created when missing with its sections prefilled from the latest
 * snapshots (`ensureManagedBoard`: never two). No permission check (callers have).
 */
export function ensureSyntheseBoard(
	db: Db,
	bilanId: string,
	createdBy: string | null
): Promise<{ id: string; title: string }> {
	return ensureManagedBoard(
		db,
		{ bilanId, kind: SYNTHESE_KIND, title: SYNTHESE_TITLE, createdBy },
		async () => {
			const doc = new Y.Doc();
			initSynthese(doc);
			fillEmptySections(doc, prefillTexts(await latestSnapshots(db, bilanId), boardKinds));
			const data = Y.encodeStateAsUpdate(doc);
			doc.destroy();
			return data;
		}
	);
}

/**
 * Opens the synthèse page: the live board (created on first open while the bilan can change),
 * the validated versions, and what the latest snapshots propose for each section.
 */
export async function openSynthese(db: Db, actor: Actor, bilanId: string): Promise<OpenedSynthese> {
	const { bilan, access } = await contentBilan(db, actor, bilanId);
	const board =
		access === 'edit'
			? await ensureSyntheseBoard(db, bilan.id, actor.id)
			: await findSyntheseBoard(db, bilan.id);
	return {
		bilan,
		access,
		board,
		canValidate: board !== null && canValidateSynthese(actor, bilan),
		versions: await versionInfos(db, bilan.id),
		proposals:
			access === 'edit' ? prefillTexts(await latestSnapshots(db, bilan.id), boardKinds) : {}
	};
}

/** The live synthèse as it is committed (no creation: a read has no side effect), for the API. */
export async function readLiveSynthese(db: Db, actor: Actor, bilanId: string) {
	const { bilan, access } = await contentBilan(db, actor, bilanId);
	const board = await findSyntheseBoard(db, bilan.id);
	let sections: SyntheseSummary['sections'] | null = null;
	if (board) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await createBoardStorage(db).readState(board.id)).state);
		sections = summarizeSynthese(doc).sections;
		doc.destroy();
	}
	return {
		access,
		board,
		sections,
		canValidate: board !== null && canValidateSynthese(actor, bilan),
		versions: await versionInfos(db, bilan.id)
	};
}

async function versionInfos(db: Db, bilanId: string): Promise<SyntheseVersionInfo[]> {
	const rows = await db
		.select({
			version: syntheseVersions.version,
			validatedAt: syntheseVersions.validatedAt,
			content: syntheseVersions.content
		})
		.from(syntheseVersions)
		.where(eq(syntheseVersions.bilanId, bilanId))
		.orderBy(desc(syntheseVersions.version));
	return rows.map((row) => ({
		version: row.version,
		validatedAt: row.validatedAt,
		validatedByName: (row.content as SyntheseContent).validatedByName
	}));
}

/** The validated versions of a bilan's synthèse, newest first, for whoever may read it. */
export async function listSyntheseVersions(
	db: Db,
	actor: Actor,
	bilanId: string
): Promise<SyntheseVersionInfo[]> {
	const { bilan } = await contentBilan(db, actor, bilanId);
	return versionInfos(db, bilan.id);
}

/** One validated version (with its content), for whoever may read the synthèse. */
export async function getSyntheseVersion(
	db: Db,
	actor: Actor,
	bilanId: string,
	version: number
): Promise<SyntheseVersion> {
	const { bilan } = await contentBilan(db, actor, bilanId);
	if (!Number.isInteger(version) || version < 1) throw notFound();
	const [row] = await db
		.select()
		.from(syntheseVersions)
		.where(and(eq(syntheseVersions.bilanId, bilan.id), eq(syntheseVersions.version, version)));
	if (!row) throw notFound();
	return row;
}

/** The latest validated version of a bilan's synthèse, or null. No permission check. */
export async function getValidatedSynthese(
	db: Db,
	bilanId: string
): Promise<SyntheseVersion | null> {
	const [row] = await db
		.select()
		.from(syntheseVersions)
		.where(eq(syntheseVersions.bilanId, bilanId))
		.orderBy(desc(syntheseVersions.version))
		.limit(1);
	return row ?? null;
}

/**
 * "Valider la synthèse", by the beneficiary only: freezes the committed state of the live
 * document as the next version, with the sections' text, the drawings from the latest snapshots
 * and the bilan's metadata. The document stays editable; a later validation makes a new version.
 */
export async function validateSynthese(
	db: Db,
	actor: Actor,
	bilanId: string
): Promise<SyntheseVersionInfo> {
	const { bilan } = await contentBilan(db, actor, bilanId);
	if (!canValidateSynthese(actor, bilan)) {
		throw new PermissionError(
			'forbidden',
			'Seul·e le ou la bénéficiaire peut valider la synthèse, tant que le bilan est en cours.'
		);
	}
	const board = await findSyntheseBoard(db, bilan.id);
	if (!board) throw notFound();
	const { state } = await createBoardStorage(db).readState(board.id);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const summary = summarizeSynthese(doc);
	doc.destroy();
	if (summary.filled === 0) {
		throw new ValidationError({
			synthese: 'La synthèse est vide : écrivez-la avant de la valider.'
		});
	}
	const content: SyntheseContent = {
		sections: summary.sections,
		drawings: drawingsFrom(await latestSnapshots(db, bilan.id)),
		bilan: {
			organisationName: bilan.organisationName,
			beneficiaryName: bilan.beneficiaryName,
			consultantName: bilan.consultantName,
			startDate: bilan.startDate,
			endDate: bilan.endDate,
			plannedMinutes: bilan.plannedMinutes,
			usedMinutes: bilan.usedMinutes
		},
		validatedByName: actor.name
	};
	const row = await db.transaction(async (tx) => {
		// Locking the bilan serialises two validations: each gets its own version number.
		await tx.select({ id: bilans.id }).from(bilans).where(eq(bilans.id, bilan.id)).for('update');
		const [last] = await tx
			.select({ n: max(syntheseVersions.version) })
			.from(syntheseVersions)
			.where(eq(syntheseVersions.bilanId, bilan.id));
		const [inserted] = await tx
			.insert(syntheseVersions)
			.values({
				bilanId: bilan.id,
				version: (last?.n ?? 0) + 1,
				state,
				content,
				validatedBy: actor.id
			})
			.returning();
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'synthese.validate',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: { version: inserted!.version }
		});
		return inserted!;
	});
	return {
		version: row.version,
		validatedAt: row.validatedAt,
		validatedByName: content.validatedByName
	};
}

/**
 * The PDF of one validated version, for whoever may read the synthèse. The download is recorded
 * (`synthese.pdf`, in the bilan's journal), as a share link's is: the document leaves Atelier.
 */
export async function downloadSynthesePdf(
	db: Db,
	actor: Actor,
	bilanId: string,
	version: number
): Promise<{ version: number; bytes: Uint8Array<ArrayBuffer> }> {
	const row = await getSyntheseVersion(db, actor, bilanId, version);
	const bytes = await synthesePdf(row);
	await recordAudit(db, {
		// Only the bilan's own people read its synthèse: their organisation is the bilan's.
		organisationId: actor.organisationId,
		actorId: actor.id,
		action: 'synthese.pdf',
		targetType: 'bilan',
		targetId: row.bilanId,
		detail: { version: row.version }
	});
	return { version: row.version, bytes };
}
