import type { Content, TableCell } from 'pdfmake/interfaces';
import type { HalfDayValue } from '../bilans/half-days.ts';
import { formatMinutes } from '../bilans/values.ts';
import { formatCalendarDate, formatDate, formatDateTime, formatTime } from '../format/dates.ts';
import { m } from '../paraglide/messages.js';
import { recordAudit } from './audit.ts';
import {
	attendanceSheet,
	type AttendanceHalfDay,
	type AttendanceSheet,
	type SignatureView
} from './attendance.service.ts';
import type { Db } from './db/index.ts';
import type { BilanFormat, Funding, Phase } from './db/schema.ts';
import type { Actor } from './permissions.ts';
import type { RendezVous } from './rendezvous.service.ts';
import { keyValueTable, pageFurniture, PDF_COLORS, renderPdf } from './pdf.ts';

/**
 * The attendance sheet for funders (CPF, France Travail, OPCO) and Qualiopi audits, as CSV and
 * PDF: times, mode, phase and signatures per half-day, and the hours. Never board content. The
 * documents are French whatever the reader's language: they go to French funders.
 */

const inFrench = { locale: 'fr' } as const;
const FUNDING: Record<Funding, string> = {
	cpf: m.bilan_funding_cpf({}, inFrench),
	france_travail: m.bilan_funding_france_travail({}, inFrench),
	opco: m.bilan_funding_opco({}, inFrench),
	employeur: m.bilan_funding_employeur({}, inFrench),
	personnel: m.bilan_funding_personnel({}, inFrench)
};
const FORMAT: Record<BilanFormat, string> = {
	presentiel: 'Présentiel',
	distanciel: 'À distance',
	hybride: 'Hybride'
};
export const MODE: Record<RendezVous['mode'], string> = {
	presentiel: 'Présentiel',
	distanciel: 'À distance'
};
const PHASE: Record<Phase, string> = {
	preliminaire: 'Préliminaire',
	investigation: 'Investigation',
	conclusion: 'Conclusion',
	suivi: 'Suivi',
	clos: 'Clos'
};
export const HALF_DAY: Record<HalfDayValue, string> = {
	matin: m.attendance_half_matin({}, inFrench),
	apres_midi: m.attendance_half_apres_midi({}, inFrench)
};
export const NOT_SIGNED = 'non signé';

/** `07/12/2026` from a `YYYY-MM-DD` calendar day. */
export const calendarDay = (day: string) => formatCalendarDate(day, 'fr', 'short');

export const clock = (instant: Date) => formatTime(instant, 'fr');
export const signedAt = (signature: SignatureView | null) =>
	signature ? formatDateTime(signature.signedAt, 'fr', 'short') : NOT_SIGNED;

function halfDays(sheet: AttendanceSheet): AttendanceHalfDay[] {
	return sheet.rendezVous.flatMap((item) => item.halfDays);
}

async function exported(db: Db, actor: Actor, bilanId: string, format: string, now: Date) {
	const sheet = await attendanceSheet(db, actor, bilanId, now);
	await recordAudit(db, {
		organisationId: sheet.bilan.organisationId,
		actorId: actor.id,
		action: 'attendance.export',
		targetType: 'bilan',
		targetId: sheet.bilan.id,
		detail: { format }
	});
	return sheet;
}

/**
 * One CSV field: quoted when it holds the separator, a quote or a line break; and a leading
 * `=`, `+`, `-` or `@` neutralised, so a name can never run as a spreadsheet formula.
 */
