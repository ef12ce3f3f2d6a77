import { describe, expect, it } from 'vitest';
import {
	AssetConfigError,
	DEFAULT_ASSET_MAX_BYTES,
	assetMaxBytes,
	bodySizeLimitFor
} from './asset-limits.ts';
import { detectImageType } from './board-assets.service.ts';

describe('assetMaxBytes', () => {
	it('reads ATELIER_ASSET_MAX_BYTES, 5 MiB by default, and refuses nonsense', () => {
		expect(assetMaxBytes({})).toBe(DEFAULT_ASSET_MAX_BYTES);
		expect(assetMaxBytes({ ATELIER_ASSET_MAX_BYTES: ' 1048576 ' })).toBe(1048576);
		for (const raw of ['0', '-1', '1.5', 'beaucoup']) {
			expect(() => assetMaxBytes({ ATELIER_ASSET_MAX_BYTES: raw })).toThrow(AssetConfigError);
		}
		expect(bodySizeLimitFor(1000)).toBeGreaterThan(1000);
	});
});

describe('detectImageType', () => {
	const bytes = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
	it('tells PNG, JPEG, GIF and WebP from their magic numbers, and nothing else', () => {
		expect(detectImageType(bytes('\x89PNG\r\n\x1a\n....'))).toBe('image/png');
		expect(detectImageType(bytes('\xff\xd8\xff\xdb'))).toBe('image/jpeg');
		expect(detectImageType(bytes('GIF87a..'))).toBe('image/gif');
		expect(detectImageType(bytes('RIFF\x00\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
		expect(detectImageType(bytes('RIFF\x00\x00\x00\x00WAVEfmt '))).toBeNull();
		expect(detectImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(detectImageType(bytes('\x89PN'))).toBeNull();
		expect(detectImageType(new Uint8Array())).toBeNull();
	});
});
