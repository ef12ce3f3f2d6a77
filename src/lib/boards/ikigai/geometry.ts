/**
 * The Ikigai diagram's geometry, part of the model: a note's zone is derived from its position,
 * so the record knows what sits where without trusting any view. Board coordinates run from 0 to
 * BOARD_SIZE on both axes, y downwards (as in SVG).
 */

export const BOARD_SIZE = 1000;

export type CircleId = 'aime' | 'doue' | 'besoin' | 'remunere';
export type OverlapId = 'passion' | 'mission' | 'vocation' | 'profession' | 'ikigai';
/**
 * The one region a point falls in: a single circle, a named overlap of two adjacent circles,
 * three circles (named after the missing one: `sans-remunere` = aime ∩ doué ∩ besoin), all four
 * (`ikigai`), or outside every circle.
 */
export type RegionId =
	| CircleId
	| Exclude<OverlapId, 'ikigai'>
	| 'sans-aime'
	| 'sans-doue'
	| 'sans-besoin'
	| 'sans-remunere'
	| 'ikigai'
	| 'dehors';

export interface Circle {
	id: CircleId;
	cx: number;
	cy: number;
	r: number;
	/** French label (for the record and the synthèse). */
	label: string;
}

const RADIUS = 260;
const OFFSET = 170;
const CENTRE = BOARD_SIZE / 2;

/** Ce que j'aime on top, doué·e on the left, besoin on the right, rémunéré·e at the bottom. */
export const circles: readonly Circle[] = [
	{ id: 'aime', cx: CENTRE, cy: CENTRE - OFFSET, r: RADIUS, label: "Ce que j'aime" },
	{ id: 'doue', cx: CENTRE - OFFSET, cy: CENTRE, r: RADIUS, label: 'Ce en quoi je suis doué·e' },
	{
		id: 'besoin',
		cx: CENTRE + OFFSET,
		cy: CENTRE,
		r: RADIUS,
		label: 'Ce dont le monde a besoin'
	},
	{
		id: 'remunere',
		cx: CENTRE,
		cy: CENTRE + OFFSET,
		r: RADIUS,
		label: 'Ce pour quoi je peux être rémunéré·e'
	}
];

/** The named overlaps and the circles each one needs. */
export const overlaps: readonly { id: OverlapId; of: readonly CircleId[]; label: string }[] = [
	{ id: 'passion', of: ['aime', 'doue'], label: 'Passion' },
	{ id: 'mission', of: ['aime', 'besoin'], label: 'Mission' },
	{ id: 'vocation', of: ['besoin', 'remunere'], label: 'Vocation' },
	{ id: 'profession', of: ['doue', 'remunere'], label: 'Profession' },
	{ id: 'ikigai', of: ['aime', 'doue', 'besoin', 'remunere'], label: 'Ikigai' }
];

/** Every region, from the centre outwards, with its French label. */
export const regions: readonly { id: RegionId; label: string }[] = [
	{ id: 'ikigai', label: 'Ikigai' },
	{ id: 'sans-remunere', label: "Épanouissant, mais sans revenu (j'aime, doué·e, besoin)" },
	{ id: 'sans-besoin', label: "Satisfaisant, mais peu utile (j'aime, doué·e, rémunéré·e)" },
	{ id: 'sans-aime', label: 'Confortable, mais un sentiment de vide (doué·e, besoin, rémunéré·e)' },
	{ id: 'sans-doue', label: "Exaltant, mais incertain (j'aime, besoin, rémunéré·e)" },
	{ id: 'passion', label: 'Passion' },
	{ id: 'mission', label: 'Mission' },
	{ id: 'vocation', label: 'Vocation' },
	{ id: 'profession', label: 'Profession' },
	{ id: 'aime', label: "Ce que j'aime" },
	{ id: 'doue', label: 'Ce en quoi je suis doué·e' },
	{ id: 'besoin', label: 'Ce dont le monde a besoin' },
	{ id: 'remunere', label: 'Ce pour quoi je peux être rémunéré·e' },
	{ id: 'dehors', label: 'En dehors des cercles' }
];

export const regionIds: readonly RegionId[] = regions.map((region) => region.id);

/** A stored coordinate on the board: clamped to it, the centre when it is not a number. */
export function boardCoordinate(value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return BOARD_SIZE / 2;
	return Math.min(BOARD_SIZE, Math.max(0, value));
}

/** The circles containing a point (boundary included), in the order of `circles`. */
export function circlesAt(x: number, y: number): CircleId[] {
	return circles
		.filter((c) => (x - c.cx) ** 2 + (y - c.cy) ** 2 <= c.r ** 2)
		.map((circle) => circle.id);
}

/** The named overlaps a set of circles makes (a point in three circles is in two overlaps). */
export function overlapsOf(inside: readonly CircleId[]): OverlapId[] {
	return overlaps.filter((o) => o.of.every((id) => inside.includes(id))).map((o) => o.id);
}

/** The single region of a set of circles. */
export function regionOf(inside: readonly CircleId[]): RegionId {
	const has = (id: CircleId) => inside.includes(id);
	const missing = circles.map((c) => c.id).filter((id) => !has(id));
	if (missing.length === 0) return 'ikigai';
	if (missing.length === 4) return 'dehors';
	if (missing.length === 3) return inside[0] as CircleId;
	if (missing.length === 1) return `sans-${missing[0] as CircleId}`;
	const named = overlaps.find((o) => o.of.length === 2 && o.of.every(has));
	// Two opposite circles never overlap outside the side circles (the lens of aime and
	// rémunéré lies within doué ∪ besoin); should rounding say otherwise, the centre is closest.
	return named ? (named.id as RegionId) : 'ikigai';
}

/** The region of a point. */
export function regionAt(x: number, y: number): RegionId {
	return regionOf(circlesAt(x, y));
}

/** How far a point is from the nearest circle outline or board edge. */
function depth(x: number, y: number): number {
	const toCircles = circles.map((c) => Math.abs(Math.hypot(x - c.cx, y - c.cy) - c.r));
	return Math.min(...toCircles, x, y, BOARD_SIZE - x, BOARD_SIZE - y);
}

function computeZonePoints(): Record<RegionId, { x: number; y: number }> {
	const best = new Map<RegionId, { x: number; y: number; depth: number }>();
	const step = 10;
	for (let x = step; x < BOARD_SIZE; x += step) {
		for (let y = step; y < BOARD_SIZE; y += step) {
			const region = regionAt(x, y);
			const d = depth(x, y);
			const current = best.get(region);
			if (!current || d > current.depth) best.set(region, { x, y, depth: d });
		}
	}
	return Object.fromEntries(
		regionIds.map((id) => {
			const point = best.get(id) ?? { x: CENTRE, y: CENTRE };
			return [id, { x: point.x, y: point.y }];
		})
	) as Record<RegionId, { x: number; y: number }>;
}

/**
 * A representative point of each region: the grid point deepest inside it (furthest from any
 * outline), where "move this note to Mission" puts a note.
 */
export const zonePoints: Readonly<Record<RegionId, { x: number; y: number }>> = computeZonePoints();
