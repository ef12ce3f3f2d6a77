import { json } from '@sveltejs/kit';
import { apiHandler, readJsonObject } from '$lib/server/api.http';
import { addComment, listBoardComments } from '$lib/server/comments.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/boards/:boardId/comments`: the board's questions and comments, in threads, and who
 * may be mentioned — for the beneficiary and their consultant; a 404 for anyone else (an admin).
 */
export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	return await listBoardComments(getDb(), user, params.boardId);
});

/**
 * `POST /api/v1/boards/:boardId/comments` `{ body, itemKey?, itemLabel?, question?, parentId? }`:
 * a comment on the board, on one of its items, or a reply in a thread (`parentId`). 201.
 */
export const POST: RequestHandler = apiHandler(async (user, { params, request }) => {
	const input = await readJsonObject(request);
	const comment = await addComment(getDb(), user, params.boardId, input);
	return json({ comment }, { status: 201, headers: { 'cache-control': 'no-store' } });
});
