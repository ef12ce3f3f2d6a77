import { TIME_ZONE } from '../bilans/values.ts';

/**
 * The app's one set of date formats, for pages, mails and PDFs alike. Instants read in Paris
 * time whatever the zone of the server or the browser (so a server-rendered page matches the
 * hydrated one); calendar days (`YYYY-MM-DD`) and months (`YYYY-MM`) involve no time zone.
 * `locale` is the reader's (`getLocale()`), or 'fr' for the record's documents.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl format is costly next to using one: each is made once and kept. */
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale} ${JSON.stringify(options)}`;
	let made = formats.get(key);
	if (!made) {
		made = new Intl.DateTimeFormat(locale, options);
		formats.set(key, made);
	}
	return made;
}

/** "1 juillet 2026" (long), "01/07/2026" (short): the Paris day of an instant. */
export function formatDate(
	instant: Date,
	locale: string,
	style: 'long' | 'short' = 'long'
): string {
	return format(locale, { dateStyle: style, timeZone: TIME_ZONE }).format(instant);
}

/** "14:05", Paris time. */
export function formatTime(instant: Date, locale: string): string {
	return format(locale, { timeStyle: 'short', timeZone: TIME_ZONE }).format(instant);
}

/**
 * "mercredi 1 juillet 2026 à 14:05" (full), "1 juillet 2026 à 14:05" (long),
 * "01/07/2026 14:05" (short), Paris time.
 */
export function formatDateTime(
	instant: Date,
	locale: string,
	style: 'full' | 'long' | 'short' = 'full'
): string {
	return format(locale, { dateStyle: style, timeStyle: 'short', timeZone: TIME_ZONE }).format(
		instant
	);
}

/** "5 octobre 2026" (long), "05/10/2026" (short) from a `YYYY-MM-DD` calendar day (no time zone). */
export function formatCalendarDate(
	day: string,
	locale: string,
	style: 'long' | 'short' = 'long'
): string {
	const [y, m, d] = day.split('-').map(Number);
	return format(locale, { dateStyle: style, timeZone: 'UTC' }).format(
		new Date(Date.UTC(y!, m! - 1, d!))
	);
}

/** "mars 2015" (or "March 2015") from a `YYYY-MM` month. */
export function formatMonth(month: string, locale: string): string {
	return format(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(`${month}-01T00:00:00Z`)
	);
}
