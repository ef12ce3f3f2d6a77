import { describe, expect, it } from 'vitest';
import { regionAt } from '../ikigai/geometry.ts';
import { courbeGeometry, ikigaiGeometry, zoneAnchors } from './drawings.ts';

describe('synthèse drawings', () => {
	it('writes each overlap’s name inside that overlap of the board’s own circles', () => {
		for (const [zone, at] of Object.entries(zoneAnchors)) expect(regionAt(at.x, at.y)).toBe(zone);
	});

	it('counts the notes of each zone on the Ikigai', () => {
		const geometry = ikigaiGeometry({
			regions: [
				{ id: 'passion', label: 'Passion', notes: ['a', 'b'] },
				{ id: 'aime', label: "Ce que j'aime", notes: ['c'] }
			]
		});
		expect(geometry.circles).toHaveLength(4);
		const count = (id: string) => geometry.labels.find((l) => l.id === id)?.count;
		expect([count('passion'), count('aime'), count('ikigai')]).toEqual([2, 1, 0]);
	});

	it('places the courbe de vie in time order, +5 at the top and −5 at the bottom', () => {
		const g = courbeGeometry([
			{ month: '2015-01', end: null, satisfaction: -5, title: 'B', keyMoment: false },
			{ month: '2010-01', end: '2014-12', satisfaction: 5, title: 'A', keyMoment: true }
		]);
		expect(g.points.map((p) => p.title)).toEqual(['A', 'B']);
		expect(g.points[0]).toMatchObject({ x: g.plot.left, y: g.plot.top });
		expect(g.points[1]).toMatchObject({ x: g.plot.right, y: g.plot.bottom });
		expect(g.zeroY).toBe((g.plot.top + g.plot.bottom) / 2);
		expect(g.xTicks.map((t) => t.label)).toEqual(['2010', '2011', '2012', '2013', '2014', '2015']);
	});
});
