import { asc, eq } from 'drizzle-orm';
import { zipSync, type Zippable } from 'fflate';
import * as Y from 'yjs';
import { toDateTimeLocalValue } from '../bilans/dates.ts';
import { CANVAS_KIND, readRecords } from '../boards/canvas/model.ts';
import type { CommentThread, CommentView } from '../boards/comments.ts';
import type { StoredRecord } from '../boards/canvas/shapes.ts';
import { canvasToSvg } from '../boards/canvas/svg.ts';
import { findBoardKind } from '../boards/registry.ts';
import { formatDateTime } from '../format/dates.ts';
import { attendanceCsv, attendancePdf } from './attendance-export.ts';
import { recordAudit } from './audit.ts';
import { BILAN_NOT_FOUND } from './bilans.service.ts';
import { isUuid } from './bilans.validation.ts';
import { assetUrl } from './board-assets.service.ts';
import { boardThreads } from './comments.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import {
	bilans,
	boardAssets,
	boards,
	boardSnapshots,
	organisations,
	syntheseVersions,
	users,
	type Bilan,
	type Board,
	type BoardSnapshot
} from './db/schema.ts';
import { employerAgreementForArchive } from './employer-agreement.service.ts';
import { canDownloadArchive, PermissionError, type Actor } from './permissions.ts';
import { summarizeState } from './snapshots.service.ts';
import { snapshotPdf } from './pdf-snapshot.ts';
import { synthesePdf } from './pdf-synthese.ts';
import { testResultsForArchive } from './test-results.service.ts';

/**
 * The beneficiary's copy of their bilan (L6313-4: the results are theirs; R6313-7: offered before
 * the working documents are destroyed): a ZIP with a French README, the validated synthèse
 * PDFs, every board's snapshots (and its current state when no snapshot holds it) as JSON, PDF
 * and, for the Tableau libre, SVG, the attendance sheet (CSV and PDF), the results of tests taken
 * elsewhere and the employer's agreement, each with its PDF.
 */

/** Files of an archive by path; PDFs are stored as they are (already compressed). */
export type ArchiveFiles = Record<string, Uint8Array>;

const encoder = new TextEncoder();
export const jsonFile = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
const TRIGGER_LABELS: Record<BoardSnapshot['trigger'], string> = {
	manual: 'enregistré à la main',
	phase: 'changement de phase',
	seance: 'fin de séance',
	close: 'clôture du bilan'
};

/** A file-name-safe slug: "Mes valeurs à moi" → "mes-valeurs-a-moi". */
export function slug(text: string, fallback = 'sans-titre'): string {
	const plain = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/, '');
	return plain || fallback;
}

export const two = (n: number) => String(n).padStart(2, '0');

/** "2026-11-26_14h05", Paris time: sorts in time order in a file list. */
export function stamp(at: Date): string {
	return toDateTimeLocalValue(at).replace('T', '_').replace(':', 'h');
}

/** The canvas of a state as SVG, images embedded from the board's stored assets. */
export function canvasSvg(state: Uint8Array, title: string, images: Map<string, string>): string {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		const imageHref = (asset: StoredRecord) => {
			const props = asset.props as { src?: unknown } | undefined;
			return images.get(String(props?.src)) ?? null;
		};
		return canvasToSvg(readRecords(doc), { title, imageHref });
	} finally {
		doc.destroy();
	}
}

export async function imagesOf(db: Db, board: Board): Promise<Map<string, string>> {
	if (board.kind !== CANVAS_KIND) return new Map();
	const rows = await db.select().from(boardAssets).where(eq(boardAssets.boardId, board.id));
	return new Map(
		rows.map((row) => [
			assetUrl(board.id, row.id),
			`data:${row.mime};base64,${Buffer.from(row.bytes).toString('base64')}`
		])
	);
}

/** JSON, PDF (and SVG for a canvas) of one snapshot, under `base`. */
async function snapshotFiles(
	db: Db,
	files: ArchiveFiles,
	base: string,
	board: Board,
	snapshot: BoardSnapshot,
	images: Map<string, string>
): Promise<void> {
	const json = {
		tableau: { titre: board.title, type: board.kind },
		instantane: {
			id: snapshot.id,
			nom: snapshot.label,
			phase: snapshot.phase,
			origine: TRIGGER_LABELS[snapshot.trigger],
			date: snapshot.createdAt.toISOString()
		},
		resume: snapshot.summary
	};
	files[`${base}.json`] = jsonFile(json);
	files[`${base}.pdf`] = await snapshotPdf(db, snapshot);
	if (board.kind === CANVAS_KIND) {
		files[`${base}.svg`] = encoder.encode(canvasSvg(snapshot.state, board.title, images));
	}
}

