import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { BoardKind } from '../boards/kind.ts';
import { findBoardKind } from '../boards/registry.ts';
import { BoardInputError } from '../boards/model-kit.ts';
import { formatDateTime } from '../format/dates.ts';
import { restoreUpdate } from '../boards/restore.ts';
import { recordAudit, type AuditAction } from './audit.ts';
import { Checker, isUuid, ValidationError } from './bilans.validation.ts';
import { boardWriterFor } from './board-writer.ts';
import { accessToBoard, findBoardWithBilan, type BoardWithBilan } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import {
	bilans,
	boards,
	boardSnapshots,
	users,
	type Bilan,
	type Board,
	type BoardSnapshot,
	type SnapshotTrigger
} from './db/schema.ts';
import { boardAccess, PermissionError, type Actor, type BilanRef } from './permissions.ts';

/**
 * Snapshots of boards (the bilan record): a board's full Yjs state and its model's summary at a
 * moment, tied to the bilan's phase, with a label, who and when. Taken by hand ("Enregistrer dans
 * le dossier", edit access), or automatically (phase change, end of séance, close). Immutable: a
 * database trigger refuses any UPDATE; rows only go with their board.
 */

export const SNAPSHOT_LABEL_MAX = 120;

const BOARD_NOT_FOUND = 'Ce tableau est introuvable, ou vous n’y avez pas accès.';
const SNAPSHOT_NOT_FOUND = 'Cet instantané est introuvable, ou vous n’y avez pas accès.';
const READ_ONLY =
	'Ce tableau est en lecture seule : vous ne pouvez pas l’enregistrer ni le restaurer.';
const UNRESTORABLE =
	'Cet instantané contient des données que ce tableau n’accepte plus : il ne peut pas être restauré.';

/** What lists show of a snapshot: neither state nor summary, with its author's name. */
export type SnapshotInfo = Omit<BoardSnapshot, 'state' | 'summary'> & {
	createdByName: string | null;
};

/** The kind's summary of a state (plain JSON); `{ kind }` alone for a kind this build lacks. */
export function summarizeState(kind: BoardKind | undefined, name: string, state: Uint8Array) {
	if (!kind) return { kind: name };
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		return kind.summarize(doc);
	} finally {
		doc.destroy();
	}
}

/** "Instantané du 25/11/2026 14:05", in Paris time. */
export function defaultSnapshotLabel(at: Date = new Date()): string {
	return `Instantané du ${formatDateTime(at, 'fr', 'short')}`;
}

function snapshotLabel(raw: unknown): string {
	const check = new Checker();
	let label = defaultSnapshotLabel();
	if (raw !== undefined && raw !== null && typeof raw !== 'string') {
		check.fail('label', 'Ce nom n’est pas valide.');
	} else if (typeof raw === 'string' && raw.trim() !== '') {
		label = raw.trim();
		if (label.length > SNAPSHOT_LABEL_MAX) {
			check.fail('label', `Ce nom est trop long (${SNAPSHOT_LABEL_MAX} caractères au plus).`);
		}
	}
	check.done();
	return label;
}

export interface SnapshotInput {
	board: Board;
	phase: Bilan['phase'];
	trigger: SnapshotTrigger;
	label: string;
	actorId: string | null;
}

/** One snapshot of a board, as it is now (or as `current`). No permission check: callers have. */
export async function insertSnapshot(
	db: Db,
	input: SnapshotInput,
	current?: { state: Uint8Array; seq: number }
): Promise<BoardSnapshot> {
	const { board } = input;
	// Snapshots are the bilan's record; a cohort's boards have none (issue 15).
	if (!board.bilanId) throw new Error(`board ${board.id} is not a bilan's: no snapshot`);
	const { state, seq } = current ?? (await createBoardStorage(db).readState(board.id));
	const [row] = await db
		.insert(boardSnapshots)
		.values({
			boardId: board.id,
			bilanId: board.bilanId,
			kind: board.kind,
			label: input.label,
			phase: input.phase,
			trigger: input.trigger,
			seq,
			state,
			summary: summarizeState(findBoardKind(board.kind), board.kind, state),
			createdBy: input.actorId
		})
		.returning();
	return row!;
}

/**
 * A board the actor may open (`need` 'edit': and change, so never a deleted one, whose snapshots
 * are still read); the same not-found otherwise.
 */