export function csvField(value: string | number): string {
	let text = String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Semicolon-separated, UTF-8 with a byte order mark and CRLF, as Excel in France expects. */
export function csvDocument(lines: (string | number)[][]): string {
	return `\uFEFF${lines.map((line) => line.map(csvField).join(';')).join('\r\n')}\r\n`;
}

const CSV_HEADER = [
	'Organisme',
	'Bénéficiaire',
	'Consultant·e',
	'Financement',
	'Date',
	'Demi-journée',
	'Début',
	'Fin',
	'Durée (minutes)',
	'Durée',
	'Modalité',
	'Phase',
	'Signature consultant·e',
	'Signature bénéficiaire'
];

/**
 * The attendance sheet as CSV: semicolon-separated and UTF-8 with a byte order mark, as Excel in
 * France expects; one line per half-day, then the totals.
 */
export async function attendanceCsv(
	db: Db,
	actor: Actor,
	bilanId: string,
	now = new Date()
): Promise<string> {
	const sheet = await exported(db, actor, bilanId, 'csv', now);
	const { bilan, hours } = sheet;
	const people = [sheet.organisationName, bilan.beneficiaryName, bilan.consultantName ?? ''];
	const lines: (string | number)[][] = [CSV_HEADER];
	for (const slot of halfDays(sheet)) {
		lines.push([
			...people,
			FUNDING[bilan.funding],
			calendarDay(slot.day),
			HALF_DAY[slot.halfDay],
			clock(slot.start),
			clock(slot.end),
			slot.minutes,
			formatMinutes(slot.minutes),
			MODE[slot.mode],
			PHASE[slot.phase],
			signedAt(slot.consultant),
			signedAt(slot.beneficiary)
		]);
	}
	const total = (label: string, minutes: number) => [
		label,
		...Array<string>(7).fill(''),
		minutes,
		formatMinutes(minutes)
	];
	lines.push(
		[],
		total('Total des heures réalisées', hours.usedMinutes),
		total('Heures signées par les deux personnes', hours.signedMinutes),
		total('Heures prévues', hours.plannedMinutes),
		total('Maximum légal (R6313-4)', hours.legalMaxMinutes)
	);
	return csvDocument(lines);
}

export function signatureCell(signature: SignatureView | null): TableCell {
	if (!signature) return { text: 'Non signé', italics: true, color: PDF_COLORS.muted };
	return {
		stack: [
			{ text: signature.name },
			{ text: `le ${signedAt(signature)}`, fontSize: 8.5, color: PDF_COLORS.muted }
		]
	};
}

function halfDayTable(sheet: AttendanceSheet): Content {
	const slots = halfDays(sheet);
	if (slots.length === 0) return { text: 'Aucun rendez-vous enregistré.', style: 'muted' };
	const head = [
		'Date',
		'Demi-journée',
		'Horaires',
		'Durée',
		'Modalité',
		'Phase',
		'Consultant·e',
		'Bénéficiaire'
	].map((text): TableCell => ({ text, bold: true, fillColor: '#eef2f7' }));
	return {
		table: {
			headerRows: 1,
			dontBreakRows: true,
			widths: ['auto', 'auto', 'auto', 'auto', 'auto', 'auto', '*', '*'],
			body: [
				head,
				...slots.map((slot): TableCell[] => [
					calendarDay(slot.day),
					HALF_DAY[slot.halfDay],
					`${clock(slot.start)} – ${clock(slot.end)}`,
					formatMinutes(slot.minutes),
					MODE[slot.mode],
					PHASE[slot.phase],
					signatureCell(slot.consultant),
					signatureCell(slot.beneficiary)
				])
			]
		},
		layout: SHEET_TABLE_LAYOUT,
		fontSize: 9.5
	};
}

/** How the signatures were made, at the foot of every attendance sheet. */
export function signatureNote(now: Date): Content {
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

/** The thin rules of the attendance tables. */
export const SHEET_TABLE_LAYOUT = {
	hLineColor: () => PDF_COLORS.rule,
	vLineColor: () => PDF_COLORS.rule
};

/** The attendance sheet as a PDF (landscape A4), with the organisation's page furniture. */
export async function attendancePdf(
	db: Db,
	actor: Actor,
	bilanId: string,
	now = new Date()
): Promise<Uint8Array> {
	const sheet = await exported(db, actor, bilanId, 'pdf', now);
	const { bilan, hours } = sheet;
	const title = 'Feuille de présence';
	const period = bilan.endDate
		? `du ${calendarDay(bilan.startDate)} au ${calendarDay(bilan.endDate)}`
		: `depuis le ${calendarDay(bilan.startDate)}`;
	return renderPdf({
		...pageFurniture({ organisationName: sheet.organisationName, title, generatedAt: now }),
		pageOrientation: 'landscape',
		content: [
			{ text: `${title} — bilan de compétences`, style: 'h1' },
			keyValueTable([
				['Organisme', sheet.organisationName],
				['Bénéficiaire', bilan.beneficiaryName],
				['Consultant·e', bilan.consultantName ?? 'Non désigné·e'],
				['Financement', FUNDING[bilan.funding]],
				['Format', FORMAT[bilan.format]],
				['Bilan', period],
				[
					'Heures réalisées',
					`${formatMinutes(hours.usedMinutes)} sur ${formatMinutes(hours.plannedMinutes)} prévues (maximum légal : ${formatMinutes(hours.legalMaxMinutes)})`
				],
				['Heures signées', `${formatMinutes(hours.signedMinutes)} signées par les deux personnes`]
			]),
			{ text: 'Présence par demi-journée', style: 'h2' },
			halfDayTable(sheet),
			signatureNote(now)
		]
	});
}
