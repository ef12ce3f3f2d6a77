import { describe, expect, it } from 'vitest';
import { parisWallClockToDate } from './dates.ts';
import { halfDaysOf } from './half-days.ts';

const paris = (y: number, mo: number, d: number, h: number, mi = 0) =>
	parisWallClockToDate(y, mo, d, h, mi);

/** Slots as `day half-day HH:MM–HH:MM (minutes)` in UTC ISO, easy to read in a failure. */
function described(start: Date, end: Date) {
	return halfDaysOf(start, end).map(
		(slot) =>
			`${slot.day} ${slot.halfDay} ${slot.start.toISOString()}–${slot.end.toISOString()} ${slot.minutes}`
	);
}

describe('half-days of a rendez-vous (Paris time)', () => {
	it('puts a morning séance in the morning and an afternoon one in the afternoon', () => {
		expect(described(paris(2026, 12, 7, 9), paris(2026, 12, 7, 11))).toEqual([
			'2026-12-07 matin 2026-12-07T08:00:00.000Z–2026-12-07T10:00:00.000Z 120'
		]);
		// 13:00 sharp is already the afternoon.
		expect(described(paris(2026, 12, 7, 13), paris(2026, 12, 7, 15, 30))).toEqual([
			'2026-12-07 apres_midi 2026-12-07T12:00:00.000Z–2026-12-07T14:30:00.000Z 150'
		]);
	});

	it('splits a séance across 13:00 into both half-days', () => {
		const slots = halfDaysOf(paris(2026, 7, 2, 11, 30), paris(2026, 7, 2, 14));
		expect(slots.map((s) => [s.day, s.halfDay, s.minutes])).toEqual([
			['2026-07-02', 'matin', 90],
			['2026-07-02', 'apres_midi', 60]
		]);
		expect(slots[0]!.end.toISOString()).toBe('2026-07-02T11:00:00.000Z');
		expect(slots[1]!.start.toISOString()).toBe('2026-07-02T11:00:00.000Z');
	});

	it('ending at 13:00 sharp covers the morning only', () => {
		expect(halfDaysOf(paris(2026, 7, 2, 11), paris(2026, 7, 2, 13)).map((s) => s.halfDay)).toEqual([
			'matin'
		]);
	});

	it('counts real minutes on the nights the clocks change', () => {
		// 29 March 2026: 02:00 becomes 03:00, so 01:00–04:00 lasts two hours.
		const spring = halfDaysOf(paris(2026, 3, 29, 1), paris(2026, 3, 29, 4));
		expect(spring.map((s) => [s.day, s.halfDay, s.minutes])).toEqual([
			['2026-03-29', 'matin', 120]
		]);
		// 25 October 2026: 03:00 becomes 02:00 again, so 01:00–04:00 lasts four hours.
		const autumn = halfDaysOf(paris(2026, 10, 25, 1), paris(2026, 10, 25, 4));
		expect(autumn.map((s) => [s.day, s.halfDay, s.minutes])).toEqual([
			['2026-10-25', 'matin', 240]
		]);
		// Across 13:00 on a change day, with the UTC offset of summer then winter time.
		expect(described(paris(2026, 10, 25, 12), paris(2026, 10, 25, 14))).toEqual([
			'2026-10-25 matin 2026-10-25T11:00:00.000Z–2026-10-25T12:00:00.000Z 60',
			'2026-10-25 apres_midi 2026-10-25T12:00:00.000Z–2026-10-25T13:00:00.000Z 60'
		]);
	});

	it('follows a séance across midnight into the next day', () => {
		const slots = halfDaysOf(paris(2026, 12, 31, 22), paris(2027, 1, 1, 14));
		expect(slots.map((s) => [s.day, s.halfDay, s.minutes])).toEqual([
			['2026-12-31', 'apres_midi', 120],
			['2027-01-01', 'matin', 780],
			['2027-01-01', 'apres_midi', 60]
		]);
	});

	it('covers nothing when the end is not after the start', () => {
		expect(halfDaysOf(paris(2026, 7, 2, 11), paris(2026, 7, 2, 11))).toEqual([]);
		expect(halfDaysOf(paris(2026, 7, 2, 11), paris(2026, 7, 2, 10))).toEqual([]);
	});
});
