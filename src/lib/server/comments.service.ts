import { aliasedTable, and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
	awaitsAnswer,
	COMMENT_MAX,
	firstNameOf,
	type BoardComments,
	type CommentThread,
	type CommentView,
	type OpenQuestion
} from '../boards/comments.ts';
import { isUuid, ValidationError } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import { boardComments, boards, users, type Bilan } from './db/schema.ts';
import { boardAccess, type Actor, type BilanRef } from './permissions.ts';
import { boardFor } from './snapshots.service.ts';

/**
 * « Questions et commentaires »: the beneficiary and their consultant comment on a board or on one
 * of its items, reply in threads, mention each other (`@Prénom`) and resolve threads. A question
 * still open is on the agenda of the next rendez-vous (`openQuestions`, shown with it on the bilan
 * page and in the séance). Comments are content (L6313-4): whoever may not open the board (an
 * admin) gets a not-found, and lists and counts are empty for them; writing needs edit access
 * (a closed bilan is read-only). They go with their board when it is destroyed (cascade).
 */

/** The longest item key or label kept with a comment. */
const ITEM_KEY_MAX = 100;
const ITEM_LABEL_MAX = 200;
/** A board holds at most this many comments (replies included). */
export const COMMENTS_PER_BOARD_MAX = 500;

const THREAD_NOT_FOUND = 'Cette discussion est introuvable.';
const SOMEONE = 'Une personne';

export interface CommentInput {
	body?: unknown;
	itemKey?: unknown;
	itemLabel?: unknown;
	question?: unknown;
	/** Replying: the thread's first comment. */
	parentId?: unknown;
}

const resolver = aliasedTable(users, 'resolver');

function commentRows(db: Db) {
	return db
		.select({
			comment: boardComments,
			authorName: users.name,
			resolvedByName: resolver.name
		})
		.from(boardComments)
		.leftJoin(users, eq(users.id, boardComments.authorId))
		.leftJoin(resolver, eq(resolver.id, boardComments.resolvedBy));
}

type CommentRow = Awaited<ReturnType<ReturnType<typeof commentRows>['where']>>[number];

function view(row: CommentRow): CommentView {
	const { comment } = row;
	return {
		id: comment.id,
		authorId: comment.authorId,
		authorName: row.authorName ?? SOMEONE,
		body: comment.body,
		createdAt: comment.createdAt
	};
}

/** Rows (oldest first) gathered into threads, in the order they were started. */
function threadsOf(rows: CommentRow[]): CommentThread[] {
	const threads = new Map<string, CommentThread>();
	for (const row of rows) {
		const { comment } = row;
		if (comment.parentId === null) {
			threads.set(comment.id, {
				...view(row),
				itemKey: comment.itemKey,
				itemLabel: comment.itemLabel,
				question: comment.question,
				resolvedAt: comment.resolvedAt,
				resolvedByName: comment.resolvedAt ? (row.resolvedByName ?? SOMEONE) : null,
				replies: []
			});
		} else threads.get(comment.parentId)?.replies.push(view(row));
	}
	return [...threads.values()];
}

async function peopleOf(db: Db, bilan: Bilan): Promise<BoardComments['people']> {
	const ids = [bilan.beneficiaryId, bilan.consultantId].filter((id): id is string => id !== null);
	const rows = await db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, ids));
	return rows.map((row) => ({ id: row.id, firstName: firstNameOf(row.name) }));
}

/** The threads of a board, for someone who may open it. */
export async function listBoardComments(
	db: Db,
	actor: Actor,
	boardId: string
): Promise<BoardComments> {
	const { board, bilan } = await boardFor(db, actor, boardId, 'read');
	return { threads: await boardThreads(db, board.id), people: await peopleOf(db, bilan) };
}

/** The threads of a board. No permission check: for callers that checked (the archive). */
export async function boardThreads(db: Db, boardId: string): Promise<CommentThread[]> {
	const rows = await commentRows(db)
		.where(eq(boardComments.boardId, boardId))
		.orderBy(asc(boardComments.createdAt), asc(boardComments.id));
	return threadsOf(rows);
}

function optionalText(value: unknown, max: number): string | null | undefined {
	if (value === undefined || value === null) return null;
	if (typeof value !== 'string') return undefined;
	const text = value.replace(/\s+/g, ' ').trim();
	if (text === '') return null;
	return text.length > max ? undefined : text;
}

function checkedBody(value: unknown): string {
	const body = typeof value === 'string' ? value.trim() : '';
	if (body === '') throw new ValidationError({ body: 'Écrivez votre commentaire.' });
	if (body.length > COMMENT_MAX) {
		throw new ValidationError({
			body: `Un commentaire tient en ${COMMENT_MAX} caractères au plus.`
		});
	}
	return body;
}

async function threadOf(db: Db, boardId: string, id: unknown) {
	const [root] = isUuid(id)
		? await db
				.select()
				.from(boardComments)
				.where(
					and(
						eq(boardComments.id, id.toLowerCase()),
						eq(boardComments.boardId, boardId),
						isNull(boardComments.parentId)
					)
				)
		: [];
	if (!root) throw new ValidationError({ parentId: THREAD_NOT_FOUND });
	return root;
}

/**
 * Adds a comment on the board (no item), on one of its items, or a reply to a thread (which
 * takes the thread's item; only a thread's first comment is a question). Needs edit access.
 */
