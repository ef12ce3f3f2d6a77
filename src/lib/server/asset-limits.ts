/**
 * Request sizes around canvas images (`ATELIER_ASSET_MAX_BYTES`, read in config.ts). Plain
 * TypeScript without imports, so `server/index.ts` can size adapter-node's body limit from it.
 */

/** Room for the multipart envelope around the file (boundaries, headers). */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * adapter-node's `BODY_SIZE_LIMIT` (512 KB by default, for every request) must let an upload of
 * the maximum size through to the endpoint, which then answers with its own French message.
 */
export function bodySizeLimitFor(maxAssetBytes: number): number {
	return maxAssetBytes + 1024 * 1024;
}
