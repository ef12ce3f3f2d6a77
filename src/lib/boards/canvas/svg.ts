import { decodePath, type Point } from './draw-path.ts';
import type { StoredRecord } from './shapes.ts';
import {
	apply,
	canvasShapes,
	invert,
	num,
	obj,
	str,
	type CanvasShape,
	type Mat
} from './shapes.ts';

/**
 * A small SVG renderer of a canvas for snapshots and the synthèse. tldraw's own export needs a
 * browser and a mounted editor; this one is pure string building, so the server and the PDF can
 * use it. It draws the common shapes plainly (geo rectangles, ellipses and a few polygons,
 * notes, text, arrows, lines, draw and highlight strokes, frames, images) without tldraw's
 * hand-drawn style or exact text layout: a faithful outline, not a pixel copy.
 */

export interface CanvasSvgOptions {
	/** Page to draw (default: the first page). */
	pageId?: string;
	/** Margin around the drawing, in canvas units. */
	padding?: number;
	/** URL of an image asset (e.g. its `/api/v1/boards/…/assets/…` address), or null to omit. */
	imageHref?: (asset: StoredRecord) => string | null;
	/** Accessible title of the picture. */
	title?: string;
}

const PALETTE: Record<string, { solid: string; semi: string; note: string }> = {
	black: { solid: '#1d1d1d', semi: '#e8e8e8', note: '#fcfcfc' },
	grey: { solid: '#9fa8b2', semi: '#eceef0', note: '#e4e7ea' },
	'light-violet': { solid: '#e085f4', semi: '#f5eafa', note: '#f1c2fa' },
	violet: { solid: '#ae3ec9', semi: '#ecdcf2', note: '#e1b5ee' },
	blue: { solid: '#4465e9', semi: '#dce1f8', note: '#b6c3f5' },
	'light-blue': { solid: '#4ba1f1', semi: '#ddedfa', note: '#b5dbfa' },
	yellow: { solid: '#f1ac4b', semi: '#f9f0e6', note: '#fed49a' },
	orange: { solid: '#e16919', semi: '#f8e2d4', note: '#f9c5a0' },
	green: { solid: '#099268', semi: '#d3e9e3', note: '#a4d8c7' },
	'light-green': { solid: '#4cb05e', semi: '#dbf0e0', note: '#b7e3bf' },
	'light-red': { solid: '#f87777', semi: '#f4dadb', note: '#fcc1c1' },
	red: { solid: '#e03131', semi: '#f4dadb', note: '#f5a8a8' },
	white: { solid: '#ffffff', semi: '#f5f5f5', note: '#ffffff' }
};
const STROKE: Record<string, number> = { s: 2, m: 3.5, l: 5, xl: 10 };
const FONT: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 };

function colour(name: unknown): { solid: string; semi: string; note: string } {
	return PALETTE[str(name)] ?? PALETTE.black!;
}

export function escapeXml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

const round = (value: number): string => String(Math.round(value * 100) / 100);

function matrix(m: Mat): string {
	return `matrix(${m.map(round).join(' ')})`;
}

/** Word-wraps `text` to about `width` units at `size` (average glyph ≈ 0.55 em). */
function wrap(text: string, width: number, size: number): string[] {
	const perLine = width > 0 ? Math.max(4, Math.floor(width / (size * 0.55))) : Infinity;
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/\s+/u)) {
			if (line && line.length + 1 + word.length > perLine) {
				lines.push(line);
				line = word;
			} else line = line ? `${line} ${word}` : word;
		}
		lines.push(line);
	}
	return lines;
}

/** Centred (or left-aligned) text lines inside a box of `w` × `h`. */
function textBlock(
	text: string,
	box: { w: number; h: number },
	size: number,
	fill: string,
	align: 'middle' | 'start' = 'middle'
): string {
	if (!text) return '';
	const lines = wrap(text, box.w - 16, size);
	const lineHeight = size * 1.25;
	const top = align === 'middle' ? (box.h - lines.length * lineHeight) / 2 : 0;
	const x = align === 'middle' ? box.w / 2 : 0;
	const tspans = lines
		.map(
			(line, i) =>
				`<tspan x="${round(x)}" y="${round(top + (i + 0.8) * lineHeight)}">${escapeXml(line)}</tspan>`
		)
		.join('');
	return `<text font-family="sans-serif" font-size="${size}" fill="${fill}" text-anchor="${align}">${tspans}</text>`;
}

