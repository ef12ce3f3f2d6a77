import { apiHandler } from '$lib/server/api.http';
import { getDb } from '$lib/server/db';
import { markBoardSeen } from '$lib/server/news.service';
import type { RequestHandler } from './$types';

/**
 * `POST /api/v1/boards/:boardId/seen`: the caller has seen the board as it is now (they leave it,
 * or dismiss its « nouveautés »). 204; a board they may not open is a 404.
 */
export const POST: RequestHandler = apiHandler(async (user, { params }) => {
	await markBoardSeen(getDb(), user, params.boardId);
	return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
});
