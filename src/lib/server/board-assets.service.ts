import { and, eq, sql, type SQL } from 'drizzle-orm';
import { CANVAS_KIND } from '../boards/canvas/model.ts';
import { isUuid } from './bilans.validation.ts';
import { accessToBoard, findBoardWithBilan } from './boards.service.ts';
import type { AssetConfig } from './config.ts';
import type { Db } from './db/index.ts';
import { DomainError } from './errors.ts';
import { boardAssets } from './db/schema.ts';
import { detectImageType, imageSize, type ImageType } from './image-header.ts';
import type { Actor } from './permissions.ts';

/**
 * Images of canvas boards, stored in the database next to the board: uploading needs the
 * board's edit access, reading its read access (permissions.boardAccess through
 * `accessToBoard`); an admin, like anyone without access, gets the same 404 as for a board that
 * does not exist. The type is decided from the bytes, never from what the client declares, and
 * the size in pixels from the header (config.ts `AssetConfig` for every limit).
 */

export class AssetError extends DomainError {
	readonly reason:
		| 'not_found'
		| 'forbidden'
		| 'not_canvas'
		| 'unsupported_type'
		| 'unreadable'
		| 'too_many_pixels'
		| 'too_large'
		| 'over_quota'
		| 'empty';
	constructor(reason: AssetError['reason'], message: string) {
		super(assetErrorStatus[reason], message);
		this.name = 'AssetError';
		this.reason = reason;
	}
}

/** The HTTP status of each refusal. */
const assetErrorStatus: Record<AssetError['reason'], number> = {
	not_found: 404,
	forbidden: 403,
	not_canvas: 400,
	empty: 400,
	unreadable: 400,
	unsupported_type: 415,
	too_many_pixels: 422,
	too_large: 413,
	over_quota: 413
};

const number = (value: number, digits = 0) =>
	value.toLocaleString('fr-FR', { maximumFractionDigits: digits });

const megabytes = (bytes: number) => number(bytes / (1024 * 1024), 1);

export function tooLarge(maxBytes: number): AssetError {
	return new AssetError(
		'too_large',
		`Cette image est trop lourde : ${megabytes(maxBytes)} Mo au plus. Choisissez une image plus petite.`
	);
}

/** Refuses an image whose header is unreadable or declares more pixels than allowed. */
function checkPixels(type: ImageType, bytes: Uint8Array, limits: AssetConfig): void {
	const size = imageSize(type, bytes);
	if (!size) {
		throw new AssetError(
			'unreadable',
			'Cette image est illisible : ses dimensions n’ont pas pu être lues. Le fichier est peut-être incomplet.'
		);
	}
	const { width, height } = size;
	if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
		throw new AssetError(
			'too_many_pixels',
			`Cette image est trop grande : ${number(width)} × ${number(height)} pixels, pour ${number(limits.maxSide)} pixels de côté et ${number(limits.maxPixels / 1_000_000, 1)} millions de pixels au plus. Réduisez-la avant de l’ajouter.`
		);
	}
}

async function bytesStored(db: Db, where: SQL | undefined): Promise<number> {
	const [row] = await db
		.select({ total: sql<number>`coalesce(sum(${boardAssets.size}), 0)`.mapWith(Number) })
		.from(boardAssets)
		.where(where);
	return row?.total ?? 0;
}

/**
 * The board's and the uploader's quotas. Two uploads at the same moment may both pass: a quota
 * bounds the storage (by at most the uploads in flight), it is not an exact account.
 */
async function checkQuotas(
	db: Db,
	boardId: string,
	actorId: string,
	size: number,
	limits: AssetConfig
): Promise<void> {
	const onBoard = await bytesStored(db, eq(boardAssets.boardId, boardId));
	if (onBoard + size > limits.boardQuotaBytes) {
		throw new AssetError(
			'over_quota',
			`Ce tableau contient déjà ${megabytes(onBoard)} Mo d’images, pour ${megabytes(limits.boardQuotaBytes)} Mo au plus : cette image n’a pas été ajoutée.`
		);
	}
	const byActor = await bytesStored(db, eq(boardAssets.createdBy, actorId));
	if (byActor + size > limits.userQuotaBytes) {
		throw new AssetError(
			'over_quota',
			`Vous avez déjà ajouté ${megabytes(byActor)} Mo d’images, pour ${megabytes(limits.userQuotaBytes)} Mo au plus par personne : cette image n’a pas été ajoutée.`
		);
	}
}

async function boardFor(db: Db, actor: Actor, boardId: string, need: 'edit' | 'read') {
	// A deleted board's images are still read: its snapshots in the record show them.
	const found = await findBoardWithBilan(db, boardId, { deleted: need === 'read' });
	const access = found ? accessToBoard(actor, found) : 'none';
	if (!found || access === 'none') {
		throw new AssetError('not_found', 'Ce tableau est introuvable, ou vous n’y avez pas accès.');
	}
	if (need === 'edit' && access !== 'edit') {
		throw new AssetError(
			'forbidden',
			'Ce tableau est en lecture seule : vous ne pouvez pas y ajouter d’image.'
		);
	}
	return found.board;
}

/** The stored image, as the GET endpoint returns it. */
export interface StoredAsset {
	id: string;
	boardId: string;
	mime: ImageType;
	size: number;
}

/** Stores an image on a canvas board the actor may edit, within the limits of `limits`. */
export async function storeAsset(
	db: Db,
	actor: Actor,
	boardId: string,
	bytes: Uint8Array,
	limits: AssetConfig
): Promise<StoredAsset> {
	const board = await boardFor(db, actor, boardId, 'edit');
	if (board.kind !== CANVAS_KIND) {
		throw new AssetError('not_canvas', 'Seul un tableau libre accepte des images.');
	}
	if (bytes.length === 0) throw new AssetError('empty', 'Le fichier envoyé est vide.');
	if (bytes.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
	const mime = detectImageType(bytes);
	if (!mime) {
		throw new AssetError(
			'unsupported_type',
			'Ce format n’est pas accepté : envoyez une image PNG, JPEG, GIF ou WebP.'
		);
	}
	checkPixels(mime, bytes, limits);
	await checkQuotas(db, board.id, actor.id, bytes.length, limits);
	const [row] = await db
		.insert(boardAssets)
		.values({ boardId: board.id, mime, bytes, size: bytes.length, createdBy: actor.id })
		.returning({ id: boardAssets.id });
	return { id: row!.id, boardId: board.id, mime, size: bytes.length };
}

/** An image of a board the actor may read, with its bytes. */
export async function loadAsset(
	db: Db,
	actor: Actor,
	boardId: string,
	assetId: string
): Promise<StoredAsset & { bytes: Uint8Array }> {
	const board = await boardFor(db, actor, boardId, 'read');
	const [row] = isUuid(assetId)
		? await db
				.select()
				.from(boardAssets)
				.where(and(eq(boardAssets.id, assetId), eq(boardAssets.boardId, board.id)))
		: [];
	if (!row) throw new AssetError('not_found', 'Cette image est introuvable.');
	return {
		id: row.id,
		boardId: row.boardId,
		// Decided from the bytes at upload.
		mime: row.mime as ImageType,
		size: row.size,
		bytes: row.bytes
	};
}

/** The address an image is served from (what tldraw's asset records keep as `src`). */
export function assetUrl(boardId: string, assetId: string): string {
	return `/api/v1/boards/${boardId}/assets/${assetId}`;
}
