import type { TableCell } from 'pdfmake/interfaces';
import { formatMinutes } from '../bilans/values.ts';
import { m } from '../paraglide/messages.js';
import {
	auditExport,
	calendarDay,
	halfDayCsv,
	halfDayPdf,
	inFrench,
	sheetCsv,
	sheetPdf,
	signatureCell,
	signedAt
} from './attendance-document.ts';
import {
	attendanceSheet,
	type AttendanceHalfDay,
	type AttendanceSheet
} from './attendance.service.ts';
import type { Db } from './db/index.ts';
import type { BilanFormat, Funding, Phase } from './db/schema.ts';
import type { Actor } from './permissions.ts';

/**
 * The attendance sheet for funders (CPF, France Travail, OPCO) and Qualiopi audits, as CSV and
 * PDF: times, mode, phase and signatures per half-day, and the hours. Never board content. The
 * documents are French whatever the reader's language: they go to French funders. The parts a
 * cohort's sheet shares are in `attendance-document.ts`.
 */

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
const PHASE: Record<Phase, string> = {
	preliminaire: 'Préliminaire',
	investigation: 'Investigation',
	conclusion: 'Conclusion',
	suivi: 'Suivi',
	clos: 'Clos'
};

function halfDays(sheet: AttendanceSheet): AttendanceHalfDay[] {
	return sheet.rendezVous.flatMap((item) => item.halfDays);
}

async function exported(db: Db, actor: Actor, bilanId: string, format: string, now: Date) {
	const sheet = await attendanceSheet(db, actor, bilanId, now);
	const { organisationId, id } = sheet.bilan;
	await auditExport(db, actor, { organisationId, targetType: 'bilan', targetId: id }, format);
	return sheet;
}

const CSV_HEADER = [
	'Organisme',
	'Bénéficiaire',
	'Consultant·e',
	'Financement',
	...halfDayCsv.header,
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
	const lines = halfDays(sheet).map((slot) => [
		...people,
		FUNDING[bilan.funding],
		...halfDayCsv.fields(slot, slot.mode),
		PHASE[slot.phase],
		signedAt(slot.consultant),
		signedAt(slot.beneficiary)
	]);
	return sheetCsv(CSV_HEADER, lines, [
		['Total des heures réalisées', hours.usedMinutes],
		['Heures signées par les deux personnes', hours.signedMinutes],
		['Heures prévues', hours.plannedMinutes],
		['Maximum légal (R6313-4)', hours.legalMaxMinutes]
	]);
}

const PDF_HEAD = [...halfDayPdf.head, 'Phase', 'Consultant·e', 'Bénéficiaire'];

/** The attendance sheet as a PDF (landscape A4), with the organisation's page furniture. */
export async function attendancePdf(
	db: Db,
	actor: Actor,
	bilanId: string,
	now = new Date()
): Promise<Uint8Array> {
	const sheet = await exported(db, actor, bilanId, 'pdf', now);
	const { bilan, hours } = sheet;
	const period = bilan.endDate
		? `du ${calendarDay(bilan.startDate)} au ${calendarDay(bilan.endDate)}`
		: `depuis le ${calendarDay(bilan.startDate)}`;
	const rows = halfDays(sheet).map((slot): TableCell[] => [
		...halfDayPdf.cells(slot, slot.mode),
		PHASE[slot.phase],
		signatureCell(slot.consultant),
		signatureCell(slot.beneficiary)
	]);
	return sheetPdf({
		organisationName: sheet.organisationName,
		subject: 'bilan de compétences',
		facts: [
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
		],
		head: PDF_HEAD,
		rows,
		empty: 'Aucun rendez-vous enregistré.',
		now
	});
}