/** A board's questions and comments, in the archive's French words. */
function commentsJson(board: Board, threads: CommentThread[]) {
	const said = (comment: CommentView) => ({
		auteur: comment.authorName,
		date: comment.createdAt.toISOString(),
		texte: comment.body
	});
	return {
		tableau: { titre: board.title, type: board.kind },
		commentaires: threads.map((thread) => ({
			sur: thread.itemLabel ?? 'Tout le tableau',
			question: thread.question,
			...said(thread),
			resolu: thread.resolvedAt
				? { par: thread.resolvedByName, date: thread.resolvedAt.toISOString() }
				: null,
			reponses: thread.replies.map(said)
		}))
	};
}

/**
 * Every board's snapshots, its current state when newer than its last snapshot, and its
 * questions and comments.
 */
async function boardFiles(db: Db, files: ArchiveFiles, bilan: Bilan, now: Date): Promise<number> {
	const list = await db
		.select()
		.from(boards)
		.where(eq(boards.bilanId, bilan.id))
		.orderBy(asc(boards.createdAt), asc(boards.id));
	let count = 0;
	for (const [index, board] of list.entries()) {
		const folder = `tableaux/${two(index + 1)}-${slug(board.title)}`;
		const images = await imagesOf(db, board);
		const snapshots = await db
			.select()
			.from(boardSnapshots)
			.where(eq(boardSnapshots.boardId, board.id))
			.orderBy(asc(boardSnapshots.createdAt), asc(boardSnapshots.id));
		for (const [i, snapshot] of snapshots.entries()) {
			const name = `${two(i + 1)}_${stamp(snapshot.createdAt)}_${slug(snapshot.label)}`;
			await snapshotFiles(db, files, `${folder}/instantanes/${name}`, board, snapshot, images);
			count++;
		}
		const threads = await boardThreads(db, board.id);
		if (threads.length > 0) {
			files[`${folder}/commentaires.json`] = jsonFile(commentsJson(board, threads));
		}
		const current = await createBoardStorage(db).readState(board.id);
		if (snapshots.at(-1)?.seq !== current.seq) {
			const state = current.state;
			const summary = summarizeState(findBoardKind(board.kind), board.kind, state);
			const live: BoardSnapshot = {
				id: 'etat-actuel',
				boardId: board.id,
				bilanId: bilan.id,
				kind: board.kind,
				label: 'État actuel',
				phase: bilan.phase,
				trigger: 'manual',
				seq: current.seq,
				state,
				summary,
				createdBy: null,
				createdAt: now
			};
			await snapshotFiles(db, files, `${folder}/etat-actuel`, board, live, images);
		}
	}
	return count;
}

/** The results of tests taken elsewhere (JSON) and their reports (PDF, as uploaded). */
async function testFiles(db: Db, files: ArchiveFiles, bilanId: string): Promise<void> {
	const results = await testResultsForArchive(db, bilanId);
	if (results.length === 0) return;
	const listed = results.map((result, i) => {
		const pdf = result.attachment
			? `resultats-tests/${two(i + 1)}_${result.takenOn}_${slug(result.name, 'test')}.pdf`
			: null;
		if (pdf) files[pdf] = result.attachment!;
		return {
			test: result.name,
			date: result.takenOn,
			resultat: result.result,
			compteRendu: pdf,
			enregistre: result.createdAt.toISOString()
		};
	});
	files['resultats-tests/resultats.json'] = jsonFile({ resultats: listed });
}

/** The employer's agreement (CPF during working time): its dates and its letter. */
async function agreementFiles(db: Db, files: ArchiveFiles, bilanId: string): Promise<void> {
	const agreement = await employerAgreementForArchive(db, bilanId);
	if (!agreement) return;
	if (agreement.attachment) files['accord-employeur/courrier.pdf'] = agreement.attachment;
	files['accord-employeur/accord.json'] = jsonFile({
		demandeLe: agreement.requestedOn,
		donneLe: agreement.grantedOn,
		courrier: agreement.attachment ? 'accord-employeur/courrier.pdf' : null
	});
}

