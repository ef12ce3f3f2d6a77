import { apiHandler } from '$lib/server/api.http';
import { accessToBoard, BoardError } from '$lib/server/boards.service';
import { getDb } from '$lib/server/db';
import { boardFor } from '$lib/server/snapshots.service';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/boards/:boardId`: a board's metadata (never its content) for whoever may open it;
 * a deleted board is gone (404), though its snapshots are still listed under it.
 */
export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	const found = await boardFor(getDb(), user, params.boardId, 'read');
	if (found.board.deletedAt) {
		throw new BoardError('not_found', 'Ce tableau a été supprimé ; ses enregistrements restent.');
	}
	const { board } = found;
	return {
		board: {
			id: board.id,
			bilanId: board.bilanId,
			kind: board.kind,
			title: board.title,
			access: accessToBoard(user, found),
			createdAt: board.createdAt.toISOString(),
			updatedAt: board.updatedAt.toISOString(),
			syncPath: `/yjs/${board.id}`
		}
	};
});
