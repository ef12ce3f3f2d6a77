import type { Content, TableCell } from 'pdfmake/interfaces';
import type { HalfDaySlot, HalfDayValue } from '../bilans/half-days.ts';
import { formatMinutes } from '../bilans/values.ts';
import { formatCalendarDate, formatDate, formatDateTime, formatTime } from '../format/dates.ts';
import { m } from '../paraglide/messages.js';
import { recordAudit } from './audit.ts';
import type { SignatureRecord, SignatureView } from './attendance.service.ts';
import type { Db } from './db/index.ts';
import type { Actor } from './permissions.ts';
import type { RendezVous } from './rendezvous.service.ts';
import { keyValueTable, pageFurniture, PDF_COLORS, renderPdf } from './pdf.ts';

/**
 * What every attendance sheet shares, a bilan's (`attendance-export.ts`) or a cohort's
 * (`cohort-attendance-export.ts`): the audit of an export, the CSV conventions, the half-day
 * columns and the PDF around the table. A funder reads both sheets side by side, so they must
 * not drift apart. French whatever the reader's language: they go to French funders.
 */

/** Messages in French whatever the reader's language (the sheets go to French funders). */
export const inFrench = { locale: 'fr' } as const;

/** How a séance (a rendez-vous or a group séance) takes place. */
type Mode = RendezVous['mode'];
const MODE: Record<Mode, string> = {
	presentiel: 'Présentiel',
	distanciel: 'À distance'
};
const HALF_DAY: Record<HalfDayValue, string> = {
	matin: m.attendance_half_matin({}, inFrench),
	apres_midi: m.attendance_half_apres_midi({}, inFrench)
};
const NOT_SIGNED = 'non signé';

/** `07/12/2026` from a `YYYY-MM-DD` calendar day. */
export const calendarDay = (day: string) => formatCalendarDate(day, 'fr', 'short');

const clock = (instant: Date) => formatTime(instant, 'fr');
/** When a half-day was signed, or `non signé` (CSV). */
export const signedAt = (signature: SignatureView | null) =>
	signature ? formatDateTime(signature.signedAt, 'fr', 'short') : NOT_SIGNED;

/** Every export of a sheet is in the audit trail, with its format (who took names and times). */
export async function auditExport(
	db: Db,
	actor: Actor,
	target: SignatureRecord['audit'],
	format: string
): Promise<void> {
	await recordAudit(db, {
		organisationId: target.organisationId,
		actorId: actor.id,
		action: 'attendance.export',
		targetType: target.targetType,
		targetId: target.targetId,
		detail: { format }
	});
}

/**
 * One CSV field: quoted when it holds the separator, a quote or a line break; and a leading
 * `=`, `+`, `-` or `@` neutralised, so a name can never run as a spreadsheet formula.
 */
