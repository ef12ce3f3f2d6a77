import { b64Vecs, toRichText } from '@tldraw/tlschema';
import type { StoredRecord } from './shapes.ts';

/**
 * Valid tldraw records for tests (the props tldraw's shape utils give by default), so tests can
 * build canvases without a browser. Not imported by the app.
 */

export const PAGE_ID = 'page:page';

export function documentRecord(): StoredRecord {
	return { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} };
}

export function pageRecord(id = PAGE_ID, index = 'a1'): StoredRecord {
	return { id, typeName: 'page', name: 'Page 1', index, meta: {} };
}

interface Base {
	id: string;
	x?: number;
	y?: number;
	rotation?: number;
	parentId?: string;
	index?: string;
}

function shape(base: Base, type: string, props: Record<string, unknown>): StoredRecord {
	return {
		id: base.id,
		typeName: 'shape',
		type,
		x: base.x ?? 0,
		y: base.y ?? 0,
		rotation: base.rotation ?? 0,
		isLocked: false,
		opacity: 1,
		meta: {},
		parentId: base.parentId ?? PAGE_ID,
		index: base.index ?? 'a1',
		props
	};
}

export function geoRecord(
	base: Base & { w?: number; h?: number; geo?: string; text?: string; color?: string }
): StoredRecord {
	return shape(base, 'geo', {
		w: base.w ?? 100,
		h: base.h ?? 100,
		geo: base.geo ?? 'rectangle',
		dash: 'draw',
		growY: 0,
		url: '',
		scale: 1,
		flipX: false,
		flipY: false,
		color: base.color ?? 'black',
		labelColor: 'black',
		fill: 'none',
		size: 'm',
		font: 'draw',
		align: 'middle',
		verticalAlign: 'middle',
		richText: toRichText(base.text ?? '')
	});
}

export function noteRecord(base: Base & { text?: string; color?: string }): StoredRecord {
	return shape(base, 'note', {
		color: base.color ?? 'yellow',
		richText: toRichText(base.text ?? ''),
		size: 'm',
		font: 'draw',
		align: 'middle',
		verticalAlign: 'middle',
		labelColor: 'black',
		growY: 0,
		fontSizeAdjustment: 1,
		url: '',
		scale: 1,
		textLastEditedBy: null
	});
}

export function textRecord(base: Base & { text?: string }): StoredRecord {
	return shape(base, 'text', {
		color: 'black',
		size: 'm',
		w: 200,
		font: 'draw',
		textAlign: 'start',
		autoSize: true,
		scale: 1,
		richText: toRichText(base.text ?? '')
	});
}

export function arrowRecord(
	base: Base & { start?: { x: number; y: number }; end?: { x: number; y: number }; text?: string }
): StoredRecord {
	return shape(base, 'arrow', {
		kind: 'arc',
		elbowMidPoint: 0.5,
		dash: 'draw',
		size: 'm',
		fill: 'none',
		color: 'black',
		labelColor: 'black',
		bend: 0,
		start: base.start ?? { x: 0, y: 0 },
		end: base.end ?? { x: 100, y: 0 },
		arrowheadStart: 'none',
		arrowheadEnd: 'arrow',
		richText: toRichText(base.text ?? ''),
		labelPosition: 0.5,
		font: 'draw',
		scale: 1
	});
}

export function drawRecord(base: Base & { points: { x: number; y: number }[] }): StoredRecord {
	return shape(base, 'draw', {
		segments: [
			{ type: 'free', path: b64Vecs.encodePoints(base.points.map((p) => ({ ...p, z: 0.5 }))) }
		],
		color: 'blue',
		fill: 'none',
		dash: 'draw',
		size: 'm',
		isComplete: true,
		isClosed: false,
		isPen: false,
		scale: 1,
		scaleX: 1,
		scaleY: 1
	});
}

export function arrowBinding(
	id: string,
	arrowId: string,
	targetId: string,
	terminal: 'start' | 'end'
): StoredRecord {
	return {
		id,
		typeName: 'binding',
		type: 'arrow',
		fromId: arrowId,
		toId: targetId,
		meta: {},
		props: {
			terminal,
			normalizedAnchor: { x: 0.5, y: 0.5 },
			isExact: false,
			isPrecise: false,
			snap: 'none'
		}
	};
}
