/**
 * Size limit of the images placed on canvas boards (`ATELIER_ASSET_MAX_BYTES`, default 5 MiB).
 * Its own module so `server/index.ts` can size adapter-node's request body limit from it.
 */
export const DEFAULT_ASSET_MAX_BYTES = 5 * 1024 * 1024;

/** Room for the multipart envelope around the file (boundaries, headers). */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export class AssetConfigError extends Error {
	readonly reason = 'config';
}

/** The largest image accepted, in bytes, read and validated from `env`. */
export function assetMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
	const raw = env.ATELIER_ASSET_MAX_BYTES?.trim();
	if (!raw) return DEFAULT_ASSET_MAX_BYTES;
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) {
		throw new AssetConfigError(
			`ATELIER_ASSET_MAX_BYTES must be a positive integer (bytes), got "${raw}"`
		);
	}
	return value;
}

/**
 * adapter-node's `BODY_SIZE_LIMIT` (512 KB by default, for every request) must let an upload of
 * the maximum size through to the endpoint, which then answers with its own French message.
 */
export function bodySizeLimitFor(maxAssetBytes: number): number {
	return maxAssetBytes + 1024 * 1024;
}
