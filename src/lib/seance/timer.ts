import { TIMER_EXTEND_MS, TIMER_MAX_MINUTES, type TimerState } from './protocol.ts';

/**
 * The séance timer as pure functions of (state, now): the server stores the result, every client
 * draws `remaining(timer, now)` from it. Times are epoch ms of the server's clock; a client
 * corrects for its own with the `now` each timer event carries.
 */

/** A change to the timer, as the séance's events ask for it. */
export type TimerChange =
	| { type: 'start'; minutes: number }
	| { type: 'pause' }
	| { type: 'resume' }
	| { type: 'extend' }
	| { type: 'stop' }
	| { type: 'extendable'; allowed: boolean };

const MAX_MS = TIMER_MAX_MINUTES * 60_000;

/** Milliseconds left (never negative). */
export function remaining(timer: TimerState, now: number): number {
	if (timer.endsAt === null) return timer.remainingMs;
	return Math.max(0, timer.endsAt - now);
}

/** True once a running timer reached zero (the gentle end signal). */
export function isOver(timer: TimerState, now: number): boolean {
	return remaining(timer, now) === 0;
}

/** True for a whole number of minutes the timer accepts. */
export function validMinutes(minutes: unknown): minutes is number {
	return (
		typeof minutes === 'number' &&
		Number.isInteger(minutes) &&
		minutes >= 1 &&
		minutes <= TIMER_MAX_MINUTES
	);
}

/**
 * The timer after `change` at `now`. Pausing a paused timer, resuming a running one, or
 * extending when there is no timer changes nothing. Extending adds a minute, also to a timer
 * that already rang (it runs again), never beyond the maximum.
 */
export function applyTimerChange(
	timer: TimerState | null,
	change: TimerChange,
	now: number
): TimerState | null {
	switch (change.type) {
		case 'start': {
			const totalMs = change.minutes * 60_000;
			return {
				totalMs,
				endsAt: now + totalMs,
				remainingMs: totalMs,
				extendable: timer?.extendable ?? true
			};
		}
		case 'stop':
			return null;
		case 'pause':
			if (!timer || timer.endsAt === null) return timer;
			return { ...timer, endsAt: null, remainingMs: remaining(timer, now) };
		case 'resume':
			if (!timer || timer.endsAt !== null) return timer;
			return { ...timer, endsAt: now + timer.remainingMs };
		case 'extend': {
			if (!timer) return null;
			const left = Math.min(MAX_MS, remaining(timer, now) + TIMER_EXTEND_MS);
			const totalMs = Math.min(MAX_MS, timer.totalMs + TIMER_EXTEND_MS);
			// A paused timer stays paused; a running (or rung) one runs until its new end.
			return timer.endsAt === null
				? { ...timer, totalMs, remainingMs: left }
				: { ...timer, totalMs, endsAt: now + left, remainingMs: left };
		}
		case 'extendable':
			return timer && { ...timer, extendable: change.allowed };
	}
}
