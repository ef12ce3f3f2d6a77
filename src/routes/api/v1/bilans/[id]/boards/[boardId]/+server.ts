import { apiHandler, readJsonObject } from '$lib/server/api.http';
import { deleteBoard, renameBoard } from '$lib/server/board-manage.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** `PATCH /api/v1/bilans/:id/boards/:boardId` with `{"title"}`: renames the board. */
export const PATCH: RequestHandler = apiHandler(async (user, { params, request }) => {
	const input = await readJsonObject(request);
	const board = await renameBoard(getDb(), user, params.id, params.boardId, { title: input.title });
	return { board };
});

/**
 * `DELETE /api/v1/bilans/:id/boards/:boardId`: deletes the board (the consultant in charge); its
 * snapshots stay in the record, the answer names the last one. The verb is the confirmation the
 * page asks for with a checkbox.
 */
export const DELETE: RequestHandler = apiHandler(async (user, { params }) => {
	const deleted = await deleteBoard(getDb(), user, params.id, params.boardId, { confirm: true });
	return { board: deleted };
});
