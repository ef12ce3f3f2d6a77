/**
 * The visible window of the career timeline, in months since January 1900: pure functions so the
 * zoom and pan maths are testable without a browser.
 */
export interface TimeWindow {
	/** First visible month (fractional). */
	start: number;
	/** Number of months visible. */
	span: number;
}

/** One year at the closest, a century at the farthest. */
export const MIN_SPAN = 12;
export const MAX_SPAN = 1200;
const FIRST = 0;
const LAST = 201 * 12;

function clampWindow(window: TimeWindow): TimeWindow {
	const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, window.span));
	const start = Math.min(LAST - span, Math.max(FIRST, window.start));
	return { start, span };
}

/** Zooms by `factor` (< 1 closer, > 1 farther) keeping the month at `anchor` (0..1) in place. */
export function zoom(window: TimeWindow, factor: number, anchor = 0.5): TimeWindow {
	const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, window.span * factor));
	const fixed = window.start + window.span * anchor;
	return clampWindow({ start: fixed - span * anchor, span });
}

/** Moves the window by `months` (negative: earlier). */
export function pan(window: TimeWindow, months: number): TimeWindow {
	return clampWindow({ start: window.start + months, span: window.span });
}

/** A window showing every period given (month indices), with a margin; a default without any. */
export function fit(periods: readonly { start: number; end: number }[], now: number): TimeWindow {
	if (periods.length === 0) return clampWindow({ start: now - 20 * 12, span: 22 * 12 });
	const first = Math.min(...periods.map((p) => p.start));
	const last = Math.max(...periods.map((p) => p.end));
	const margin = Math.max(6, (last - first) * 0.05);
	return clampWindow({ start: first - margin, span: last - first + 1 + 2 * margin });
}

/** Years to label on the axis: every 1, 2, 5 or 10 years depending on the zoom. */
export function yearTicks(window: TimeWindow): number[] {
	const years = window.span / 12;
	const step = years <= 12 ? 1 : years <= 30 ? 2 : years <= 60 ? 5 : 10;
	const first = Math.ceil((1900 + window.start / 12) / step) * step;
	const ticks: number[] = [];
	for (let year = first; (year - 1900) * 12 <= window.start + window.span; year += step) {
		ticks.push(year);
	}
	return ticks;
}
