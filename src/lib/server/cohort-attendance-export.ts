import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatMinutes } from '../bilans/values.ts';
import {
	calendarDay,
	clock,
	csvDocument,
	HALF_DAY,
	MODE,
	SHEET_TABLE_LAYOUT,
	signatureCell,
	signatureNote,
	signedAt
} from './attendance-export.ts';
import { recordAudit } from './audit.ts';
import {
	cohortAttendanceSheet,
	type CohortAttendanceHalfDay,
	type CohortAttendanceSheet,
	type CohortSigner
} from './cohort-attendance.service.ts';
import type { Db } from './db/index.ts';
import { keyValueTable, pageFurniture, renderPdf } from './pdf.ts';
import { PermissionError, type Actor } from './permissions.ts';

/**
 * A cohort's attendance sheet for funders and audits, in the bilan's formats (CSV for a
 * spreadsheet, landscape PDF with the organisation's furniture): one sheet per cohort, its group
 * séances in time order, one line per half-day and person. Names and times only, never content;
 * for the facilitator and the organisation's admins (a participant reads their own line on the
 * page, but the sheet holds everyone's names).
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
	await recordAudit(db, {
		organisationId: sheet.cohort.organisationId,
		actorId: actor.id,
		action: 'attendance.export',
		targetType: 'cohort',
		targetId: sheet.cohort.id,
		detail: { format }
	});
	return sheet;
}

interface Line {
	slot: CohortAttendanceHalfDay;
	mode: string;
	signer: CohortSigner;
}

function lines(sheet: CohortAttendanceSheet): Line[] {
	return sheet.seances.flatMap(({ seance, halfDays }) =>
		halfDays.flatMap((slot) =>
			sheet.signers.map((signer) => ({ slot, mode: MODE[seance.mode], signer }))
		)
	);
}

/** Minutes of the half-days a person signed. */
function signedMinutes(sheet: CohortAttendanceSheet, signer: CohortSigner): number {
	return sheet.seances
		.flatMap((s) => s.halfDays)
		.filter((slot) => slot.signatures[signer.id])
		.reduce((sum, slot) => sum + slot.minutes, 0);
}

const CSV_HEADER = [
	'Organisme',
	'Cohorte',
	'Date',
	'Demi-journée',
	'Début',
	'Fin',
	'Durée (minutes)',
	'Durée',
	'Modalité',
	'Personne',
	'Rôle',
	'Signature'
];

/** The cohort's sheet as CSV (the bilan's conventions: `;`, BOM, CRLF), then each person's hours. */
export async function cohortAttendanceCsv(
	db: Db,
	actor: Actor,
	cohortId: string,
	now = new Date()
): Promise<string> {
	const sheet = await exported(db, actor, cohortId, 'csv', now);
	const rows: (string | number)[][] = [CSV_HEADER];
	for (const { slot, mode, signer } of lines(sheet)) {
		rows.push([
			sheet.organisationName,
			sheet.cohort.name,
			calendarDay(slot.day),
			HALF_DAY[slot.halfDay],
			clock(slot.start),
			clock(slot.end),
			slot.minutes,
			formatMinutes(slot.minutes),
			mode,
			signer.name,
			ROLE[signer.role],
			signedAt(slot.signatures[signer.id] ?? null)
		]);
	}
	rows.push([]);
	for (const signer of sheet.signers) {
		const minutes = signedMinutes(sheet, signer);
		rows.push([
			`Heures signées : ${signer.name}`,
			...Array<string>(5).fill(''),
			minutes,
			formatMinutes(minutes)
		]);
	}
	return csvDocument(rows);
}

function seanceTable(sheet: CohortAttendanceSheet): Content {
	const all = lines(sheet);
	if (all.length === 0) return { text: 'Aucune séance de groupe enregistrée.', style: 'muted' };
	const head = [
		'Date',
		'Demi-journée',
		'Horaires',
		'Durée',
		'Modalité',
		'Personne',
		'Signature'
	].map((text): TableCell => ({ text, bold: true, fillColor: '#eef2f7' }));
	return {
		table: {
			headerRows: 1,
			dontBreakRows: true,
			widths: ['auto', 'auto', 'auto', 'auto', 'auto', '*', '*'],
			body: [
				head,
				...all.map(({ slot, mode, signer }): TableCell[] => [
					calendarDay(slot.day),
					HALF_DAY[slot.halfDay],
					`${clock(slot.start)} – ${clock(slot.end)}`,
					formatMinutes(slot.minutes),
					mode,
					`${signer.name} (${ROLE[signer.role]})`,
					signatureCell(slot.signatures[signer.id] ?? null)
				])
			]
		},
		layout: SHEET_TABLE_LAYOUT,
		fontSize: 9.5
	};
}

/** The cohort's sheet as a PDF (landscape A4), with the organisation's page furniture. */
export async function cohortAttendancePdf(
	db: Db,
	actor: Actor,
	cohortId: string,
	now = new Date()
): Promise<Uint8Array> {
	const sheet = await exported(db, actor, cohortId, 'pdf', now);
	const title = 'Feuille de présence';
	const facilitator = sheet.signers.find((s) => s.role === 'consultant');
	return renderPdf({
		...pageFurniture({ organisationName: sheet.organisationName, title, generatedAt: now }),
		pageOrientation: 'landscape',
		content: [
			{ text: `${title} — cohorte de pré-bilan`, style: 'h1' },
			keyValueTable([
				['Organisme', sheet.organisationName],
				['Cohorte', sheet.cohort.name],
				['Animation', facilitator?.name ?? 'Non désigné·e'],
				['Début', calendarDay(sheet.cohort.startDate)],
				['Séances de groupe', String(sheet.seances.length)],
				['Participants', String(sheet.signers.filter((s) => s.role === 'beneficiary').length)]
			]),
			{ text: 'Présence par demi-journée', style: 'h2' },
			seanceTable(sheet),
			signatureNote(now)
		]
	});
}
