import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignRows, type Interval } from './lane-rows.ts';

const overlap = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** The most intervals covering one moment: no layout can use fewer rows. */
function depth(intervals: readonly Interval[]): number {
	return Math.max(
		0,
		...intervals.map(
			(at) => intervals.filter((i) => i.start <= at.start && at.start < i.end).length
		)
	);
}

describe('timeline rows', () => {
	it('keeps one row for an empty lane and for experiences one after another', () => {
		expect(assignRows([]).count).toBe(1);
		const rows = assignRows([
			{ id: 'b', start: 24, end: 36 },
			{ id: 'a', start: 0, end: 24 }
		]);
		expect(rows.count).toBe(1);
		expect([rows.row.get('a'), rows.row.get('b')]).toEqual([0, 0]);
	});

	it('puts experiences at the same time on rows of their own', () => {
		const rows = assignRows([
			{ id: 'job', start: 0, end: 60 },
			{ id: 'part-time', start: 12, end: 24 },
			{ id: 'evening', start: 18, end: 30 },
			{ id: 'next', start: 24, end: 48 }
		]);
		expect(Object.fromEntries(rows.row)).toEqual({ job: 0, 'part-time': 1, evening: 2, next: 1 });
		expect(rows.count).toBe(3);
	});

	it('never lets two experiences of a row overlap, with as few rows as the busiest moment', () => {
		const interval = fc
			.record({ start: fc.integer({ min: 0, max: 600 }), length: fc.integer({ min: 1, max: 200 }) })
			.map(({ start, length }) => ({ start, end: start + length }));
		fc.assert(
			fc.property(fc.array(interval, { maxLength: 30 }), (raw) => {
				const intervals = raw.map((i, n) => ({ id: `e${n}`, ...i }));
				const { row, count } = assignRows(intervals);
				expect(row.size).toBe(intervals.length);
				intervals.forEach((a, n) => {
					expect(row.get(a.id)).toBeLessThan(count);
					for (const b of intervals.slice(n + 1)) {
						if (row.get(a.id) === row.get(b.id)) expect(overlap(a, b)).toBe(false);
					}
				});
				expect(count).toBe(Math.max(1, depth(intervals)));
			}),
			{ seed: 14, numRuns: 300 }
		);
	});
});
