import { circles } from '../ikigai/geometry.ts';
import type { CourbeDrawing, IkigaiDrawing } from './prefill.ts';

/**
 * The geometry of the synthèse's two drawings, shared by the PDF (as SVG, drawn as vectors) and
 * the web page (as Svelte markup). The Ikigai reuses the board's own circles, so the drawing
 * matches what the beneficiary placed notes on.
 */

export const IKIGAI_SIZE = 1000;

/** Where each circle's name is written (inside it, near its outer edge), on one or two lines. */
const circleLabels: Record<string, { x: number; y: number; lines: string[] }> = {
	aime: { x: 500, y: 140, lines: ['Ce que j’aime'] },
	doue: { x: 185, y: 480, lines: ['Ce en quoi', 'je suis doué·e'] },
	besoin: { x: 815, y: 480, lines: ['Ce dont le monde', 'a besoin'] },
	remunere: { x: 500, y: 835, lines: ['Ce pour quoi je peux', 'être rémunéré·e'] }
};

/** Where each named overlap's name is written: inside that overlap (checked by the tests). */
export const zoneAnchors: Record<string, { x: number; y: number }> = {
	passion: { x: 370, y: 370 },
	mission: { x: 630, y: 370 },
	vocation: { x: 630, y: 630 },
	profession: { x: 370, y: 630 },
	ikigai: { x: 500, y: 500 }
};

const circleFills: Record<string, string> = {
	aime: '#f4a3a8',
	doue: '#9fd0a8',
	besoin: '#a9c8f0',
	remunere: '#f3d38a'
};

export interface IkigaiGeometry {
	size: number;
	circles: { id: string; cx: number; cy: number; r: number; fill: string }[];
	/** Circle names and overlap names, with the number of notes in each. */
	labels: { id: string; x: number; y: number; lines: string[]; count: number; strong: boolean }[];
}

/** The four circles, their names and the overlaps' names, with each zone's note count. */
export function ikigaiGeometry(drawing: IkigaiDrawing): IkigaiGeometry {
	const count = (id: string) => drawing.regions.find((r) => r.id === id)?.notes.length ?? 0;
	const overlapLabels: Record<string, string> = {
		passion: 'Passion',
		mission: 'Mission',
		vocation: 'Vocation',
		profession: 'Profession',
		ikigai: 'Ikigai'
	};
	return {
		size: IKIGAI_SIZE,
		circles: circles.map((c) => ({
			id: c.id,
			cx: c.cx,
			cy: c.cy,
			r: c.r,
			fill: circleFills[c.id] ?? '#ddd'
		})),
		labels: [
			...circles.map((c) => ({
				id: c.id,
				...circleLabels[c.id]!,
				count: count(c.id),
				strong: false
			})),
			...Object.entries(zoneAnchors).map(([id, at]) => ({
				id,
				...at,
				lines: [overlapLabels[id]!],
				count: count(id),
				strong: true
			}))
		]
	};
}

export const COURBE_WIDTH = 1000;
export const COURBE_HEIGHT = 420;
const PAD = { left: 70, right: 30, top: 24, bottom: 56 };

export interface CourbeGeometry {
	width: number;
	height: number;
	/** The plot area (the axes' box). */
	plot: { left: number; right: number; top: number; bottom: number };
	zeroY: number;
	yTicks: { value: number; y: number }[];
	xTicks: { label: string; x: number }[];
	/** Points in time order, numbered from 1 (the legend lists them with their titles). */
	points: {
		n: number;
		x: number;
		y: number;
		satisfaction: number;
		title: string;
		month: string;
		keyMoment: boolean;
	}[];
	/** SVG `points` attribute of the line joining them. */
	polyline: string;
}

/** "2019-04" → months since year 0 (a number that orders and spaces months). */
function monthIndex(month: string): number {
	const [year, m] = month.split('-').map(Number);
	return (year ?? 0) * 12 + ((m ?? 1) - 1);
}

/** The courbe de vie: satisfaction (−5…+5, up is better) over time, years along the bottom. */
export function courbeGeometry(courbe: CourbeDrawing): CourbeGeometry {
	const plot = {
		left: PAD.left,
		right: COURBE_WIDTH - PAD.right,
		top: PAD.top,
		bottom: COURBE_HEIGHT - PAD.bottom
	};
	const sorted = [...courbe].sort((a, b) => monthIndex(a.month) - monthIndex(b.month));
	const first = sorted.length ? monthIndex(sorted[0]!.month) : 0;
	const last = sorted.length ? monthIndex(sorted[sorted.length - 1]!.month) : 0;
	const span = Math.max(1, last - first);
	const xOf = (index: number) =>
		sorted.length === 1
			? (plot.left + plot.right) / 2
			: plot.left + ((index - first) / span) * (plot.right - plot.left);
	const yOf = (value: number) =>
		plot.top + ((5 - Math.max(-5, Math.min(5, value))) / 10) * (plot.bottom - plot.top);
	const points = sorted.map((p, i) => ({
		n: i + 1,
		x: round(xOf(monthIndex(p.month))),
		y: round(yOf(p.satisfaction)),
		satisfaction: p.satisfaction,
		title: p.title,
		month: p.month,
		keyMoment: p.keyMoment
	}));
	const firstYear = Math.floor(first / 12);
	const lastYear = Math.floor(last / 12);
	const step = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 10));
	const xTicks: CourbeGeometry['xTicks'] = [];
	if (sorted.length > 0) {
		for (let year = firstYear; year <= lastYear; year += step) {
			const x = xOf(Math.max(first, year * 12));
			xTicks.push({ label: String(year), x: round(x) });
		}
	}
	return {
		width: COURBE_WIDTH,
		height: COURBE_HEIGHT,
		plot,
		zeroY: round(yOf(0)),
		yTicks: [-5, 0, 5].map((value) => ({ value, y: round(yOf(value)) })),
		xTicks,
		points,
		polyline: points.map((p) => `${p.x},${p.y}`).join(' ')
	};
}

function round(value: number): number {
	return Math.round(value * 10) / 10;
}
