import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';
import type { HalfDayValue } from '$lib/bilans/half-days';
import { formatDate, formatTime } from '$lib/format/dates';
import { m } from '$lib/paraglide/messages';

/**
 * Words and formats of the attendance sheets (a bilan's rendez-vous, a cohort's group séances),
 * shared by their components.
 */
export interface HalfDayRow {
	day: string;
	halfDay: HalfDayValue;
	start: Date;
	/** The half-day has started: it can be signed. */
	open: boolean;
}

export function halfDayLabel(halfDay: HalfDayValue): string {
	return halfDay === 'matin' ? m.attendance_half_matin() : m.attendance_half_apres_midi();
}

/** "7 décembre 2026 14:05", Paris time (the day too: a signature may come later). */
export function formatSignedAt(instant: Date, locale: string): string {
	return `${formatDate(instant, locale)} ${formatTime(instant, locale)}`;
}

/**
 * Form enhancement that keeps keyboard and screen-reader users in place: on failure the focus
 * goes to the first field to fix; on success the form disappears, so the focus moves to what
 * replaced it (`successTarget`, an element id with tabindex="-1").
 */
export function keepFocus(successTarget: string, reset: boolean): SubmitFunction {
	return ({ formElement }) =>
		async ({ result, update }) => {
			await update({ reset });
			await tick();
			if (result.type === 'failure') {
				formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
			} else if (result.type === 'success') {
				document.getElementById(successTarget)?.focus();
			}
		};
}
