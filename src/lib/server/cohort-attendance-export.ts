import type { TableCell } from 'pdfmake/interfaces';
import {
	auditExport,
	calendarDay,
	halfDayCsv,
	halfDayPdf,
	sheetCsv,
	sheetPdf,
	signatureCell,
	signedAt
} from './attendance-document.ts';
import {
	cohortAttendanceSheet,
	type CohortAttendanceHalfDay,
	type CohortAttendanceSeance,
	type CohortAttendanceSheet,
	type CohortSigner
} from './cohort-attendance.service.ts';
import type { Db } from './db/index.ts';
import { PermissionError, type Actor } from './permissions.ts';

/**
 * A cohort's attendance sheet for funders and audits, in the bilan's formats (CSV for a
 * spreadsheet, landscape PDF with the organisation's furniture, shared in
 * `attendance-document.ts`): one sheet per cohort, its group séances in time order, one line per
 * half-day and person. Names and times only, never content; for the facilitator and the
 * organisation's admins (a participant reads their own line on the page, but the sheet holds
 * everyone's names).
 */

const ROLE: Record<CohortSigner['role'], string> = {
	consultant: 'Animation',
	beneficiary: 'Participant·e'
};

async function exported(db: Db, actor: Actor, cohortId: string, format: string, now: Date) {
	const sheet = await cohortAttendanceSheet(db, actor, cohortId, now);
	if (!sheet.seesAll) {
		throw new PermissionError(
			'forbidden',
			'La feuille de présence de la cohorte est exportée par la personne qui l’anime ou l’administration.'
		);
	}
	const { organisationId, id } = sheet.cohort;
	await auditExport(db, actor, { organisationId, targetType: 'cohort', targetId: id }, format);
	return sheet;
}

interface Line {
	slot: CohortAttendanceHalfDay;
	mode: CohortAttendanceSeance['seance']['mode'];
	signer: CohortSigner;
}

function lines(sheet: CohortAttendanceSheet): Line[] {
	return sheet.seances.flatMap(({ seance, halfDays }) =>
		halfDays.flatMap((slot) => sheet.signers.map((signer) => ({ slot, mode: seance.mode, signer })))
	);
}

/** Minutes of the half-days a person signed. */
function signedMinutes(sheet: CohortAttendanceSheet, signer: CohortSigner): number {
	return sheet.seances
		.flatMap((s) => s.halfDays)
		.filter((slot) => slot.signatures[signer.id])
		.reduce((sum, slot) => sum + slot.minutes, 0);
}

const CSV_HEADER = ['Organisme', 'Cohorte', ...halfDayCsv.header, 'Personne', 'Rôle', 'Signature'];

/** The cohort's sheet as CSV (the bilan's conventions: `;`, BOM, CRLF), then each person's hours. */
export async function cohortAttendanceCsv(
	db: Db,
	actor: Actor,
	cohortId: string,
	now = new Date()
): Promise<string> {
	const sheet = await exported(db, actor, cohortId, 'csv', now);
	const rows = lines(sheet).map(({ slot, mode, signer }) => [
		sheet.organisationName,
		sheet.cohort.name,
		...halfDayCsv.fields(slot, mode),
		signer.name,
		ROLE[signer.role],
		signedAt(slot.signatures[signer.id] ?? null)
	]);
	return sheetCsv(
		CSV_HEADER,
		rows,
		sheet.signers.map((signer) => [`Heures signées : ${signer.name}`, signedMinutes(sheet, signer)])
	);
}

const PDF_HEAD = [...halfDayPdf.head, 'Personne', 'Signature'];

/** The cohort's sheet as a PDF (landscape A4), with the organisation's page furniture. */
export async function cohortAttendancePdf(
	db: Db,
	actor: Actor,
	cohortId: string,
	now = new Date()
): Promise<Uint8Array> {
	const sheet = await exported(db, actor, cohortId, 'pdf', now);
	const facilitator = sheet.signers.find((s) => s.role === 'consultant');
	const rows = lines(sheet).map(({ slot, mode, signer }): TableCell[] => [
		...halfDayPdf.cells(slot, mode),
		`${signer.name} (${ROLE[signer.role]})`,
		signatureCell(slot.signatures[signer.id] ?? null)
	]);
	return sheetPdf({
		organisationName: sheet.organisationName,
		subject: 'cohorte de pré-bilan',
		facts: [
			['Organisme', sheet.organisationName],
			['Cohorte', sheet.cohort.name],
			['Animation', facilitator?.name ?? 'Non désigné·e'],
			['Début', calendarDay(sheet.cohort.startDate)],
			['Séances de groupe', String(sheet.seances.length)],
			['Participants', String(sheet.signers.filter((s) => s.role === 'beneficiary').length)]
		],
		head: PDF_HEAD,
		rows,
		empty: 'Aucune séance de groupe enregistrée.',
		now
	});
}
