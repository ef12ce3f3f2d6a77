import type { Content } from 'pdfmake/interfaces';
import { formatMinutes } from '../bilans/values.ts';
import type { SyntheseVersion } from './db/schema.ts';
import { courbeContent, ikigaiContent } from './pdf-drawings.ts';
import { formatCalendarDate, formatDate } from '../format/dates.ts';
import { keyValueTable, pageFurniture, paragraphs, renderPdf } from './pdf.ts';
import type { SyntheseContent } from '../boards/synthese/content.ts';

/**
 * The PDF of a validated synthèse: the bilan's people, dates and hours, the five sections, then
 * the Ikigai and the courbe de vie drawn as vectors. Everything comes from the frozen version, so
 * the same version always gives the same document (but for the generation date).
 */

/** The sections of a synthèse, as headings and paragraphs. */
export function sectionsContent(sections: SyntheseContent['sections']): Content[] {
	return sections.flatMap((section): Content[] => [
		{ text: section.label, style: 'h2' },
		...paragraphs(section.text)
	]);
}

/** The drawings of a version, each under its heading, when the bilan had them. */
function drawingsContent(drawings: SyntheseContent['drawings']): Content[] {
	const parts: Content[] = [];
	if (drawings.ikigai) {
		parts.push(
			{ text: 'Ikigai', style: 'h2', pageBreak: 'before' },
			...ikigaiContent(drawings.ikigai)
		);
	}
	if (drawings.courbe) {
		parts.push(
			{ text: 'Courbe de vie', style: 'h2', pageBreak: drawings.ikigai ? undefined : 'before' },
			{ text: 'Satisfaction de −5 à +5 au fil des expériences.', style: 'muted' },
			...courbeContent(drawings.courbe)
		);
	}
	return parts;
}

/** The PDF of a validated version of the synthèse. */
export async function synthesePdf(
	version: SyntheseVersion,
	now: Date = new Date()
): Promise<Uint8Array<ArrayBuffer>> {
	const content = version.content as SyntheseContent;
	const { bilan } = content;
	const period = bilan.endDate
		? `du ${formatCalendarDate(bilan.startDate, 'fr')} au ${formatCalendarDate(bilan.endDate, 'fr')}`
		: `depuis le ${formatCalendarDate(bilan.startDate, 'fr')}`;
	return renderPdf({
		...pageFurniture({
			organisationName: bilan.organisationName,
			title: 'Document de synthèse',
			generatedAt: now
		}),
		content: [
			{ text: 'Document de synthèse du bilan de compétences', style: 'h1' },
			keyValueTable([
				['Bénéficiaire', bilan.beneficiaryName],
				['Consultant·e', bilan.consultantName ?? '—'],
				['Organisme', bilan.organisationName],
				['Bilan', period],
				[
					'Heures',
					`${formatMinutes(bilan.usedMinutes)} sur ${formatMinutes(bilan.plannedMinutes)} prévues`
				],
				[
					'Validé',
					`version ${version.version}, le ${formatDate(version.validatedAt, 'fr')} par ${content.validatedByName}`
				]
			]),
			{
				text: 'Ce document appartient au ou à la bénéficiaire (article L6313-4 du Code du travail) : il ne peut être communiqué à un tiers qu’avec son accord.',
				style: ['muted', 'small'],
				margin: [0, 0, 0, 6]
			},
			...sectionsContent(content.sections),
			...drawingsContent(content.drawings)
		]
	});
}
