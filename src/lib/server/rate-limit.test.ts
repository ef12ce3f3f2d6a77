import { describe, expect, it } from 'vitest';
import { KeyedRateLimit } from './rate-limit.ts';

describe('KeyedRateLimit', () => {
	it('lets a burst through, refuses the next, and refills one token per period', () => {
		let now = 0;
		const limit = new KeyedRateLimit({ burst: 3, everyMs: 1000, now: () => now });
		expect([1, 2, 3, 4].map(() => limit.take('anne'))).toEqual([true, true, true, false]);
		now = 999;
		expect(limit.take('anne')).toBe(false);
		now = 1999;
		expect(limit.take('anne')).toBe(true);
		expect(limit.take('anne')).toBe(false);
		// Never more than the burst, however long one waited.
		now = 1_000_000;
		expect([1, 2, 3, 4].map(() => limit.take('anne'))).toEqual([true, true, true, false]);
	});

	it('counts each key apart', () => {
		const limit = new KeyedRateLimit({ burst: 1, everyMs: 60_000, now: () => 0 });
		expect(limit.take('anne')).toBe(true);
		expect(limit.take('anne')).toBe(false);
		expect(limit.take('bruno')).toBe(true);
	});
});
