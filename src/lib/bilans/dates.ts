import { TIME_ZONE } from './values.ts';

/**
 * Dates of the bilan record. People type and read wall-clock times in Paris, whatever the time
 * zone of the server or the browser, so both sides convert here with the same rules (and the
 * server-rendered page matches the hydrated one).
 */

const partsFormat = new Intl.DateTimeFormat('en-US', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

function zonedParts(instant: Date): Record<string, number> {
	const parts: Record<string, number> = {};
	for (const part of partsFormat.formatToParts(instant)) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return parts;
}

/** Minutes the Paris clock is ahead of UTC at that instant (60 or 120). */
function offsetMinutes(instant: Date): number {
	const p = zonedParts(instant);
	const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
	return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** The instant a Paris wall-clock time denotes (the later one when the clock goes back). */
export function parisWallClockToDate(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number
): Date {
	const guess = Date.UTC(year, month - 1, day, hour, minute);
	const first = guess - offsetMinutes(new Date(guess)) * 60_000;
	const second = guess - offsetMinutes(new Date(first)) * 60_000;
	return new Date(second);
}

/** `YYYY-MM-DDTHH:MM` in Paris time: the value of an `<input type="datetime-local">`. */
export function toDateTimeLocalValue(instant: Date): string {
	const p = zonedParts(instant);
	const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
	return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** Today in Paris, `YYYY-MM-DD`. */
export function todayValue(now = new Date()): string {
	return toDateTimeLocalValue(now).slice(0, 10);
}
