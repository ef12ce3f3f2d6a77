import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { createHmac, randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { BoardInputError } from '../boards/model-kit.ts';
import {
	WALL_KIND,
	postItem,
	reactionIds,
	toggleReaction,
	toggleVote,
	withdrawItem,
	type ReactionId
} from '../boards/mur/model.ts';
import { findBoardKind } from '../boards/registry.ts';
import { isUuid, ValidationError } from './bilans.validation.ts';
import { boardWriterFor } from './board-writer.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import { boards, wallPosts, wallSecrets } from './db/schema.ts';
import { DomainError } from './errors.ts';
import { KeyedRateLimit } from './rate-limit.ts';

/**
 * The group wall's participant side (`mur` boards): posting, withdrawing, +1 votes and reactions
 * are written here, on the server, never through the WebSocket (participants only read the wall
 * there), so nobody can touch someone else's post or vote twice. Every function takes a caller
 * already allowed to take part in the wall (the cohort's permissions decide that, upstream).
 *
 * Nothing the board holds says who did what: a post names its author only when they chose to,
 * votes and reactions are marked by a member key (`memberKey`, an HMAC under the wall's own
 * secret), and the changes written here are recorded without a person (« nouveautés » would
 * otherwise name who posted anonymously, who voted). Who posted which item is kept apart in
 * `wall_posts`, for the withdrawal and the pace, and never shown.
 */

/** Posts one person may make on one wall per minute (withdrawn ones count). */
export const POSTS_PER_MINUTE = 5;
/**
 * Votes and reactions one person may give or take back on one wall: a burst of this many, then
 * one every 2 s (each is a write to the board's log). Counted per node.
 */
export const TOGGLES_BURST = 20;
const TOGGLE_EVERY_MS = 2_000;

export type WallErrorReason = 'not_found' | 'not_yours' | 'too_fast' | 'full';

const STATUS: Record<WallErrorReason, number> = {
	not_found: 404,
	not_yours: 403,
	too_fast: 429,
	full: 409
};

/** A wall operation refused, with a message a participant can read. */
export class WallError extends DomainError {
	readonly reason: WallErrorReason;

	constructor(reason: WallErrorReason, message: string) {
		super(STATUS[reason], message);
		this.reason = reason;
	}
}

const NO_WALL = 'Ce mur est introuvable.';
const NO_ITEM = 'Cette contribution n’est plus sur le mur.';
const MESSAGES: Partial<Record<string, string>> = {
	text: 'Écrivez un texte de 1 à 500 caractères.',
	author: 'Le nom affiché doit faire de 1 à 80 caractères.',
	sourceKind: 'Ce type de tableau n’existe pas.',
	reaction: 'Cette réaction n’existe pas.'
};

export interface WallPostInput {
	text: unknown;
	/** The name shown with the post, or null to post anonymously. */
	authorName: unknown;
	/** The kind of the board the item comes from (a private copy's kind). */
	sourceKind: unknown;
}

/*
 * One change at a time per wall on this node: a toggle reads the board, then writes its opposite.
 * Across nodes two toggles of the same person may still race; the board stays valid (a mark set
 * twice is set), only that person's second click may not undo the first.
 */
const queues = new Map<string, Promise<unknown>>();

function serially<T>(boardId: string, run: () => Promise<T>): Promise<T> {
	const previous = queues.get(boardId) ?? Promise.resolve();
	const next = previous.then(run, run);
	const settled = next.then(
		() => {},
		() => {}
	);
	queues.set(boardId, settled);
	void settled.then(() => {
		if (queues.get(boardId) === settled) queues.delete(boardId);
	});
	return next;
}

/** Toggles by wall and person (`TOGGLES_BURST` at once). */
const toggles = new KeyedRateLimit({ burst: TOGGLES_BURST, everyMs: TOGGLE_EVERY_MS });

function takeToggle(boardId: string, userId: string): void {
	if (!toggles.take(`${boardId}:${userId}`)) {
		throw new WallError(
			'too_fast',
			'Vous avez beaucoup voté ou réagi d’un coup : patientez un peu.'
		);
	}
}

async function requireWall(db: Db, boardId: string): Promise<void> {
	const [board] = isUuid(boardId)
		? await db
				.select({ id: boards.id })
				.from(boards)
				.where(and(eq(boards.id, boardId), eq(boards.kind, WALL_KIND), isNull(boards.deletedAt)))
		: [];
	if (!board) throw new WallError('not_found', NO_WALL);
}

/**
 * Runs `change` on the wall's committed content and writes what it changed through the sync
 * server's durable path (every open page sees it), recorded without a person. A model refusal
 * becomes a `ValidationError` (an unknown item: `WallError` not_found); nothing is written then.
 */
async function writeWall<T>(db: Db, boardId: string, change: (doc: Y.Doc) => T) {
	const current = await createBoardStorage(db).readState(boardId);
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, current.state);
		const before = Y.encodeStateVector(doc);
		let result: T;
		try {
			result = change(doc);
		} catch (error) {
			if (!(error instanceof BoardInputError)) throw error;
			if (error.reason === 'unknown_id') throw new WallError('not_found', NO_ITEM);
			if (error.reason === 'limit_reached') {
				throw new WallError('full', 'Le mur est plein : le groupe ne peut plus y ajouter.');
			}
			throw new ValidationError({ [error.field]: MESSAGES[error.field] ?? 'Donnée invalide.' });
		}
		const update = Y.encodeStateAsUpdate(doc, before);
		return { result, write: () => boardWriterFor(db).apply(boardId, update, null) };
	} finally {
		doc.destroy();
	}
}

