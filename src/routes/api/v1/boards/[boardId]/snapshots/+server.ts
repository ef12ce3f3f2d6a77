import { json } from '@sveltejs/kit';
import { apiHandler, readJsonObject, snapshotJson } from '$lib/server/api.http';
import { getDb } from '$lib/server/db';
import { listSnapshots, takeSnapshot } from '$lib/server/snapshots.service';
import type { RequestHandler } from './$types';

/** `GET /api/v1/boards/:boardId/snapshots`: the board's snapshots, newest first (no content). */
export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	const snapshots = await listSnapshots(getDb(), user, params.boardId);
	return { snapshots: snapshots.map(snapshotJson) };
});

/**
 * `POST /api/v1/boards/:boardId/snapshots` with `{"label"}` (optional): "Enregistrer dans le
 * dossier" for a board the caller may edit; 201 with the snapshot.
 */
export const POST: RequestHandler = apiHandler(async (user, { params, request }) => {
	const input = await readJsonObject(request);
	const snapshot = await takeSnapshot(getDb(), user, params.boardId, { label: input.label });
	return json(
		{ snapshot: snapshotJson({ ...snapshot, createdByName: user.name }) },
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
});
