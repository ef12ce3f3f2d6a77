/**
 * Rows inside one lane of the timeline, so that experiences at the same time (two part-time jobs,
 * a training while working) sit one above the other instead of covering each other. Intervals
 * are half-open, [start, end): one that starts where another ends shares its row.
 */

export interface Interval {
	id: string;
	start: number;
	end: number;
}

export interface Rows {
	/** The row (0 first) of each interval, by id. */
	row: Map<string, number>;
	/** How many rows the lane needs: at least one, even when empty. */
	count: number;
}

/**
 * Earliest start first, each interval in the first row that is free by then (the classic
 * interval-partitioning greedy: as few rows as the most intervals overlapping at one moment).
 */
export function assignRows(intervals: readonly Interval[]): Rows {
	const sorted = [...intervals].sort(
		(a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
	/** Where each row is busy until. */
	const busyUntil: number[] = [];
	const row = new Map<string, number>();
	for (const interval of sorted) {
		let free = busyUntil.findIndex((until) => until <= interval.start);
		if (free === -1) free = busyUntil.length;
		busyUntil[free] = Math.max(interval.end, interval.start);
		row.set(interval.id, free);
	}
	return { row, count: Math.max(1, busyUntil.length) };
}
