/**
 * What an image's first bytes say: its type (magic numbers) and its size in pixels (the header
 * fields browsers use), without decoding the image. A few kilobytes can claim 100,000 × 100,000
 * pixels, which a browser would try to allocate when it draws the image: the header is enough to
 * refuse it.
 */

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface ImageSize {
	width: number;
	height: number;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
	return signature.every((byte, i) => bytes[offset + i] === byte);
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** PNG, JPEG, GIF or WebP from the file's magic numbers; null for anything else. */
export function detectImageType(bytes: Uint8Array): ImageType | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
	if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
	return null;
}

/** PNG: the IHDR chunk comes first, width and height as 32-bit big-endian. */
function pngSize(bytes: Uint8Array, view: DataView): ImageSize | null {
	if (bytes.length < 24 || !startsWith(bytes, ascii('IHDR'), 12)) return null;
	return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** GIF: the logical screen, 16-bit little-endian, which is what a browser allocates. */
function gifSize(bytes: Uint8Array, view: DataView): ImageSize | null {
	if (bytes.length < 10) return null;
	return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

/** The JPEG start-of-frame markers: SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * JPEG: walks the segments (APPn with EXIF, tables…) to the first start-of-frame, which holds the
 * height then the width; a scan or the end before it means no readable size.
 */
function jpegSize(bytes: Uint8Array, view: DataView): ImageSize | null {
	let at = 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xff) return null;
		const marker = bytes[at + 1]!;
		// Fill bytes, then markers that stand alone (no length).
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
			at += 2;
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return null;
		const length = view.getUint16(at + 2);
		if (length < 2) return null;
		if (isStartOfFrame(marker)) {
			if (at + 9 > bytes.length) return null;
			return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
		}
		at += 2 + length;
	}
	return null;
}

/** WebP: the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended, with the canvas). */
function webpSize(bytes: Uint8Array, view: DataView): ImageSize | null {
	const chunk = String.fromCharCode(...bytes.subarray(12, 16));
	if (chunk === 'VP8X' && bytes.length >= 30) {
		const uint24 = (at: number) => view.getUint16(at, true) | (bytes[at + 2]! << 16);
		return { width: 1 + uint24(24), height: 1 + uint24(27) };
	}
	if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
		const bits = view.getUint32(21, true);
		return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
	}
	if (chunk === 'VP8 ' && bytes.length >= 30 && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
		return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
	}
	return null;
}

const readers: Record<ImageType, (bytes: Uint8Array, view: DataView) => ImageSize | null> = {
	'image/png': pngSize,
	'image/gif': gifSize,
	'image/jpeg': jpegSize,
	'image/webp': webpSize
};

/**
 * The width and height an image of `type` declares in its header; null when the header is cut
 * short, malformed, or declares an empty image.
 */
export function imageSize(type: ImageType, bytes: Uint8Array): ImageSize | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const size = readers[type](bytes, view);
	return size && size.width > 0 && size.height > 0 ? size : null;
}