function fillOf(props: Record<string, unknown>): string {
	const c = colour(props.color);
	switch (props.fill) {
		case 'solid':
		case 'fill':
			return c.semi === '#f5f5f5' ? c.solid : c.semi;
		case 'semi':
		case 'pattern':
			return c.semi;
		default:
			return 'none';
	}
}

function dashOf(props: Record<string, unknown>, width: number): string {
	if (props.dash === 'dashed') return ` stroke-dasharray="${width * 2} ${width * 2}"`;
	if (props.dash === 'dotted') return ` stroke-dasharray="0 ${width * 2}" stroke-linecap="round"`;
	return '';
}

function polygon(geo: string, w: number, h: number): string | null {
	const points: Record<string, [number, number][]> = {
		triangle: [
			[w / 2, 0],
			[w, h],
			[0, h]
		],
		diamond: [
			[w / 2, 0],
			[w, h / 2],
			[w / 2, h],
			[0, h / 2]
		],
		hexagon: [
			[w / 4, 0],
			[(3 * w) / 4, 0],
			[w, h / 2],
			[(3 * w) / 4, h],
			[w / 4, h],
			[0, h / 2]
		],
		'arrow-right': [
			[0, h / 4],
			[w * 0.6, h / 4],
			[w * 0.6, 0],
			[w, h / 2],
			[w * 0.6, h],
			[w * 0.6, (3 * h) / 4],
			[0, (3 * h) / 4]
		]
	};
	const list = points[geo];
	return list ? list.map(([x, y]) => `${round(x)},${round(y)}`).join(' ') : null;
}

function geoShape(shape: CanvasShape): string {
	const { props, w, h } = shape;
	const width = STROKE[str(props.size, 'm')] ?? 3.5;
	const paint = `fill="${fillOf(props)}" stroke="${colour(props.color).solid}" stroke-width="${width}"${dashOf(props, width)}`;
	const geo = str(props.geo, 'rectangle');
	const poly = polygon(geo, w, h);
	let outline: string;
	if (geo === 'ellipse' || geo === 'oval') {
		outline = `<ellipse cx="${round(w / 2)}" cy="${round(h / 2)}" rx="${round(w / 2)}" ry="${round(h / 2)}" ${paint}/>`;
	} else if (poly) {
		outline = `<polygon points="${poly}" ${paint}/>`;
	} else {
		const radius = geo === 'rectangle' ? 0 : Math.min(w, h) / 8;
		outline = `<rect width="${round(w)}" height="${round(h)}" rx="${round(radius)}" ${paint}/>`;
	}
	const size = FONT[str(props.size, 'm')] ?? 24;
	return outline + textBlock(shape.text, shape, size, colour(props.labelColor).solid);
}

function noteShape(shape: CanvasShape): string {
	const { props, w, h } = shape;
	const size = (FONT[str(props.size, 'm')] ?? 24) * num(props.scale, 1);
	return (
		`<rect width="${round(w)}" height="${round(h)}" rx="6" fill="${colour(props.color).note}" stroke="#00000022"/>` +
		textBlock(shape.text, shape, size, colour(props.labelColor).solid)
	);
}

function textShape(shape: CanvasShape): string {
	const { props } = shape;
	const size = (FONT[str(props.size, 'm')] ?? 24) * num(props.scale, 1);
	const box = { w: props.autoSize === true ? Infinity : shape.w, h: shape.h };
	return textBlock(shape.text, box, size, colour(props.color).solid, 'start');
}

