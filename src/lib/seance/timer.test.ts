import { describe, expect, it } from 'vitest';
import { applyTimerChange, isOver, remaining } from './timer.ts';

const MINUTE = 60_000;

describe('séance timer', () => {
	it('runs from its start, pauses, resumes where it was and rings at zero', () => {
		const started = applyTimerChange(null, { type: 'start', minutes: 10 }, 0)!;
		expect(remaining(started, 4 * MINUTE)).toBe(6 * MINUTE);
		const paused = applyTimerChange(started, { type: 'pause' }, 4 * MINUTE)!;
		expect(remaining(paused, 60 * MINUTE)).toBe(6 * MINUTE);
		const resumed = applyTimerChange(paused, { type: 'resume' }, 60 * MINUTE)!;
		expect(remaining(resumed, 63 * MINUTE)).toBe(3 * MINUTE);
		expect(isOver(resumed, 65 * MINUTE)).toBe(false);
		expect(isOver(resumed, 66 * MINUTE)).toBe(true);
		expect(remaining(resumed, 90 * MINUTE)).toBe(0);
	});

	it('adds a minute to a running, a paused or a rung timer', () => {
		const started = applyTimerChange(null, { type: 'start', minutes: 2 }, 0)!;
		expect(remaining(applyTimerChange(started, { type: 'extend' }, MINUTE)!, MINUTE)).toBe(
			2 * MINUTE
		);
		const paused = applyTimerChange(started, { type: 'pause' }, MINUTE)!;
		const extended = applyTimerChange(paused, { type: 'extend' }, 5 * MINUTE)!;
		expect(extended.endsAt).toBeNull();
		expect(remaining(extended, 9 * MINUTE)).toBe(2 * MINUTE);
		const rung = applyTimerChange(started, { type: 'extend' }, 10 * MINUTE)!;
		expect(remaining(rung, 10 * MINUTE)).toBe(MINUTE);
		expect(rung.totalMs).toBe(3 * MINUTE);
	});

	it('never goes beyond eight hours', () => {
		const started = applyTimerChange(null, { type: 'start', minutes: 480 }, 0)!;
		const extended = applyTimerChange(started, { type: 'extend' }, 0)!;
		expect(remaining(extended, 0)).toBe(480 * MINUTE);
	});

	it('keeps who may extend across a restart, and stops', () => {
		const started = applyTimerChange(null, { type: 'start', minutes: 5 }, 0)!;
		expect(started.extendable).toBe(true);
		const closed = applyTimerChange(started, { type: 'extendable', allowed: false }, 0)!;
		expect(applyTimerChange(closed, { type: 'start', minutes: 3 }, 0)!.extendable).toBe(false);
		expect(applyTimerChange(closed, { type: 'stop' }, 0)).toBeNull();
		expect(applyTimerChange(null, { type: 'extend' }, 0)).toBeNull();
		expect(applyTimerChange(null, { type: 'pause' }, 0)).toBeNull();
	});
});