export async function boardFor(db: Db, actor: Actor, boardId: string, need: 'edit' | 'read') {
	const found = await findBoardWithBilan(db, boardId, { deleted: need === 'read' });
	const access = found ? accessToBoard(actor, found) : 'none';
	if (!found || access === 'none') throw new PermissionError('not_found', BOARD_NOT_FOUND);
	if (need === 'edit' && access !== 'edit') throw new PermissionError('forbidden', READ_ONLY);
	return found;
}

async function audit(
	db: Db,
	actor: Actor,
	found: BoardWithBilan,
	action: AuditAction,
	detail: Record<string, unknown>
) {
	await recordAudit(db, {
		organisationId: found.bilan.organisationId,
		actorId: actor.id,
		action,
		targetType: 'board',
		targetId: found.board.id,
		detail
	});
}

/** "Enregistrer dans le dossier": a snapshot taken by hand; needs edit access to the board. */
export async function takeSnapshot(
	db: Db,
	actor: Actor,
	boardId: string,
	input: { label?: unknown }
): Promise<BoardSnapshot> {
	const found = await boardFor(db, actor, boardId, 'edit');
	const label = snapshotLabel(input.label);
	return db.transaction(async (tx) => {
		const snapshot = await insertSnapshot(tx, {
			board: found.board,
			phase: found.bilan.phase,
			trigger: 'manual',
			label,
			actorId: actor.id
		});
		await audit(tx, actor, found, 'snapshot.create', {
			snapshotId: snapshot.id,
			trigger: 'manual'
		});
		return snapshot;
	});
}

/**
 * One snapshot of every live board of the bilan (exercise boards and the synthèse), in the bilan's
 * current phase. No permission check: the callers (phase change, end of séance, close) have.
 * Run it inside the caller's transaction when the two must stand or fall together.
 */
export async function snapshotBilanBoards(
	db: Db,
	input: { bilanId: string; trigger: SnapshotTrigger; label: string; actorId: string | null }
): Promise<BoardSnapshot[]> {
	const [bilan] = await db.select().from(bilans).where(eq(bilans.id, input.bilanId));
	if (!bilan) return [];
	const rows = await db
		.select()
		.from(boards)
		.where(and(eq(boards.bilanId, bilan.id), isNull(boards.deletedAt)))
		.orderBy(asc(boards.createdAt), asc(boards.id));
	const snapshots: BoardSnapshot[] = [];
	for (const board of rows) {
		snapshots.push(
			await insertSnapshot(db, {
				board,
				phase: bilan.phase,
				trigger: input.trigger,
				label: input.label,
				actorId: input.actorId
			})
		);
	}
	if (snapshots.length > 0) {
		await recordAudit(db, {
			organisationId: bilan.organisationId,
			actorId: input.actorId,
			action: 'snapshot.create',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: { trigger: input.trigger, count: snapshots.length }
		});
	}
	return snapshots;
}

/** The newest snapshot of each board of the bilan (boards never snapshotted are left out). */
export async function latestSnapshots(db: Db, bilanId: string): Promise<BoardSnapshot[]> {
	const rows = await db
		.selectDistinctOn([boardSnapshots.boardId])
		.from(boardSnapshots)
		.where(eq(boardSnapshots.bilanId, bilanId))
		.orderBy(boardSnapshots.boardId, desc(boardSnapshots.createdAt), desc(boardSnapshots.id));
	return rows;
}

const infoColumns = {
	id: boardSnapshots.id,
	boardId: boardSnapshots.boardId,
	bilanId: boardSnapshots.bilanId,
	kind: boardSnapshots.kind,
	label: boardSnapshots.label,
	phase: boardSnapshots.phase,
	trigger: boardSnapshots.trigger,
	seq: boardSnapshots.seq,
	createdBy: boardSnapshots.createdBy,
	createdAt: boardSnapshots.createdAt,
	createdByName: users.name
};

function infoQuery(db: Db) {
	return db
		.select(infoColumns)
		.from(boardSnapshots)
		.leftJoin(users, eq(users.id, boardSnapshots.createdBy));
}

/** The snapshots of a board, newest first, for anyone who may open it. */
export async function listSnapshots(
	db: Db,
	actor: Actor,
	boardId: string
): Promise<SnapshotInfo[]> {
	const found = await boardFor(db, actor, boardId, 'read');
	return infoQuery(db)
		.where(eq(boardSnapshots.boardId, found.board.id))
		.orderBy(desc(boardSnapshots.createdAt), desc(boardSnapshots.id));
}

