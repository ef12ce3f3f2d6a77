import { apiHandler, snapshotJson } from '$lib/server/api.http';
import { getDb } from '$lib/server/db';
import { PermissionError } from '$lib/server/permissions';
import { getSnapshot } from '$lib/server/snapshots.service';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/boards/:boardId/snapshots/:snapshotId`: one snapshot with its summary; with
 * `?state=1`, its Yjs state too (base64), to rebuild the board exactly as it was.
 */
export const GET: RequestHandler = apiHandler(async (user, { params, url }) => {
	const snapshot = await getSnapshot(getDb(), user, params.snapshotId);
	if (snapshot.boardId !== params.boardId.toLowerCase()) {
		throw new PermissionError(
			'not_found',
			'Cet instantané est introuvable, ou vous n’y avez pas accès.'
		);
	}
	const state =
		url.searchParams.get('state') === '1'
			? { state: Buffer.from(snapshot.state).toString('base64') }
			: {};
	return { snapshot: { ...snapshotJson(snapshot), summary: snapshot.summary, ...state } };
});
