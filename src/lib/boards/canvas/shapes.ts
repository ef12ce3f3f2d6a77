/** A record as stored: a JSON object with at least an `id` and a `typeName`. */
export interface StoredRecord {
	id: string;
	typeName: string;
	[field: string]: unknown;
}

/**
 * Reads tldraw shape records defensively (no tldraw import: this runs on the server and in the
 * summary) into what the summary and the SVG export need: page position, size, text.
 */

/** A 2D affine matrix `[a, b, c, d, e, f]`: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Mat = readonly [number, number, number, number, number, number];

export const IDENTITY: Mat = [1, 0, 0, 1, 0, 0];

export function multiply(m: Mat, n: Mat): Mat {
	return [
		m[0] * n[0] + m[2] * n[1],
		m[1] * n[0] + m[3] * n[1],
		m[0] * n[2] + m[2] * n[3],
		m[1] * n[2] + m[3] * n[3],
		m[0] * n[4] + m[2] * n[5] + m[4],
		m[1] * n[4] + m[3] * n[5] + m[5]
	];
}

export function invert(m: Mat): Mat {
	const det = m[0] * m[3] - m[1] * m[2] || 1;
	return [
		m[3] / det,
		-m[1] / det,
		-m[2] / det,
		m[0] / det,
		(m[2] * m[5] - m[3] * m[4]) / det,
		(m[1] * m[4] - m[0] * m[5]) / det
	];
}

export function apply(m: Mat, x: number, y: number): { x: number; y: number } {
	return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] };
}

function local(x: number, y: number, rotation: number): Mat {
	const cos = Math.cos(rotation);
	const sin = Math.sin(rotation);
	return [cos, sin, -sin, cos, x, y];
}

/** A finite number or `fallback`. */
export function num(value: unknown, fallback = 0): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function str(value: unknown, fallback = ''): string {
	return typeof value === 'string' ? value : fallback;
}

export function obj(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

const MAX_TEXT_DEPTH = 32;

/**
 * The plain text of tldraw's rich text (TipTap JSON): paragraphs and hard breaks become line
 * breaks. Depth-limited, as the JSON comes from peers.
 */
export function plainText(richText: unknown): string {
	const lines: string[] = [];
	let current = '';
	const walk = (node: unknown, depth: number): void => {
		if (depth > MAX_TEXT_DEPTH) return;
		const n = obj(node);
		if (n.type === 'text' && typeof n.text === 'string') current += n.text;
		else if (n.type === 'hardBreak') current += '\n';
		if (Array.isArray(n.content)) for (const child of n.content) walk(child, depth + 1);
		if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'listItem') {
			lines.push(current);
			current = '';
		}
	};
	walk(richText, 0);
	if (current) lines.push(current);
	return lines.join('\n').trim();
}

/** tldraw's note size (NOTE_SIZE) before `growY` and `scale`. */
export const NOTE_SIZE = 200;

export interface CanvasShape {
	id: string;
	type: string;
	parentId: string;
	/** The page the shape is on (through its parents). */
	pageId: string;
	index: string;
	props: Record<string, unknown>;
	opacity: number;
	/** Shape space → page space. */
	transform: Mat;
	/** Top-left corner in page space (rotation included). */
	pageX: number;
	pageY: number;
	/** Size in shape space (0 × 0 when unknown, e.g. a text before layout). */
	w: number;
	h: number;
	/** Its text (label, note, text, frame name), plain. */
	text: string;
}

/** Width and height of a shape in its own space, from its props. */
export function shapeSize(type: string, props: Record<string, unknown>): { w: number; h: number } {
	const scale = num(props.scale, 1);
	switch (type) {
		case 'note':
			return { w: NOTE_SIZE * scale, h: (NOTE_SIZE + num(props.growY)) * scale };
		case 'geo':
			return { w: num(props.w), h: num(props.h) + num(props.growY) };
		case 'text': {
			const lines = Math.max(1, plainText(props.richText).split('\n').length);
			return { w: num(props.w) * scale, h: lines * 32 * scale };
		}
		default:
			return { w: num(props.w), h: num(props.h) };
	}
}

function shapeText(type: string, props: Record<string, unknown>): string {
	if (type === 'frame') return str(props.name).trim();
	if (type === 'image') return str(props.altText).trim();
	return plainText(props.richText);
}

/**
 * The shapes of `records` that sit on a page (orphans whose parent is gone are left out, as
 * tldraw does not show them), with their page transform. Siblings in tldraw's `index` order.
 */
export function canvasShapes(records: readonly StoredRecord[]): CanvasShape[] {
	const byId = new Map<string, StoredRecord>();
	for (const record of records) byId.set(record.id, record);
	const transforms = new Map<string, { transform: Mat; pageId: string } | null>();
	const resolve = (id: string, depth: number): { transform: Mat; pageId: string } | null => {
		const cached = transforms.get(id);
		if (cached !== undefined) return cached;
		const record = byId.get(id);
		if (!record || depth > 64) return null;
		if (record.typeName === 'page') return { transform: IDENTITY, pageId: id };
		if (record.typeName !== 'shape') return null;
		transforms.set(id, null); // a cycle resolves to nothing
		const parent = resolve(str(record.parentId), depth + 1);
		const result = parent
			? {
					transform: multiply(
						parent.transform,
						local(num(record.x), num(record.y), num(record.rotation))
					),
					pageId: parent.pageId
				}
			: null;
		transforms.set(id, result);
		return result;
	};
	const shapes: CanvasShape[] = [];
	for (const record of records) {
		if (record.typeName !== 'shape') continue;
		const placed = resolve(record.id, 0);
		if (!placed) continue;
		const type = str(record.type, 'unknown');
		const props = obj(record.props);
		const { w, h } = shapeSize(type, props);
		const corner = apply(placed.transform, 0, 0);
		shapes.push({
			id: record.id,
			type,
			parentId: str(record.parentId),
			pageId: placed.pageId,
			index: str(record.index, 'a0'),
			props,
			opacity: Math.min(1, Math.max(0, num(record.opacity, 1))),
			transform: placed.transform,
			pageX: corner.x,
			pageY: corner.y,
			w,
			h,
			text: shapeText(type, props)
		});
	}
	return shapes.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
}