/** Every snapshot of a bilan's boards, newest first (the bilan page's timelines); none for an admin. */
export async function listBilanSnapshots(
	db: Db,
	actor: Actor,
	bilan: BilanRef & Pick<Bilan, 'id'>
): Promise<SnapshotInfo[]> {
	if (boardAccess(actor, bilan) === 'none') return [];
	return infoQuery(db)
		.where(eq(boardSnapshots.bilanId, bilan.id))
		.orderBy(desc(boardSnapshots.createdAt), desc(boardSnapshots.id));
}

/** One snapshot with its state, for anyone who may open its board; unknown or not allowed: 404. */
export async function getSnapshot(
	db: Db,
	actor: Actor,
	snapshotId: string
): Promise<BoardSnapshot & { createdByName: string | null }> {
	const [row] = isUuid(snapshotId)
		? await db
				.select({ snapshot: boardSnapshots, createdByName: users.name, bilan: bilans })
				.from(boardSnapshots)
				.innerJoin(bilans, eq(bilans.id, boardSnapshots.bilanId))
				.leftJoin(users, eq(users.id, boardSnapshots.createdBy))
				.where(eq(boardSnapshots.id, snapshotId.toLowerCase()))
		: [];
	if (!row || boardAccess(actor, row.bilan) === 'none') {
		throw new PermissionError('not_found', SNAPSHOT_NOT_FOUND);
	}
	return { ...row.snapshot, createdByName: row.createdByName };
}

/** Snapshots of one board by id with their summaries (the compare page), in the order asked. */
export async function getBoardSnapshots(
	db: Db,
	actor: Actor,
	boardId: string,
	snapshotIds: readonly string[]
): Promise<(SnapshotInfo & { summary: unknown })[]> {
	const found = await boardFor(db, actor, boardId, 'read');
	const ids = snapshotIds.filter(isUuid).map((id) => id.toLowerCase());
	if (ids.length === 0) return [];
	const rows = await db
		.select({ ...infoColumns, summary: boardSnapshots.summary })
		.from(boardSnapshots)
		.leftJoin(users, eq(users.id, boardSnapshots.createdBy))
		.where(and(eq(boardSnapshots.boardId, found.board.id), inArray(boardSnapshots.id, ids)));
	return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

/**
 * Restores a board from one of its snapshots, as a new change (the history stays): the board is
 * first snapshotted ("Avant restauration", so nothing is lost), then the update making it equal
 * to the snapshot goes through the sync server's durable path to whoever has it open. A snapshot
 * holding what the kind's schema refuses (taken before updates were validated) is not restored:
 * `ValidationError`, and nothing is written.
 */
export async function restoreSnapshot(
	db: Db,
	actor: Actor,
	snapshotId: string
): Promise<{ seq: number; backup: BoardSnapshot }> {
	const snapshot = await getSnapshot(db, actor, snapshotId);
	const found = await boardFor(db, actor, snapshot.boardId, 'edit');
	const kind = findBoardKind(found.board.kind);
	if (!kind) throw new PermissionError('forbidden', READ_ONLY);
	const current = await createBoardStorage(db).readState(found.board.id);
	let update: Uint8Array;
	try {
		update = restoreUpdate(kind.schema, current.state, snapshot.state);
	} catch (cause) {
		if (!(cause instanceof BoardInputError)) throw cause;
		throw new ValidationError({ snapshot: UNRESTORABLE });
	}
	const backup = await insertSnapshot(
		db,
		{
			board: found.board,
			phase: found.bilan.phase,
			trigger: 'manual',
			label: 'Avant restauration',
			actorId: actor.id
		},
		current
	);
	const seq = await boardWriterFor(db).apply(found.board.id, update, actor.id);
	await audit(db, actor, found, 'snapshot.restore', {
		snapshotId: snapshot.id,
		backupId: backup.id
	});
	return { seq, backup };
}

const PHASE_NAMES: Record<Bilan['phase'], string> = {
	preliminaire: 'phase préliminaire',
	investigation: 'phase d’investigation',
	conclusion: 'phase de conclusion',
	suivi: 'entretien de suivi',
	clos: 'clôture du bilan'
};

/** The label of the snapshots a phase change takes: "Passage en phase de conclusion". */
export function phaseSnapshotLabel(to: Bilan['phase']): string {
	return `Passage en ${PHASE_NAMES[to]}`;
}