export async function addComment(
	db: Db,
	actor: Actor,
	boardId: string,
	input: CommentInput
): Promise<CommentView> {
	const { board, bilan } = await boardFor(db, actor, boardId, 'edit');
	const body = checkedBody(input.body);
	// A bound on what one board's page lists (and one person can pile up).
	const [{ count } = { count: 0 }] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(boardComments)
		.where(eq(boardComments.boardId, board.id));
	if (count >= COMMENTS_PER_BOARD_MAX) {
		throw new ValidationError({
			body: `Ce tableau a atteint ${COMMENTS_PER_BOARD_MAX} commentaires : poursuivez la discussion sur un autre tableau.`
		});
	}
	let values: typeof boardComments.$inferInsert;
	if (input.parentId !== undefined && input.parentId !== null && input.parentId !== '') {
		const root = await threadOf(db, board.id, input.parentId);
		values = { boardId: board.id, bilanId: bilan.id, parentId: root.id, body, authorId: actor.id };
	} else {
		const itemKey = optionalText(input.itemKey, ITEM_KEY_MAX);
		const itemLabel = optionalText(input.itemLabel, ITEM_LABEL_MAX);
		// An item is its key and its name together; neither alone.
		if (
			itemKey === undefined ||
			itemLabel === undefined ||
			(itemKey === null) !== (itemLabel === null)
		) {
			throw new ValidationError({ itemKey: 'Cet élément du tableau est introuvable.' });
		}
		values = {
			boardId: board.id,
			bilanId: bilan.id,
			itemKey,
			itemLabel,
			body,
			authorId: actor.id,
			question: input.question === true || input.question === 'on' || input.question === 'true'
		};
	}
	const [row] = await db.insert(boardComments).values(values).returning();
	return {
		id: row!.id,
		authorId: actor.id,
		authorName: actor.name,
		body: row!.body,
		createdAt: row!.createdAt
	};
}

/** Resolves a thread (or reopens it: `resolved` false). Either person, with edit access. */
export async function setThreadResolved(
	db: Db,
	actor: Actor,
	boardId: string,
	threadId: unknown,
	resolved: boolean
): Promise<void> {
	const { board } = await boardFor(db, actor, boardId, 'edit');
	const root = await threadOf(db, board.id, threadId);
	await db
		.update(boardComments)
		.set(
			resolved
				? { resolvedAt: new Date(), resolvedBy: actor.id }
				: { resolvedAt: null, resolvedBy: null }
		)
		.where(eq(boardComments.id, root.id));
}

/**
 * The bilan's questions not resolved yet, oldest first: the agenda of the next rendez-vous.
 * Empty for someone who may not open the boards (an admin learns not even how many there are).
 */
export async function openQuestions(
	db: Db,
	actor: Actor,
	bilan: Pick<Bilan, 'id'> & BilanRef
): Promise<OpenQuestion[]> {
	if (boardAccess(actor, bilan) === 'none') return [];
	const rows = await db
		.select({ comment: boardComments, boardTitle: boards.title, authorName: users.name })
		.from(boardComments)
		.innerJoin(boards, and(eq(boards.id, boardComments.boardId), isNull(boards.deletedAt)))
		.leftJoin(users, eq(users.id, boardComments.authorId))
		.where(
			and(
				eq(boardComments.bilanId, bilan.id),
				isNull(boardComments.parentId),
				eq(boardComments.question, true),
				isNull(boardComments.resolvedAt)
			)
		)
		.orderBy(asc(boardComments.createdAt), asc(boardComments.id));
	return rows.map(({ comment, boardTitle, authorName }) => ({
		id: comment.id,
		boardId: comment.boardId,
		boardTitle,
		itemLabel: comment.itemLabel,
		body: comment.body,
		authorName: authorName ?? SOMEONE,
		createdAt: comment.createdAt
	}));
}

/** Per board of the bilan, how many threads wait for the actor's answer (none: left out). */
export interface AwaitingAnswer {
	boardId: string;
	boardTitle: string;
	count: number;
}

/**
 * The threads of a bilan waiting for the actor's answer: unresolved, and the other person spoke
 * last, or mentioned them (a mention after one's own last word makes the other person the last
 * one to speak, so the first rule covers it). Empty for someone who may not open the boards.
 */
export async function awaitingAnswer(
	db: Db,
	actor: Actor,
	bilan: Pick<Bilan, 'id'> & BilanRef
): Promise<AwaitingAnswer[]> {
	if (boardAccess(actor, bilan) === 'none') return [];
	const rows = await commentRows(db)
		.where(eq(boardComments.bilanId, bilan.id))
		.orderBy(asc(boardComments.createdAt), asc(boardComments.id));
	const titles = new Map(
		(
			await db
				.select({ id: boards.id, title: boards.title })
				.from(boards)
				.where(and(eq(boards.bilanId, bilan.id), isNull(boards.deletedAt)))
		).map((board) => [board.id, board.title])
	);
	const counts = new Map<string, number>();
	const boardOf = new Map(rows.map((row) => [row.comment.id, row.comment.boardId]));
	for (const thread of threadsOf(rows).filter((thread) => awaitsAnswer(thread, actor.id))) {
		const boardId = boardOf.get(thread.id)!;
		// A deleted board's threads wait for nobody: its page is gone.
		if (!titles.has(boardId)) continue;
		counts.set(boardId, (counts.get(boardId) ?? 0) + 1);
	}
	return [...counts].map(([boardId, count]) => ({
		boardId,
		boardTitle: titles.get(boardId)!,
		count
	}));
}
