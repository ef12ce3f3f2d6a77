import { apiHandler } from '$lib/server/api.http';
import { loadAsset } from '$lib/server/board-assets.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/boards/:boardId/assets/:assetId`: the image, for whoever may read the board.
 * Private cache only (it is a beneficiary's content), never sniffed as anything but its type.
 */
export const GET: RequestHandler = apiHandler(async (user, { params, request }) => {
	const asset = await loadAsset(getDb(), user, params.boardId, params.assetId);
	// An image never changes (a new upload is a new id), but access can be revoked: the
	// browser keeps it privately and asks each time, and a known one costs a 304.
	const headers = {
		'cache-control': 'private, no-cache',
		etag: `"${asset.id}"`,
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; sandbox"
	};
	if (request.headers.get('if-none-match') === headers.etag) {
		return new Response(null, { status: 304, headers });
	}
	return new Response(asset.bytes.slice().buffer as ArrayBuffer, {
		headers: { ...headers, 'content-type': asset.mime, 'content-length': String(asset.size) }
	});
});