function strokePath(points: readonly Point[], closed = false): string {
	if (points.length === 0) return '';
	const [first, ...rest] = points;
	const d =
		`M${round(first!.x)} ${round(first!.y)}` +
		rest.map((p) => `L${round(p.x)} ${round(p.y)}`).join('');
	return rest.length === 0 ? `${d}l0.01 0` : closed ? `${d}Z` : d;
}

/** The points a draw or highlight stroke passes through, in its own space. */
function drawPoints(shape: CanvasShape): Point[] {
	const { props } = shape;
	const sx = num(props.scaleX, 1);
	const sy = num(props.scaleY, 1);
	const segments = Array.isArray(props.segments) ? props.segments : [];
	return segments.flatMap((segment) => {
		const s = obj(segment);
		return decodePath(str(s.path), s.dim === 2 ? 2 : 3).map((p) => ({ x: p.x * sx, y: p.y * sy }));
	});
}

function drawShape(shape: CanvasShape, points: readonly Point[]): string {
	const { props } = shape;
	const highlight = shape.type === 'highlight';
	const width = (STROKE[str(props.size, 'm')] ?? 3.5) * num(props.scale, 1) * (highlight ? 5 : 1);
	const stroke = highlight ? colour(props.color).note : colour(props.color).solid;
	const fill = props.isClosed === true ? fillOf(props) : 'none';
	return `<path d="${strokePath(points, props.isClosed === true)}" fill="${fill}" stroke="${stroke}" stroke-width="${round(width)}" stroke-linecap="round" stroke-linejoin="round"${highlight ? ' stroke-opacity="0.7"' : ''}/>`;
}

/** The points a line passes through, in its own space and its handles' order. */
function linePoints(shape: CanvasShape): Point[] {
	return Object.values(obj(shape.props.points))
		.map(obj)
		.sort((a, b) => (str(a.index) < str(b.index) ? -1 : 1))
		.map((p) => ({ x: num(p.x), y: num(p.y) }));
}

function lineShape(shape: CanvasShape, points: readonly Point[]): string {
	const { props } = shape;
	const width = STROKE[str(props.size, 'm')] ?? 3.5;
	return `<path d="${strokePath(points)}" fill="none" stroke="${colour(props.color).solid}" stroke-width="${width}"${dashOf(props, width)}/>`;
}

function arrowHead(tip: Point, from: Point, width: number, fill: string): string {
	const angle = Math.atan2(tip.y - from.y, tip.x - from.x);
	const length = 8 + width * 3;
	const left = {
		x: tip.x - length * Math.cos(angle - 0.45),
		y: tip.y - length * Math.sin(angle - 0.45)
	};
	const right = {
		x: tip.x - length * Math.cos(angle + 0.45),
		y: tip.y - length * Math.sin(angle + 0.45)
	};
	return `<polygon points="${[left, tip, right].map((p) => `${round(p.x)},${round(p.y)}`).join(' ')}" fill="${fill}"/>`;
}

function arrowShape(shape: CanvasShape, ends: { start: Point; end: Point }): string {
	const { props } = shape;
	const { start, end } = ends;
	const width = STROKE[str(props.size, 'm')] ?? 3.5;
	const stroke = colour(props.color).solid;
	const length = Math.hypot(end.x - start.x, end.y - start.y) || 1;
	const bend = num(props.bend);
	// tldraw's bend is the distance of the arc's middle from the straight line.
	const normal = { x: (end.y - start.y) / length, y: -(end.x - start.x) / length };
	const middle = {
		x: (start.x + end.x) / 2 + normal.x * bend,
		y: (start.y + end.y) / 2 + normal.y * bend
	};
	const control = {
		x: 2 * middle.x - (start.x + end.x) / 2,
		y: 2 * middle.y - (start.y + end.y) / 2
	};
	let out = `<path d="M${round(start.x)} ${round(start.y)}Q${round(control.x)} ${round(control.y)} ${round(end.x)} ${round(end.y)}" fill="none" stroke="${stroke}" stroke-width="${width}"${dashOf(props, width)}/>`;
	if (str(props.arrowheadEnd, 'arrow') !== 'none') out += arrowHead(end, control, width, stroke);
	if (str(props.arrowheadStart, 'none') !== 'none') out += arrowHead(start, control, width, stroke);
	if (shape.text) {
		const size = FONT[str(props.size, 'm')] ?? 24;
		out += `<text x="${round(middle.x)}" y="${round(middle.y)}" font-family="sans-serif" font-size="${size}" text-anchor="middle" fill="${colour(props.labelColor).solid}" stroke="#ffffff" stroke-width="4" paint-order="stroke">${escapeXml(shape.text.replace(/\n/g, ' '))}</text>`;
	}
	return out;
}

