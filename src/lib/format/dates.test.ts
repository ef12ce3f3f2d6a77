import { describe, expect, it } from 'vitest';
import {
	formatCalendarDate,
	formatDate,
	formatDateTime,
	formatMonth,
	formatTime
} from './dates.ts';

// 12:05 UTC is 14:05 in Paris in summer, 13:05 in winter.
const SUMMER = new Date('2026-07-01T12:05:00Z');
const WINTER = new Date('2026-01-15T12:05:00Z');
// 23:30 UTC on 31 December is already the next day (and year) in Paris.
const NEW_YEAR = new Date('2026-12-31T23:30:00Z');

describe('date formats', () => {
	it('shows instants in Paris time, summer and winter alike', () => {
		expect(formatTime(SUMMER, 'fr')).toBe('14:05');
		expect(formatTime(WINTER, 'fr')).toBe('13:05');
		expect(formatDate(NEW_YEAR, 'fr')).toBe('1 janvier 2027');
		expect(formatDate(NEW_YEAR, 'fr', 'short')).toBe('01/01/2027');
	});

	it('joins the day and the time in each style', () => {
		expect(formatDateTime(SUMMER, 'fr')).toBe('mercredi 1 juillet 2026 à 14:05');
		expect(formatDateTime(SUMMER, 'fr', 'long')).toBe('1 juillet 2026 à 14:05');
		expect(formatDateTime(SUMMER, 'fr', 'short')).toBe('01/07/2026 14:05');
	});

	it('speaks the reader’s language', () => {
		expect(formatDate(SUMMER, 'en')).toBe('July 1, 2026');
		expect(formatMonth('2015-03', 'en')).toBe('March 2015');
	});

	it('shows calendar days and months without shifting them', () => {
		expect(formatCalendarDate('2026-10-05', 'fr')).toBe('5 octobre 2026');
		expect(formatCalendarDate('2026-01-01', 'fr')).toBe('1 janvier 2026');
		expect(formatCalendarDate('2026-12-07', 'fr', 'short')).toBe('07/12/2026');
		expect(formatMonth('2015-03', 'fr')).toBe('mars 2015');
	});
});
