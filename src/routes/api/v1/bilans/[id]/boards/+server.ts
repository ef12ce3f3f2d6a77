import { error, json } from '@sveltejs/kit';
import { boardKinds } from '$lib/boards/registry';
import { BoardError, createBoard } from '$lib/server/boards.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

const STATUS: Record<BoardError['reason'], number> = {
	not_found: 404,
	forbidden: 403,
	unknown_kind: 400,
	invalid_title: 400
};

/**
 * `POST /api/v1/bilans/:id/boards` with `{"kind", "title"}`: creates a board (kinds come from the
 * registry; an unknown one is a 400) and answers 201 with it, including its sync path.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, 'Connectez-vous pour continuer.');
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, 'Le corps de la requête doit être du JSON.');
	}
	const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
	try {
		const board = await createBoard(
			getDb(),
			locals.user,
			params.id,
			{ kind: input.kind, title: input.title },
			boardKinds
		);
		return json({ board: { ...board, syncPath: `/yjs/${board.id}` } }, { status: 201 });
	} catch (cause) {
		if (cause instanceof BoardError) error(STATUS[cause.reason], cause.message);
		throw cause;
	}
};