async function wallSecret(db: Db, boardId: string): Promise<Uint8Array> {
	await db
		.insert(wallSecrets)
		.values({ boardId, secret: randomBytes(32) })
		.onConflictDoNothing();
	const [row] = await db
		.select({ secret: wallSecrets.secret })
		.from(wallSecrets)
		.where(eq(wallSecrets.boardId, boardId));
	if (!row) throw new WallError('not_found', NO_WALL);
	return row.secret;
}

/**
 * A person's member key on a wall: marks their votes and reactions in the board. Opaque to
 * anyone without the wall's secret (the same person has unrelated keys on two walls); the page
 * hands it to its owner only, to show which votes are theirs.
 */
export async function memberKey(db: Db, boardId: string, userId: string): Promise<string> {
	const secret = await wallSecret(db, boardId);
	return createHmac('sha256', secret).update(`${boardId}:${userId}`).digest('hex').slice(0, 32);
}

/** The items of a wall its poster may withdraw (anonymous ones included). */
export async function ownWallItems(db: Db, boardId: string, userId: string): Promise<string[]> {
	if (!isUuid(boardId)) return [];
	const rows = await db
		.select({ itemId: wallPosts.itemId })
		.from(wallPosts)
		.where(
			and(
				eq(wallPosts.boardId, boardId),
				eq(wallPosts.posterId, userId),
				isNull(wallPosts.withdrawnAt)
			)
		);
	return rows.map((row) => row.itemId);
}

/**
 * Posts an item on the wall for `posterId` (at most `POSTS_PER_MINUTE` a minute), named or
 * anonymous; returns its id. The board's model checks the text (1–500 characters) and the wall's
 * capacity.
 */
export async function postToWall(
	db: Db,
	boardId: string,
	input: WallPostInput,
	posterId: string
): Promise<string> {
	await requireWall(db, boardId);
	if (typeof input.sourceKind !== 'string' || !findBoardKind(input.sourceKind)) {
		throw new ValidationError({ sourceKind: MESSAGES.sourceKind! });
	}
	const source = { text: input.text as string, author: input.authorName as string | null };
	return serially(boardId, async () => {
		const [recent] = await db
			.select({ n: count() })
			.from(wallPosts)
			.where(
				and(
					eq(wallPosts.boardId, boardId),
					eq(wallPosts.posterId, posterId),
					gt(wallPosts.postedAt, new Date(Date.now() - 60_000))
				)
			);
		if ((recent?.n ?? 0) >= POSTS_PER_MINUTE) {
			throw new WallError(
				'too_fast',
				'Vous avez beaucoup partagé d’un coup : patientez une minute.'
			);
		}
		const { result: itemId, write } = await writeWall(db, boardId, (doc) =>
			postItem(doc, { ...source, sourceKind: input.sourceKind as string }, Date.now())
		);
		await db.insert(wallPosts).values({ boardId, itemId, posterId });
		try {
			await write();
		} catch (error) {
			await db
				.delete(wallPosts)
				.where(and(eq(wallPosts.boardId, boardId), eq(wallPosts.itemId, itemId)));
			throw error;
		}
		return itemId;
	});
}

