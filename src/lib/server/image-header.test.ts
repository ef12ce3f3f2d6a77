import { describe, expect, it } from 'vitest';
import { IMAGES, pngClaiming } from '../../../tests/helpers/images.ts';
import { detectImageType, imageSize } from './image-header.ts';

const bytes = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

describe('detectImageType', () => {
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

describe('imageSize', () => {
	const sizeOf = (image: Uint8Array) => imageSize(detectImageType(image)!, image);

	it('reads the size real encoders write, in every format', () => {
		for (const name of ['png', 'jpeg', 'webpLossy', 'webpLossless', 'webpExtended'] as const) {
			expect(sizeOf(IMAGES[name]), name).toEqual({ width: 3, height: 2 });
		}
		expect(sizeOf(IMAGES.gif)).toEqual({ width: 1, height: 1 });
	});

	it('reads what a forged header claims, from the header alone', () => {
		expect(sizeOf(pngClaiming(100_000, 100_000))).toEqual({ width: 100_000, height: 100_000 });

		const gif = IMAGES.gif.slice(0, 10);
		new DataView(gif.buffer).setUint16(6, 65_535, true);
		expect(sizeOf(gif)).toEqual({ width: 65_535, height: 1 });

		// The JPEG's frame header: after its marker (FF C0) and length, precision, height, width.
		const jpeg = IMAGES.jpeg.slice();
		const frame = jpeg.findIndex((byte, i) => byte === 0xff && jpeg[i + 1] === 0xc0);
		new DataView(jpeg.buffer).setUint16(frame + 5, 60_000);
		expect(sizeOf(jpeg.slice(0, frame + 9))).toEqual({ width: 3, height: 60_000 });

		// VP8X: the canvas size minus one, on 24 bits each.
		const webp = IMAGES.webpExtended.slice(0, 30);
		webp.set([0xff, 0xff, 0xff, 0x9f, 0x86, 0x01], 24);
		expect(sizeOf(webp)).toEqual({ width: 16_777_216, height: 100_000 });
	});

	it('finds a progressive JPEG frame behind large metadata segments', () => {
		const exif = new Uint8Array(4 + 60_000);
		exif.set([0xff, 0xe1, 0xea, 0x62]);
		const frame = IMAGES.jpeg.findIndex((b, i) => b === 0xff && IMAGES.jpeg[i + 1] === 0xc0);
		const jpeg = new Uint8Array([
			...IMAGES.jpeg.subarray(0, 2),
			...exif,
			...IMAGES.jpeg.subarray(2)
		]);
		jpeg[frame + exif.length + 1] = 0xc2;
		expect(sizeOf(jpeg)).toEqual({ width: 3, height: 2 });
	});

	it('gives null for a header cut short, malformed or empty', () => {
		for (const name of Object.keys(IMAGES) as (keyof typeof IMAGES)[]) {
			const image = IMAGES[name];
			expect(imageSize(detectImageType(image)!, image.subarray(0, 9)), name).toBeNull();
		}
		// A scan before any frame header.
		expect(sizeOf(bytes('\xff\xd8\xff\xda\x00\x08........'))).toBeNull();
		// A segment that does not start with a marker.
		expect(sizeOf(bytes('\xff\xd8\xff\xe0\x00\x04..\x00\x00\x00\x00'))).toBeNull();
		expect(sizeOf(pngClaiming(0, 10))).toBeNull();
		// Not the IHDR chunk first.
		const png = pngClaiming(10, 10);
		png.set(bytes('tEXt'), 12);
		expect(sizeOf(png)).toBeNull();
		expect(sizeOf(bytes('RIFF\x00\x00\x00\x00WEBPVP8Q................'))).toBeNull();
	});
});
