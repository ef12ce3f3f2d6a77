import type { Content } from 'pdfmake/interfaces';
import { paragraphs } from '../../server/pdf.ts';
import type { ValuesSummary } from './model.ts';
import { valuesText } from './proposals.ts';

/** The values board in its snapshot's PDF: the ranking, then the piles. */
export function pdfSection(summary: ValuesSummary): Content[] {
	const piles = summary.piles.filter((pile) => pile.values.length > 0);
	return [
		{ text: 'Classement', style: 'h2' },
		...paragraphs(valuesText(summary), 'Aucune valeur classée.'),
		{ text: 'Tri des cartes', style: 'h2' },
		...(piles.length === 0
			? paragraphs('', 'Aucune carte triée.')
			: piles.map((pile): Content => ({
					text: [{ text: `${pile.label} : `, bold: true }, pile.values.join(', ')]
				})))
	];
}
