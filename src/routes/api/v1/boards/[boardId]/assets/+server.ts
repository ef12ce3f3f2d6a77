import { json } from '@sveltejs/kit';
import { apiError, apiHandler } from '$lib/server/api.http';
import { MULTIPART_OVERHEAD_BYTES } from '$lib/server/asset-limits';
import { assetUrl, storeAsset, tooLarge } from '$lib/server/board-assets.service';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

const NOT_MULTIPART = 'Envoyez l’image dans un formulaire (multipart/form-data), champ « file ».';

/**
 * `POST /api/v1/boards/:boardId/assets`, multipart with one `file` field: stores an image (PNG,
 * JPEG, GIF or WebP, told by its bytes; `ATELIER_ASSET_*` limits: bytes, pixels, quotas per board
 * and per person) on a canvas board the caller may edit. 201 with `{ asset: { id, mime, size, url } }`.
 */
export const POST: RequestHandler = apiHandler(async (user, { params, request }) => {
	const limits = getConfig().assets;
	const maxBytes = limits.maxBytes;
	// Refused before reading the body when the client announces too much.
	const announced = Number(request.headers.get('content-length') ?? 0);
	if (announced > maxBytes + MULTIPART_OVERHEAD_BYTES) {
		// The unread body stays on the socket: close it rather than let the client reuse it.
		const refusal = apiError(413, tooLarge(maxBytes).message);
		refusal.headers.set('connection', 'close');
		return refusal;
	}
	let file: FormDataEntryValue | null;
	try {
		file = (await request.formData()).get('file');
	} catch {
		file = null;
	}
	if (!(file instanceof File)) return apiError(400, NOT_MULTIPART);
	if (file.size > maxBytes) return apiError(413, tooLarge(maxBytes).message);
	const bytes = new Uint8Array(await file.arrayBuffer());
	const asset = await storeAsset(getDb(), user, params.boardId, bytes, limits);
	return json(
		{
			asset: {
				id: asset.id,
				mime: asset.mime,
				size: asset.size,
				url: assetUrl(asset.boardId, asset.id)
			}
		},
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
});
