import { describe, expect, it } from 'vitest';
import { parisWallClockToDate, toDateTimeLocalValue, todayValue } from './dates.ts';

describe('Paris dates', () => {
	it('reads wall-clock times in Paris, summer and winter alike', () => {
		expect(parisWallClockToDate(2026, 7, 1, 9, 0).toISOString()).toBe('2026-07-01T07:00:00.000Z');
		expect(parisWallClockToDate(2026, 1, 15, 9, 0).toISOString()).toBe('2026-01-15T08:00:00.000Z');
		// The day the clocks go back (25 October 2026), on both sides of the change.
		expect(parisWallClockToDate(2026, 10, 25, 1, 0).toISOString()).toBe('2026-10-24T23:00:00.000Z');
		expect(parisWallClockToDate(2026, 10, 25, 4, 0).toISOString()).toBe('2026-10-25T03:00:00.000Z');
	});

	it('round-trips the value of a datetime-local input', () => {
		for (const value of ['2026-03-29T12:15', '2026-10-05T09:00', '2027-01-01T00:00']) {
			const [d, t] = value.split('T');
			const [y, mo, day] = d!.split('-').map(Number);
			const [h, mi] = t!.split(':').map(Number);
			expect(toDateTimeLocalValue(parisWallClockToDate(y!, mo!, day!, h!, mi!))).toBe(value);
		}
		expect(todayValue(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
	});
});