/** Withdraws an item, with its votes, reactions and comment: its poster alone may. */
export async function withdrawFromWall(
	db: Db,
	boardId: string,
	itemId: string,
	userId: string
): Promise<void> {
	await requireWall(db, boardId);
	await serially(boardId, async () => {
		const [post] = await db
			.select({ posterId: wallPosts.posterId })
			.from(wallPosts)
			.where(
				and(
					eq(wallPosts.boardId, boardId),
					eq(wallPosts.itemId, String(itemId)),
					isNull(wallPosts.withdrawnAt)
				)
			);
		if (!post) throw new WallError('not_found', NO_ITEM);
		if (post.posterId !== userId) {
			throw new WallError('not_yours', 'Seule la personne qui l’a partagée peut la retirer.');
		}
		await removeItem(db, boardId, itemId);
		await db
			.update(wallPosts)
			.set({ withdrawnAt: new Date() })
			.where(and(eq(wallPosts.boardId, boardId), eq(wallPosts.itemId, itemId)));
	});
}

/** Removes an item from the board, if it is still there (the facilitator may have removed it). */
async function removeItem(db: Db, boardId: string, itemId: string): Promise<void> {
	try {
		await (await writeWall(db, boardId, (doc) => withdrawItem(doc, itemId))).write();
	} catch (error) {
		if (!(error instanceof WallError && error.reason === 'not_found')) throw error;
	}
}

/**
 * Erasure of a person (`gdpr.service.ts`): every item they posted on any wall goes, named or
 * anonymous (its text is theirs), then each wall they posted on is compacted, so that neither the
 * log nor the compacted state keeps the text or the name (Yjs drops deleted content when it
 * encodes a state; items withdrawn earlier go the same way), and who posted what is forgotten.
 * Their votes and reactions stay: member keys name nobody. Returns the walls touched.
 */
export async function eraseWallPosts(db: Db, posterId: string): Promise<string[]> {
	const posts = await db
		.select({
			boardId: wallPosts.boardId,
			itemId: wallPosts.itemId,
			withdrawnAt: wallPosts.withdrawnAt
		})
		.from(wallPosts)
		.where(eq(wallPosts.posterId, posterId));
	const walls = [...new Set(posts.map((post) => post.boardId))];
	const storage = createBoardStorage(db);
	for (const boardId of walls) {
		await serially(boardId, async () => {
			for (const post of posts) {
				if (post.boardId === boardId && !post.withdrawnAt) {
					await removeItem(db, boardId, post.itemId);
				}
			}
			await storage.compact(boardId);
			await db
				.delete(wallPosts)
				.where(and(eq(wallPosts.boardId, boardId), eq(wallPosts.posterId, posterId)));
		});
	}
	return walls;
}

/** Gives or takes back one's +1 on an item; resolves with whether it is now given. */
export async function toggleWallVote(
	db: Db,
	boardId: string,
	itemId: string,
	userId: string
): Promise<boolean> {
	await requireWall(db, boardId);
	takeToggle(boardId, userId);
	const key = await memberKey(db, boardId, userId);
	return serially(boardId, async () => {
		const { result, write } = await writeWall(db, boardId, (doc) =>
			toggleVote(doc, String(itemId), key)
		);
		await write();
		return result;
	});
}

/** Gives or takes back one's reaction on an item; resolves with whether it is now given. */
export async function toggleWallReaction(
	db: Db,
	boardId: string,
	itemId: string,
	reaction: unknown,
	userId: string
): Promise<boolean> {
	if (typeof reaction !== 'string' || !(reactionIds as readonly string[]).includes(reaction)) {
		throw new ValidationError({ reaction: MESSAGES.reaction! });
	}
	await requireWall(db, boardId);
	takeToggle(boardId, userId);
	const key = await memberKey(db, boardId, userId);
	return serially(boardId, async () => {
		const { result, write } = await writeWall(db, boardId, (doc) =>
			toggleReaction(doc, String(itemId), reaction as ReactionId, key)
		);
		await write();
		return result;
	});
}
