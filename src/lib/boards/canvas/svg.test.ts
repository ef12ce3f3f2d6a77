import { b64Vecs } from '@tldraw/tlschema';
import { describe, expect, it } from 'vitest';
import { decodePath } from './draw-path.ts';
import {
	arrowBinding,
	arrowRecord,
	drawRecord,
	geoRecord,
	noteRecord,
	pageRecord,
	textRecord
} from './records.fixtures.ts';
import { canvasToSvg } from './svg.ts';

function viewBox(svg: string): number[] {
	return svg
		.match(/viewBox="([^"]+)"/)![1]!
		.split(' ')
		.map(Number);
}

describe('canvasToSvg', () => {
	it('draws rectangles, ellipses, notes, text, arrows and strokes', () => {
		const svg = canvasToSvg([
			pageRecord(),
			geoRecord({ id: 'shape:r', x: 0, y: 0, w: 200, h: 100, text: 'Rectangle' }),
			geoRecord({ id: 'shape:e', x: 300, y: 0, w: 100, h: 50, geo: 'ellipse', index: 'a2' }),
			geoRecord({ id: 'shape:t', x: 500, y: 0, geo: 'triangle', index: 'a3' }),
			noteRecord({
				id: 'shape:n',
				x: 0,
				y: 200,
				text: 'Une note <importante> & "vraie"',
				index: 'a4'
			}),
			textRecord({ id: 'shape:x', x: 300, y: 200, text: 'Du texte', index: 'a5' }),
			arrowRecord({
				id: 'shape:a',
				x: 0,
				y: 500,
				end: { x: 300, y: 0 },
				text: 'mène à',
				index: 'a6'
			}),
			drawRecord({
				id: 'shape:d',
				x: 400,
				y: 400,
				index: 'a7',
				points: [
					{ x: 0, y: 0 },
					{ x: 50, y: 25 },
					{ x: 100, y: 0 }
				]
			})
		]);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect(svg).toContain('<rect width="200" height="100"');
		expect(svg).toContain('<ellipse cx="50" cy="25" rx="50" ry="25"');
		expect(svg).toContain('<polygon points="50,0 100,100 0,100"');
		expect(svg).toContain('>Rectangle</tspan>');
		// Escaped, and wrapped to the note's width.
		expect(svg).toContain(
			'>&lt;importante&gt;</tspan><tspan x="100" y="139">&amp; &quot;vraie&quot;<'
		);
		expect(svg).toContain('>Du texte</tspan>');
		expect(svg).toContain('>mène à</text>');
		expect(svg).toMatch(/<g data-shape="arrow"[^>]*><path d="M0 0Q150 0 300 0"/);
		expect(svg).toMatch(/<g data-shape="draw"[^>]*><path d="M0 0L50 25L100 0"/);
		// Shapes are placed by their page transform, in index order.
		expect(svg).toContain('transform="matrix(1 0 0 1 400 400)"');
		const order = [...svg.matchAll(/data-shape="(\w+)"/g)].map((m) => m[1]);
		expect(order).toEqual(['geo', 'geo', 'geo', 'note', 'text', 'arrow', 'draw']);
		// The picture frames everything with the padding.
		const [x, y, w, h] = viewBox(svg);
		expect(x).toBe(-32);
		expect(y).toBe(-32);
		expect(w).toBeGreaterThanOrEqual(600 + 64);
		expect(h).toBeGreaterThanOrEqual(500 + 64);
	});

	it('follows arrow bindings to the shapes they point at, and nests children in frames', () => {
		const svg = canvasToSvg([
			pageRecord(),
			{
				...geoRecord({ id: 'shape:frame', x: 1000, y: 1000 }),
				type: 'frame',
				props: { w: 400, h: 400, name: 'Zone', color: 'black' }
			},
			geoRecord({ id: 'shape:target', parentId: 'shape:frame', x: 100, y: 100, w: 100, h: 100 }),
			arrowRecord({ id: 'shape:a', x: 0, y: 0, end: { x: 10, y: 10 }, index: 'a2' }),
			arrowBinding('binding:b', 'shape:a', 'shape:target', 'end')
		]);
		// The bound end goes to the target's centre: frame (1000,1000) + (100,100) + (50,50).
		expect(svg).toMatch(/<g data-shape="arrow"[^>]*><path d="M0 0Q\S+ \S+ 1150 1150"/);
		expect(svg).toContain('transform="matrix(1 0 0 1 1100 1100)"');
		expect(svg).toContain('>Zone</text>');
	});

	it('applies rotation and leaves out other pages and orphans', () => {
		const svg = canvasToSvg([
			pageRecord(),
			pageRecord('page:two', 'a2'),
			geoRecord({ id: 'shape:r', rotation: Math.PI / 2 }),
			geoRecord({ id: 'shape:other', parentId: 'page:two', text: 'ailleurs' }),
			geoRecord({ id: 'shape:orphan', parentId: 'shape:none', text: 'orphelin' })
		]);
		expect(svg).toContain('transform="matrix(0 1 -1 0 0 0)"');
		expect(svg).not.toContain('ailleurs');
		expect(svg).not.toContain('orphelin');
		expect(
			canvasToSvg(
				[
					pageRecord(),
					geoRecord({ id: 'shape:x', parentId: 'page:two', text: 'p2' }),
					pageRecord('page:two', 'a2')
				],
				{ pageId: 'page:two' }
			)
		).toContain('p2');
	});

	it('frames strokes and lines by the points they pass through, not by their box', () => {
		const stroke = canvasToSvg([
			pageRecord(),
			drawRecord({
				id: 'shape:d',
				x: 400,
				y: 400,
				points: [
					{ x: 20, y: 10 },
					{ x: 50, y: 25 },
					{ x: 100, y: 40 }
				]
			})
		]);
		// Points x 420…500, y 410…440, with the padding of 32 around.
		expect(viewBox(stroke)).toEqual([388, 378, 144, 94]);
		const dot = canvasToSvg([
			pageRecord(),
			drawRecord({ id: 'shape:d', x: 400, y: 400, points: [{ x: 7, y: 9 }] })
		]);
		expect(dot).toMatch(/d="M7 9l0.01 0"/);
		expect(viewBox(dot)).toEqual([375, 377, 64, 64]);
		const line = canvasToSvg([
			pageRecord(),
			{
				...geoRecord({ id: 'shape:l', x: 100, y: 0, rotation: Math.PI / 2 }),
				type: 'line',
				props: {
					color: 'black',
					size: 'm',
					dash: 'solid',
					points: {
						b: { id: 'b', index: 'a2', x: 30, y: -10 },
						a: { id: 'a', index: 'a1', x: -5, y: 20 }
					}
				}
			}
		]);
		expect(line).toMatch(/<g data-shape="line"[^>]*><path d="M-5 20L30 -10"/);
		// Turned a quarter: (x, y) is drawn at (100 - y, x), so x 80…110 and y -5…30.
		expect(viewBox(line)).toEqual([48, -37, 94, 99]);
	});

	it('an empty canvas is a small blank picture, and hostile props do not break it', () => {
		expect(viewBox(canvasToSvg([]))).toEqual([-32, -32, 164, 164]);
		const svg = canvasToSvg([
			pageRecord(),
			{
				id: 'shape:bad',
				typeName: 'shape',
				type: 'geo',
				parentId: 'page:page',
				x: 'NaN',
				props: 'nope'
			},
			{
				id: 'shape:bad2',
				typeName: 'shape',
				type: 'draw',
				parentId: 'page:page',
				props: { segments: [{ path: '%%%' }, 7] }
			},
			{ id: 'shape:loop', typeName: 'shape', type: 'geo', parentId: 'shape:loop2', props: {} },
			{ id: 'shape:loop2', typeName: 'shape', type: 'geo', parentId: 'shape:loop', props: {} }
		]);
		expect(svg).not.toContain('NaN');
		expect(svg.endsWith('</svg>')).toBe(true);
	});

	it('uses the image address the caller gives for image assets', () => {
		const svg = canvasToSvg(
			[
				pageRecord(),
				{ id: 'asset:1', typeName: 'asset', type: 'image', props: { src: 'x' }, meta: {} },
				{
					...geoRecord({ id: 'shape:i' }),
					type: 'image',
					props: { w: 300, h: 200, assetId: 'asset:1', altText: 'photo' }
				}
			],
			{ imageHref: (asset) => `/assets/${asset.id}?a=1&b=2` }
		);
		expect(svg).toContain('<image href="/assets/asset:1?a=1&amp;b=2" width="300" height="200"');
	});
});

describe('decodePath', () => {
	it('reads what tldraw encodes, in 3D and 2D', () => {
		const points = [
			{ x: 10.5, y: -3, z: 0.5 },
			{ x: 20, y: 4.25, z: 0.5 },
			{ x: 31, y: 9, z: 0.5 }
		];
		for (const dim of [3, 2] as const) {
			const decoded = decodePath(b64Vecs.encodePoints(points, dim), dim);
			expect(decoded).toHaveLength(3);
			decoded.forEach((p, i) => {
				expect(p.x).toBeCloseTo(points[i]!.x, 1);
				expect(p.y).toBeCloseTo(points[i]!.y, 1);
			});
		}
		expect(decodePath('')).toEqual([]);
		expect(decodePath('not base64!')).toEqual([]);
	});
});
