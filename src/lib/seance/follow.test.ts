import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scrollFractions, scrollOffsets, spotlightRemaining, throttle } from './follow';

const laptop = { scrollWidth: 1280, scrollHeight: 3000, clientWidth: 1280, clientHeight: 800 };
const projector = { scrollWidth: 1920, scrollHeight: 2400, clientWidth: 1920, clientHeight: 1080 };

describe('scroll fractions', () => {
	it('are the share of the scrollable range, 0 where nothing scrolls', () => {
		expect(scrollFractions({ ...laptop, scrollLeft: 0, scrollTop: 1100 })).toEqual({
			scrollX: 0,
			scrollY: 0.5
		});
	});

	it('stay within 0–1 (overscroll on touch screens goes beyond the range)', () => {
		expect(scrollFractions({ ...laptop, scrollLeft: -20, scrollTop: 5000 })).toEqual({
			scrollX: 0,
			scrollY: 1
		});
	});

	it('land another screen on the same part of the board', () => {
		const half = scrollFractions({ ...laptop, scrollLeft: 0, scrollTop: 1100 });
		expect(scrollOffsets(half, projector)).toEqual({ left: 0, top: 660 });
		expect(scrollOffsets({ scrollX: 1, scrollY: 1 }, projector)).toEqual({ left: 0, top: 1320 });
	});

	it('ignore fractions out of range or not numbers', () => {
		expect(scrollOffsets({ scrollX: Number.NaN, scrollY: 7 }, projector)).toEqual({
			left: 0,
			top: 1320
		});
	});
});

describe('throttle', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('runs the first call at once, then at most once per interval with the latest arguments', () => {
		const seen: number[] = [];
		const report = throttle((value: number) => seen.push(value), 100);
		report.call(1);
		expect(seen).toEqual([1]);
		report.call(2);
		report.call(3);
		expect(seen).toEqual([1]);
		vi.advanceTimersByTime(99);
		expect(seen).toEqual([1]);
		vi.advanceTimersByTime(1);
		// The trailing edge: the last value of the burst, not the first.
		expect(seen).toEqual([1, 3]);
		vi.advanceTimersByTime(500);
		expect(seen).toEqual([1, 3]);
		report.call(4);
		expect(seen).toEqual([1, 3, 4]);
	});

	it('drops what is pending when cancelled', () => {
		const seen: number[] = [];
		const report = throttle((value: number) => seen.push(value), 100);
		report.call(1);
		report.call(2);
		report.cancel();
		vi.advanceTimersByTime(200);
		expect(seen).toEqual([1]);
	});
});

describe('spotlight', () => {
	it('shines until its end on the server clock, then not at all', () => {
		expect(spotlightRemaining(10_000, 4_000)).toBe(6_000);
		expect(spotlightRemaining(10_000, 10_000)).toBe(0);
		expect(spotlightRemaining(10_000, 12_000)).toBe(0);
	});
});