function readme(
	context: { organisationName: string; beneficiaryName: string },
	bilan: Bilan,
	files: ArchiveFiles,
	now: Date
): string {
	const period = bilan.endDate
		? `du ${bilan.startDate} au ${bilan.endDate}`
		: `commencé le ${bilan.startDate}`;
	return [
		`Dossier de bilan de compétences — ${context.beneficiaryName}`,
		`${context.organisationName}, bilan ${period}.`,
		`Préparé le ${formatDateTime(now, 'fr', 'long')} (heure de Paris).`,
		'',
		'Ce dossier vous appartient : les résultats d’un bilan de compétences sont à vous seul·e',
		'(article L6313-4 du Code du travail). Personne d’autre ne les reçoit sans votre accord.',
		'',
		'Ce qu’il contient :',
		'- synthese/ : le document de synthèse, chaque version que vous avez validée (PDF) ;',
		'- tableaux/ : chaque tableau de travail, avec ses instantanés (enregistrements datés) en',
		'  trois formats : PDF à lire ou imprimer, JSON (données brutes, réutilisables), et SVG',
		'  (image) pour le tableau libre ; « etat-actuel » est le tableau tel qu’il est aujourd’hui ;',
		'  « commentaires.json » : les questions et commentaires laissés sur le tableau ;',
		'- presence/ : la feuille de présence (PDF et CSV pour un tableur), sans contenu de travail ;',
		'- resultats-tests/ (s’il y en a) : les résultats des tests passés, et leurs comptes rendus ;',
		'- accord-employeur/ (s’il y en a un) : l’accord de l’employeur au financement CPF.',
		'',
		'À la fin du bilan, les documents de travail sont détruits ; le document de synthèse et les',
		'documents que vous choisissez de garder sont conservés un an pour l’entretien de suivi,',
		'puis détruits à leur tour (article R6313-7). Gardez ce dossier en lieu sûr.',
		'',
		'Fichiers :',
		...Object.keys(files)
			.sort()
			.map((path) => `- ${path}`),
		''
	].join('\r\n');
}

/**
 * The files of a bilan's archive. No permission check: callers have checked (the archive route,
 * the GDPR export). Writes the attendance exports' own audit events.
 */
export async function bilanArchiveFiles(
	db: Db,
	actor: Actor,
	bilan: Bilan,
	now: Date = new Date()
): Promise<{ files: ArchiveFiles; snapshots: number; syntheseVersions: number }> {
	const [context] = await db
		.select({ organisationName: organisations.name, beneficiaryName: users.name })
		.from(organisations)
		.innerJoin(users, eq(users.id, bilan.beneficiaryId))
		.where(eq(organisations.id, bilan.organisationId));
	const files: ArchiveFiles = {};
	const versions = await db
		.select()
		.from(syntheseVersions)
		.where(eq(syntheseVersions.bilanId, bilan.id))
		.orderBy(asc(syntheseVersions.version));
	for (const version of versions) {
		const name = `synthese-version-${version.version}_${stamp(version.validatedAt)}.pdf`;
		files[`synthese/${name}`] = await synthesePdf(version);
	}
	const snapshots = await boardFiles(db, files, bilan, now);
	files['presence/feuille-de-presence.csv'] = encoder.encode(
		await attendanceCsv(db, actor, bilan.id, now)
	);
	files['presence/feuille-de-presence.pdf'] = await attendancePdf(db, actor, bilan.id, now);
	await testFiles(db, files, bilan.id);
	await agreementFiles(db, files, bilan.id);
	files['README.txt'] = encoder.encode(readme(context!, bilan, files, now));
	return { files, snapshots, syntheseVersions: versions.length };
}

/** Zips archive files: text deflated, PDFs stored (already compressed). */
export function zipFiles(files: ArchiveFiles, now: Date = new Date()): Uint8Array<ArrayBuffer> {
	const entries: Zippable = {};
	for (const [path, bytes] of Object.entries(files)) {
		entries[path] = [bytes, { level: path.endsWith('.pdf') ? 0 : 6, mtime: now }];
	}
	return zipSync(entries);
}

/** The ZIP of a bilan for the beneficiary or their consultant (same not-found for anyone else). */
export async function bilanArchive(
	db: Db,
	actor: Actor,
	bilanId: string,
	now: Date = new Date()
): Promise<Uint8Array<ArrayBuffer>> {
	const [bilan] = isUuid(bilanId)
		? await db.select().from(bilans).where(eq(bilans.id, bilanId.toLowerCase()))
		: [];
	if (!bilan || !canDownloadArchive(actor, bilan)) {
		throw new PermissionError('not_found', BILAN_NOT_FOUND);
	}
	const archive = await bilanArchiveFiles(db, actor, bilan, now);
	await recordAudit(db, {
		organisationId: bilan.organisationId,
		actorId: actor.id,
		action: 'archive.download',
		targetType: 'bilan',
		targetId: bilan.id,
		detail: {
			files: Object.keys(archive.files).length,
			snapshots: archive.snapshots,
			syntheseVersions: archive.syntheseVersions
		}
	});
	return zipFiles(archive.files, now);
}
