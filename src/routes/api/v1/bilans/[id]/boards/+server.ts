import { json } from '@sveltejs/kit';
import { boardKinds } from '$lib/boards/registry';
import { apiHandler, readJsonObject } from '$lib/server/api.http';
import { createBoard } from '$lib/server/boards.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * `POST /api/v1/bilans/:id/boards` with `{"kind", "title"}`: creates a board (kinds come from the
 * registry; an unknown one is a 400) and answers 201 with it, including its sync path.
 */
export const POST: RequestHandler = apiHandler(async (user, { params, request }) => {
	const input = await readJsonObject(request);
	const board = await createBoard(
		getDb(),
		user,
		params.id,
		{ kind: input.kind, title: input.title },
		boardKinds
	);
	return json(
		{ board: { ...board, syncPath: `/yjs/${board.id}` } },
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
});
