import { and, eq } from 'drizzle-orm';
import { CANVAS_KIND } from '../boards/canvas/model.ts';
import { accessToBoard, findBoardWithBilan } from './boards.service.ts';
import type { Db } from './db/index.ts';
import { boardAssets } from './db/schema.ts';
import type { Actor } from './permissions.ts';

/**
 * Images of canvas boards, stored in the database next to the board: uploading needs the
 * board's edit access, reading its read access (permissions.boardAccess through
 * `accessToBoard`); an admin, like anyone without access, gets the same 404 as for a board that
 * does not exist. The type is decided from the bytes, never from what the client declares.
 */

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export class AssetError extends Error {
	readonly reason:
		'not_found' | 'forbidden' | 'not_canvas' | 'unsupported_type' | 'too_large' | 'empty';
	constructor(reason: AssetError['reason'], message: string) {
		super(message);
		this.name = 'AssetError';
		this.reason = reason;
	}
}

/** The HTTP status of each refusal, for the endpoints. */
export const assetErrorStatus: Record<AssetError['reason'], number> = {
	not_found: 404,
	forbidden: 403,
	not_canvas: 400,
	empty: 400,
	unsupported_type: 415,
	too_large: 413
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
	return signature.every((byte, i) => bytes[offset + i] === byte);
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** PNG, JPEG, GIF or WebP from the file's magic numbers; null for anything else. */
export function detectImageType(bytes: Uint8Array): ImageType | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
	if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
	return null;
}

function megabytes(bytes: number): string {
	return (bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
}

export function tooLarge(maxBytes: number): AssetError {
	return new AssetError(
		'too_large',
		`Cette image est trop lourde : ${megabytes(maxBytes)} Mo au plus. Choisissez une image plus petite.`
	);
}

async function boardFor(db: Db, actor: Actor, boardId: string, need: 'edit' | 'read') {
	const found = await findBoardWithBilan(db, boardId);
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

/** Stores an image on a canvas board the actor may edit. */
export async function storeAsset(
	db: Db,
	actor: Actor,
	boardId: string,
	bytes: Uint8Array,
	maxBytes: number
): Promise<StoredAsset> {
	const board = await boardFor(db, actor, boardId, 'edit');
	if (board.kind !== CANVAS_KIND) {
		throw new AssetError('not_canvas', 'Seul un tableau libre accepte des images.');
	}
	if (bytes.length === 0) throw new AssetError('empty', 'Le fichier envoyé est vide.');
	if (bytes.length > maxBytes) throw tooLarge(maxBytes);
	const mime = detectImageType(bytes);
	if (!mime) {
		throw new AssetError(
			'unsupported_type',
			'Ce format n’est pas accepté : envoyez une image PNG, JPEG, GIF ou WebP.'
		);
	}
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
	const [row] = UUID.test(assetId)
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