function csvField(value: string | number): string {
	let text = String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Semicolon-separated, UTF-8 with a byte order mark and CRLF, as Excel in France expects. */
function csvDocument(lines: (string | number)[][]): string {
	return `\uFEFF${lines.map((line) => line.map(csvField).join(';')).join('\r\n')}\r\n`;
}

/**
 * The columns of one half-day in a CSV line: their titles, and their values for a half-day and
 * the mode of its séance (side by side, so they cannot fall out of step).
 */
export const halfDayCsv = {
	header: ['Date', 'Demi-journée', 'Début', 'Fin', 'Durée (minutes)', 'Durée', 'Modalité'],
	fields: (slot: HalfDaySlot, mode: Mode): (string | number)[] => [
		calendarDay(slot.day),
		HALF_DAY[slot.halfDay],
		clock(slot.start),
		clock(slot.end),
		slot.minutes,
		formatMinutes(slot.minutes),
		MODE[mode]
	]
};

/**
 * A line of hours under the lines: the label in the first column, the minutes and the duration
 * under the header's own `Durée (minutes)` and `Durée`, so a spreadsheet sums them in place.
 */
function hoursLine(header: string[], label: string, minutes: number): (string | number)[] {
	const blanks = header.indexOf('Durée (minutes)') - 1;
	return [label, ...Array<string>(blanks).fill(''), minutes, formatMinutes(minutes)];
}

/**
 * A sheet as CSV: the header, one line per half-day (and person), a blank line, then the hours,
 * each a label and its minutes.
 */
export function sheetCsv(
	header: string[],
	lines: (string | number)[][],
	hours: [label: string, minutes: number][]
): string {
	const totals = hours.map(([label, minutes]) => hoursLine(header, label, minutes));
	return csvDocument([header, ...lines, [], ...totals]);
}

/** Who signed a half-day and when, or a muted `Non signé` (PDF). */
export function signatureCell(signature: SignatureView | null): TableCell {
	if (!signature) return { text: 'Non signé', italics: true, color: PDF_COLORS.muted };
	return {
		stack: [
			{ text: signature.name },
			{ text: `le ${signedAt(signature)}`, fontSize: 8.5, color: PDF_COLORS.muted }
		]
	};
}

/** The columns of one half-day in a PDF row, as {@link halfDayCsv} for the CSV. */
export const halfDayPdf = {
	head: ['Date', 'Demi-journée', 'Horaires', 'Durée', 'Modalité'],
	cells: (slot: HalfDaySlot, mode: Mode): TableCell[] => [
		calendarDay(slot.day),
		HALF_DAY[slot.halfDay],
		`${clock(slot.start)} – ${clock(slot.end)}`,
		formatMinutes(slot.minutes),
		MODE[mode]
	]
};

/** The thin rules of the attendance tables. */
const SHEET_TABLE_LAYOUT = {
	hLineColor: () => PDF_COLORS.rule,
	vLineColor: () => PDF_COLORS.rule
};

/**
 * The table of a sheet, one row per line, its header repeated on every page and no row split
 * across two; the last two columns (people and signatures) share the width the others leave.
 * `empty` stands in for a sheet with nothing to sign yet.
 */
function sheetTable({ head, rows, empty }: SheetPdfInput): Content {
	if (rows.length === 0) return { text: empty, style: 'muted' };
	return {
		table: {
			headerRows: 1,
			dontBreakRows: true,
			widths: head.map((_, i) => (i < head.length - 2 ? 'auto' : '*')),
			body: [head.map((text): TableCell => ({ text, bold: true, fillColor: '#eef2f7' })), ...rows]
		},
		layout: SHEET_TABLE_LAYOUT,
		fontSize: 9.5
	};
}

/** How the signatures were made, at the foot of every attendance sheet. */
function signatureNote(now: Date): Content {
	return {
		text:
			'Signature électronique simple : chaque personne a signé elle-même, connectée à son compte, ' +
			'par un clic explicite, une fois la demi-journée commencée. La date et l’heure, le nom, ' +
			'l’adresse IP et le navigateur de chaque signature sont conservés. Matin : avant 13 h ; ' +
			`après-midi : à partir de 13 h (heure de Paris). Document établi le ${formatDate(now, 'fr')}.`,
		style: ['muted', 'small'],
		margin: [0, 12, 0, 0]
	};
}

/** What a sheet's PDF says about its subject, around the table. */
export interface SheetPdfInput {
	organisationName: string;
	/** After the title: `bilan de compétences`, `cohorte de pré-bilan`. */
	subject: string;
	/** The "Label : value" block above the table. */
	facts: [string, string][];
	/** The table's column titles, then its rows (the last two columns are the widest). */
	head: string[];
	rows: TableCell[][];
	/** What the PDF says instead of an empty table. */
	empty: string;
	now: Date;
}

/**
 * A sheet as a PDF (landscape A4, for the wide table), with the organisation's page furniture
 * and, at the foot, how the signatures were made.
 */
export function sheetPdf(input: SheetPdfInput): Promise<Uint8Array> {
	const title = 'Feuille de présence';
	return renderPdf({
		...pageFurniture({
			organisationName: input.organisationName,
			title,
			generatedAt: input.now
		}),
		pageOrientation: 'landscape',
		content: [
			{ text: `${title} — ${input.subject}`, style: 'h1' },
			keyValueTable(input.facts),
			{ text: 'Présence par demi-journée', style: 'h2' },
			sheetTable(input),
			signatureNote(input.now)
		]
	});
}
