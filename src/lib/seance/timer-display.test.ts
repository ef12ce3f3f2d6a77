import { describe, expect, it } from 'vitest';
import { formatRemaining } from './timer-display.ts';

describe('the séance timer as read', () => {
	it('shows minutes and seconds, rounding seconds up so 0:00 means over', () => {
		expect(formatRemaining(5 * 60_000)).toBe('5:00');
		expect(formatRemaining(5 * 60_000 - 1)).toBe('5:00');
		expect(formatRemaining(4 * 60_000 + 59_000)).toBe('4:59');
		expect(formatRemaining(5_000)).toBe('0:05');
		expect(formatRemaining(1)).toBe('0:01');
		expect(formatRemaining(0)).toBe('0:00');
	});

	it('shows hours when there are some, and never a negative time', () => {
		expect(formatRemaining(60 * 60_000)).toBe('1:00:00');
		expect(formatRemaining(62 * 60_000 + 3_000)).toBe('1:02:03');
		expect(formatRemaining(480 * 60_000)).toBe('8:00:00');
		expect(formatRemaining(-2_000)).toBe('0:00');
	});
});
