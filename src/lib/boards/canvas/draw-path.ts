/**
 * Decodes the points of tldraw's draw and highlight segments (tlschema's `b64Vecs`): base64 of
 * a first point in Float32 then Float16 deltas, with 3 values per point (x, y, pressure) or 2
 * when the segment says `dim: 2`. Written here so the server can render a canvas without
 * loading tldraw.
 */

export interface Point {
	x: number;
	y: number;
}

/** At most this many points per segment are read (a hostile path could be huge). */
const MAX_POINTS = 20_000;

function float16(bits: number): number {
	const sign = bits >> 15 ? -1 : 1;
	const exponent = (bits >> 10) & 0x1f;
	const fraction = bits & 0x3ff;
	if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
	if (exponent === 31) return fraction ? NaN : sign * Infinity;
	return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function bytesOf(base64: string): Uint8Array | null {
	try {
		const binary = atob(base64);
		const bytes = new Uint8Array(binary.length);
		for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
		return bytes;
	} catch {
		return null; // not base64: the segment is skipped
	}
}

/** The points of one segment path (empty when it does not decode). */
export function decodePath(path: string, dim: 2 | 3 = 3): Point[] {
	const bytes = bytesOf(path);
	const first = dim === 2 ? 8 : 12;
	const step = dim === 2 ? 4 : 6;
	if (!bytes || bytes.length < first) return [];
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let x = view.getFloat32(0, true);
	let y = view.getFloat32(4, true);
	const points: Point[] = [{ x, y }];
	for (let offset = first; offset + 4 <= bytes.length && points.length < MAX_POINTS;) {
		x += float16(view.getUint16(offset, true));
		y += float16(view.getUint16(offset + 2, true));
		points.push({ x, y });
		offset += step;
	}
	return points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
}