function imageShape(shape: CanvasShape, href: string | null): string {
	const { w, h } = shape;
	if (href) {
		return `<image href="${escapeXml(href)}" width="${round(w)}" height="${round(h)}" preserveAspectRatio="none"/>`;
	}
	return (
		`<rect width="${round(w)}" height="${round(h)}" fill="#eceef0" stroke="#9fa8b2"/>` +
		textBlock(shape.text || 'image', shape, 18, '#4a5163')
	);
}

function frameShape(shape: CanvasShape): string {
	const { w, h } = shape;
	const name = shape.text
		? `<text x="0" y="-8" font-family="sans-serif" font-size="16" fill="#4a5163">${escapeXml(shape.text)}</text>`
		: '';
	return `<rect width="${round(w)}" height="${round(h)}" fill="#ffffff" stroke="#9fa8b2"/>${name}`;
}

/** The arrow's ends in its own space, following its bindings to the shapes it points at. */
function arrowEnds(
	shape: CanvasShape,
	bindings: readonly StoredRecord[],
	shapes: ReadonlyMap<string, CanvasShape>
): { start: Point; end: Point } {
	const ends = {
		start: { x: num(obj(shape.props.start).x), y: num(obj(shape.props.start).y) },
		end: { x: num(obj(shape.props.end).x), y: num(obj(shape.props.end).y) }
	};
	const toLocal = invert(shape.transform);
	for (const binding of bindings) {
		if (binding.type !== 'arrow' || binding.fromId !== shape.id) continue;
		const props = obj(binding.props);
		const terminal = props.terminal === 'start' ? 'start' : props.terminal === 'end' ? 'end' : null;
		const target = shapes.get(str(binding.toId));
		if (!terminal || !target) continue;
		const anchor = obj(props.normalizedAnchor);
		const at =
			props.isPrecise === true
				? { x: num(anchor.x, 0.5), y: num(anchor.y, 0.5) }
				: { x: 0.5, y: 0.5 };
		const page = apply(target.transform, at.x * target.w, at.y * target.h);
		ends[terminal] = apply(toLocal, page.x, page.y);
	}
	return ends;
}

/** The corners of a shape's box, in its own space (an auto-sized text has no width). */
function boxCorners(shape: CanvasShape): Point[] {
	const width = Number.isFinite(shape.w) ? shape.w : 0;
	return [
		{ x: 0, y: 0 },
		{ x: width, y: 0 },
		{ x: 0, y: shape.h },
		{ x: width, y: shape.h }
	];
}

/**
 * A path's points as its `d` writes them (rounded), so the picture frames exactly what is drawn.
 */
function asWritten(points: readonly Point[]): Point[] {
	return points.map((p) => ({ x: Number(round(p.x)), y: Number(round(p.y)) }));
}

/**
 * An SVG document of one page of the canvas (`records`: the board's stored records). An empty
 * page gives a small blank picture.
 */
