import { and, asc, desc, eq, isNotNull, isNull, ne, type SQL } from 'drizzle-orm';
import * as Y from 'yjs';
import type { BoardKind, BoardKindDefinition } from '../boards/kind.ts';
import { findBoardKind } from '../boards/registry.ts';
import { SYNTHESE_KIND } from '../boards/synthese/model.ts';
import { isUuid } from './bilans.validation.ts';
import type { Db, Tx } from './db/index.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { bilans, boards, type Bilan, type Board } from './db/schema.ts';
import { DomainError } from './errors.ts';
import { boardAccess, canViewBilan, type Actor, type BoardAccess } from './permissions.ts';

/**
 * Boards of a bilan: creation (with the kind's initial content as the first log entry), lists
 * with last activity, and the lookup the WebSocket upgrade uses to decide access. The board
 * kinds are passed in (the registry in production, a test kind in tests).
 */

export const BOARD_TITLE_MAX = 120;

export class BoardError extends DomainError {
	readonly reason: 'not_found' | 'forbidden' | 'unknown_kind' | 'invalid_title';
	constructor(reason: BoardError['reason'], message: string) {
		super(
			{ not_found: 404, forbidden: 403, unknown_kind: 400, invalid_title: 400 }[reason],
			message
		);
		this.reason = reason;
	}
}

/** What lists and the API show of a board: never its content. */
export interface BoardSummary {
	id: string;
	kind: string;
	title: string;
	createdAt: Date;
	/** Last activity: creation or the last saved edit. */
	updatedAt: Date;
}

function summary(board: Board): BoardSummary {
	return {
		id: board.id,
		kind: board.kind,
		title: board.title,
		createdAt: board.createdAt,
		updatedAt: board.updatedAt
	};
}

/** A board's title as typed: trimmed, not empty, not too long. */
export function boardTitle(raw: unknown): string {
	const title = typeof raw === 'string' ? raw.trim() : '';
	if (title.length === 0 || title.length > BOARD_TITLE_MAX) {
		throw new BoardError(
			'invalid_title',
			`Donnez un titre au tableau (${BOARD_TITLE_MAX} caractères au plus).`
		);
	}
	return title;
}

