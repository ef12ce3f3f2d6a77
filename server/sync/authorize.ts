import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import { validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { accessToBoard, findBoardWithBilan } from '../../src/lib/server/boards.service.ts';
import type { Db } from '../../src/lib/server/db/index.ts';

/** The answer to "may this session open this board?", as the HTTP status of the upgrade. */
export type BoardAuthorization =
	{ status: 401 | 403 | 404 } | { status: 200; user: SessionUser; readOnly: boolean; kind: string };

/**
 * The same session validation as the pages (`validateSessionToken`) and the same board rule
 * (`permissions.boardAccess`), used at the upgrade and again periodically while connected.
 */
export async function authorizeBoard(
	db: Db,
	token: string | undefined,
	boardId: string
): Promise<BoardAuthorization> {
	const validated = token ? await validateSessionToken(db, token) : null;
	if (!validated) return { status: 401 };
	const found = await findBoardWithBilan(db, boardId);
	if (!found) return { status: 404 };
	const access = accessToBoard(validated.user, found);
	if (access === 'none') return { status: 403 };
	return {
		status: 200,
		user: validated.user,
		readOnly: access === 'read',
		kind: found.board.kind
	};
}
