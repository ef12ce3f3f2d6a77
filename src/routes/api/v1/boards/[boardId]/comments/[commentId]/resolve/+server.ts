import { apiHandler, readJsonObject } from '$lib/server/api.http';
import { setThreadResolved } from '$lib/server/comments.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * `POST /api/v1/boards/:boardId/comments/:commentId/resolve` `{ resolved }`: resolves the thread
 * that `commentId` starts (`resolved: false` reopens it). 204.
 */
export const POST: RequestHandler = apiHandler(async (user, { params, request }) => {
	const { resolved } = await readJsonObject(request);
	await setThreadResolved(getDb(), user, params.boardId, params.commentId, resolved !== false);
	return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
});