/** The Yjs update a new board of `kind` starts from. */
export function initialState(kind: BoardKind): Uint8Array {
	const doc = new Y.Doc();
	kind.init(doc);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/**
 * Creates a board in a bilan the actor may edit. The kind's `init` runs here, once, and its state
 * is the board's log entry 1, so every client starts from the same content.
 */
export async function createBoard(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: { kind?: unknown; title?: unknown },
	kinds: readonly BoardKind[]
): Promise<BoardSummary> {
	const [bilan] = isUuid(bilanId)
		? await db.select().from(bilans).where(eq(bilans.id, bilanId))
		: [];
	if (!bilan || !canViewBilan(actor, bilan)) {
		throw new BoardError('not_found', 'Ce bilan est introuvable, ou vous n’y avez pas accès.');
	}
	if (boardAccess(actor, bilan) !== 'edit') {
		throw new BoardError('forbidden', 'Vous ne pouvez pas ajouter de tableau à ce bilan.');
	}
	// Managed kinds (the synthèse) are created by their own service, never from the board form.
	const kind = kinds.find((k) => k.kind === input.kind && !k.managed);
	if (!kind) {
		throw new BoardError('unknown_kind', 'Ce type de tableau n’existe pas.');
	}
	const title = boardTitle(input.title);
	const board = await createBoardStorage(db).create(
		{ bilanId, kind: kind.kind, title, createdBy: actor.id },
		initialState(kind)
	);
	return summary(board);
}

/** The bilan's boards `which` selects, oldest first; none for whoever may not open them. */
async function bilanBoards(
	db: Db,
	actor: Actor,
	bilan: Bilan | (Pick<Bilan, 'id'> & Parameters<typeof boardAccess>[1]),
	which: SQL
): Promise<BoardSummary[]> {
	if (boardAccess(actor, bilan) === 'none') return [];
	const rows = await db
		.select()
		.from(boards)
		.where(and(eq(boards.bilanId, bilan.id), which))
		.orderBy(asc(boards.createdAt), asc(boards.id));
	return rows.map(summary);
}

/**
 * The exercise boards of a bilan, oldest first, for someone who may open them; an empty list for
 * anyone else (an admin sees the bilan, not its boards). The synthèse board has its own page.
 */
export function listBoards(
	db: Db,
	actor: Actor,
	bilan: Parameters<typeof bilanBoards>[2]
): Promise<BoardSummary[]> {
	return bilanBoards(
		db,
		actor,
		bilan,
		and(ne(boards.kind, SYNTHESE_KIND), isNull(boards.deletedAt))!
	);
}

/** The deleted boards of a bilan, oldest first: their snapshots stay in the record. */
export function listDeletedBoards(
	db: Db,
	actor: Actor,
	bilan: Parameters<typeof bilanBoards>[2]
): Promise<BoardSummary[]> {
	return bilanBoards(db, actor, bilan, isNotNull(boards.deletedAt));
}

export interface BoardWithBilan {
	board: Board;
	bilan: Bilan;
}

/**
 * A live board and its bilan, or null when the id is unknown (or not a uuid) or the board was
 * deleted; with `deleted`, a deleted board too (its snapshots are still read).
 */
export async function findBoardWithBilan(
	db: Db,
	boardId: string,
	options: { deleted?: boolean } = {}
): Promise<BoardWithBilan | null> {
	if (!isUuid(boardId)) return null;
	const [row] = await db
		.select({ board: boards, bilan: bilans })
		.from(boards)
		.innerJoin(bilans, eq(bilans.id, boards.bilanId))
		.where(and(eq(boards.id, boardId), options.deleted ? undefined : isNull(boards.deletedAt)));
	return row ?? null;
}

/** The access an actor has to a board found with `findBoardWithBilan`: a deleted one is read. */
export function accessToBoard(actor: Actor, found: BoardWithBilan): BoardAccess {
	const access = boardAccess(actor, found.bilan);
	return found.board.deletedAt && access === 'edit' ? 'read' : access;
}

/** The bilan's newest live board of `kind`, or null. */
export async function findBoardOfKind(
	db: Db | Tx,
	bilanId: string,
	kind: string
): Promise<{ id: string; title: string } | null> {
	const [board] = await db
		.select({ id: boards.id, title: boards.title })
		.from(boards)
		.where(and(eq(boards.bilanId, bilanId), eq(boards.kind, kind), isNull(boards.deletedAt)))
		.orderBy(desc(boards.createdAt), desc(boards.id))
		.limit(1);
	return board ?? null;
}

/**
 * The bilan's board of a managed kind (one per bilan: the synthèse, the préparation), created
 * when missing with the content `initial` computes. The bilan row is locked while checking, so
 * two people opening a page at the same moment get the same board, never two. No permission
 * check (callers have).
 */
export async function ensureManagedBoard(
	db: Db,
	board: { bilanId: string; kind: string; title: string; createdBy: string | null },
	initial: () => Promise<Uint8Array>
): Promise<{ id: string; title: string }> {
	const existing = await findBoardOfKind(db, board.bilanId, board.kind);
	if (existing) return existing;
	const data = await initial();
	return db.transaction(async (tx) => {
		await tx
			.select({ id: bilans.id })
			.from(bilans)
			.where(eq(bilans.id, board.bilanId))
			.for('update');
		const again = await findBoardOfKind(tx, board.bilanId, board.kind);
		if (again) return again;
		const created = await createBoardStorage(tx).create(board, data);
		return { id: created.id, title: created.title };
	});
}

/**
 * What the bilan's newest live board of `kind` holds now (its committed state, summarised), or
 * null without one: what a page shows beside another board (the préparation's constraints next
 * to the action plan, the timeline's moments in the storytelling). No permission check.
 */
export async function liveSummary<Summary>(
	db: Db,
	bilanId: string,
	kind: BoardKind<Summary>
): Promise<{ board: { id: string; title: string }; summary: Summary } | null> {
	const board = await findBoardOfKind(db, bilanId, kind.kind);
	if (!board) return null;
	const doc = await readBoardDoc(db, board.id);
	const summary = kind.summarize(doc);
	doc.destroy();
	return { board, summary };
}

/** The committed document of board `boardId` (the caller destroys it). */
export async function readBoardDoc(db: Db | Tx, boardId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, (await createBoardStorage(db).readState(boardId)).state);
	return doc;
}

/** The ids of the bilan's live boards of `kind`, oldest first. */
export async function boardIdsOfKind(
	db: Db | Tx,
	bilanId: string,
	kind: string
): Promise<string[]> {
	const rows = await db
		.select({ id: boards.id })
		.from(boards)
		.where(and(eq(boards.bilanId, bilanId), eq(boards.kind, kind), isNull(boards.deletedAt)))
		.orderBy(asc(boards.createdAt), asc(boards.id));
	return rows.map((row) => row.id);
}

/**
 * What the bilan's boards of the kinds `reader` reads tell its board `boardId` now
 * (`BoardKindDefinition.reads`), by kind: for a kind that `relate`s, the list of what its boards
 * tell, oldest board first; for another, the summary of its newest board, or null without one.
 * No permission check (the same people see the whole bilan).
 */
export async function readRelated(
	db: Db,
	bilanId: string,
	boardId: string,
	reader: BoardKindDefinition | undefined
): Promise<Record<string, unknown>> {
	const entries = (reader?.reads ?? []).map(async (name) => {
		const read = findBoardKind(name);
		if (!read) return null;
		if (!read.relate) return [name, (await liveSummary(db, bilanId, read))?.summary ?? null];
		const told: unknown[] = [];
		for (const id of await boardIdsOfKind(db, bilanId, name)) {
			const doc = await readBoardDoc(db, id);
			const said = read.relate(doc, id, boardId);
			doc.destroy();
			if (said !== null) told.push(said);
		}
		return [name, told];
	});
	return Object.fromEntries((await Promise.all(entries)).filter((entry) => entry !== null));
}