export function canvasToSvg(
	records: readonly StoredRecord[],
	options: CanvasSvgOptions = {}
): string {
	const padding = options.padding ?? 32;
	const pages = records
		.filter((record) => record.typeName === 'page')
		.sort((a, b) => (str(a.index) < str(b.index) ? -1 : 1));
	const pageId = options.pageId ?? pages[0]?.id;
	const all = canvasShapes(records);
	const byId = new Map(all.map((shape) => [shape.id, shape]));
	const bindings = records.filter((record) => record.typeName === 'binding');
	const assets = new Map(records.filter((r) => r.typeName === 'asset').map((r) => [r.id, r]));
	const shapes = all.filter((shape) => shape.pageId === pageId && shape.type !== 'group');
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	const parts: string[] = [];
	const context: RenderContext = { bindings, byId, assets, options };
	for (const shape of sortForPaint(shapes, byId)) {
		const { body, extent } = renderShape(shape, context);
		if (!body) continue;
		for (const p of extent.map((local) => apply(shape.transform, local.x, local.y))) {
			minX = Math.min(minX, p.x);
			minY = Math.min(minY, p.y);
			maxX = Math.max(maxX, p.x);
			maxY = Math.max(maxY, p.y);
		}
		const opacity = shape.opacity < 1 ? ` opacity="${round(shape.opacity)}"` : '';
		parts.push(
			`<g data-shape="${escapeXml(shape.type)}" transform="${matrix(shape.transform)}"${opacity}>${body}</g>`
		);
	}
	if (!Number.isFinite(minX)) [minX, minY, maxX, maxY] = [0, 0, 100, 100];
	const x = minX - padding;
	const y = minY - padding;
	const w = maxX - minX + 2 * padding;
	const h = maxY - minY + 2 * padding;
	const title = escapeXml(options.title ?? 'Tableau libre');
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="${round(x)} ${round(y)} ${round(w)} ${round(h)}" width="${round(w)}" height="${round(h)}">` +
		`<title>${title}</title><rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${round(h)}" fill="#ffffff"/>` +
		parts.join('') +
		'</svg>'
	);
}

/** Parents before children, siblings in index order (what tldraw paints last is on top). */
function sortForPaint(
	shapes: CanvasShape[],
	byId: ReadonlyMap<string, CanvasShape>
): CanvasShape[] {
	const path = (shape: CanvasShape): string[] => {
		const keys: string[] = [];
		for (let s: CanvasShape | undefined = shape; s && keys.length < 64; s = byId.get(s.parentId)) {
			keys.unshift(s.index);
		}
		return keys;
	};
	const paths = new Map(shapes.map((shape) => [shape.id, path(shape)]));
	return [...shapes].sort((a, b) => {
		const pa = paths.get(a.id)!;
		const pb = paths.get(b.id)!;
		for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
			if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
		}
		return pa.length - pb.length;
	});
}

interface RenderContext {
	bindings: readonly StoredRecord[];
	byId: ReadonlyMap<string, CanvasShape>;
	assets: ReadonlyMap<string, StoredRecord>;
	options: CanvasSvgOptions;
}

/**
 * A shape's SVG in its own space, and the points the picture must include to show it (its box,
 * an arrow's ends, a stroke's points): both from one computation of its geometry.
 */
function renderShape(
	shape: CanvasShape,
	context: RenderContext
): { body: string; extent: Point[] } {
	switch (shape.type) {
		case 'arrow': {
			const ends = arrowEnds(shape, context.bindings, context.byId);
			return { body: arrowShape(shape, ends), extent: [ends.start, ends.end] };
		}
		case 'draw':
		case 'highlight': {
			const points = drawPoints(shape);
			return { body: drawShape(shape, points), extent: asWritten(points) };
		}
		case 'line': {
			const points = linePoints(shape);
			return { body: lineShape(shape, points), extent: asWritten(points) };
		}
		default:
			return { body: boxShape(shape, context), extent: boxCorners(shape) };
	}
}

function boxShape(shape: CanvasShape, { assets, options }: RenderContext): string {
	switch (shape.type) {
		case 'geo':
			return geoShape(shape);
		case 'note':
			return noteShape(shape);
		case 'text':
			return textShape(shape);
		case 'frame':
			return frameShape(shape);
		case 'image': {
			const asset = assets.get(str(shape.props.assetId));
			return imageShape(shape, asset && options.imageHref ? options.imageHref(asset) : null);
		}
		default:
			return shape.w > 0 && shape.h > 0
				? `<rect width="${round(shape.w)}" height="${round(shape.h)}" fill="none" stroke="#9fa8b2" stroke-dasharray="6 6"/>`
				: '';
	}
}
