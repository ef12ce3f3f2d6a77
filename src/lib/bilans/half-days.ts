import { parisWallClockToDate, toDateTimeLocalValue } from './dates.ts';

/**
 * The half-days a rendez-vous covers, as attendance sheets count them for funders (CPF "service
 * fait"): in Paris time, the morning (matin) runs until 13:00 and the afternoon (après-midi) from
 * 13:00 to midnight. A séance across 13:00 covers both; one across midnight covers two days.
 * Durations are real elapsed minutes, so a night when the clocks change counts what was lived.
 */
export const HALF_DAYS = ['matin', 'apres_midi'] as const;
export type HalfDayValue = (typeof HALF_DAYS)[number];

/** The hour (Paris time) the afternoon starts. */
export const AFTERNOON_HOUR = 13;

/** One half-day of a rendez-vous: the part of the séance that falls in it. */
export interface HalfDaySlot {
	/** Calendar day in Paris, `YYYY-MM-DD`. */
	day: string;
	halfDay: HalfDayValue;
	/** When the séance starts within this half-day (the séance's start or the half-day's). */
	start: Date;
	/** When it ends within this half-day. */
	end: Date;
	minutes: number;
}

function parisInstant(day: string, hour: number): Date {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	return parisWallClockToDate(y, m, d, hour, 0);
}

function nextDay(day: string): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const MINUTE = 60_000;

/** The half-days `[start, end)` covers, in time order; none when `end` is not after `start`. */
export function halfDaysOf(start: Date, end: Date): HalfDaySlot[] {
	const slots: HalfDaySlot[] = [];
	let day = toDateTimeLocalValue(start).slice(0, 10);
	while (parisInstant(day, 0) < end) {
		const following = nextDay(day);
		const windows: [HalfDayValue, Date, Date][] = [
			['matin', parisInstant(day, 0), parisInstant(day, AFTERNOON_HOUR)],
			['apres_midi', parisInstant(day, AFTERNOON_HOUR), parisInstant(following, 0)]
		];
		for (const [halfDay, from, to] of windows) {
			const slotStart = new Date(Math.max(start.getTime(), from.getTime()));
			const slotEnd = new Date(Math.min(end.getTime(), to.getTime()));
			if (slotEnd > slotStart) {
				const minutes = Math.round((slotEnd.getTime() - slotStart.getTime()) / MINUTE);
				slots.push({ day, halfDay, start: slotStart, end: slotEnd, minutes });
			}
		}
		day = following;
	}
	return slots;
}
