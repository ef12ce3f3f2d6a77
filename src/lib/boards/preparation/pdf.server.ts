import type { Content } from 'pdfmake/interfaces';
import { paragraphs } from '../../server/pdf.ts';
import type { PreparationSummary } from './model.ts';
import { circonstancesText, contraintesText } from './proposals.ts';

/** « Pourquoi ce bilan ? » in its snapshot's PDF: the person's words, then the constraints. */
export function pdfSection(summary: PreparationSummary): Content[] {
	return [
		{ text: 'Pourquoi ce bilan ?', style: 'h2' },
		...paragraphs(circonstancesText(summary), 'Rien n’est encore écrit.'),
		{ text: 'Contraintes à respecter', style: 'h2' },
		...paragraphs(contraintesText(summary), 'Aucune contrainte notée.')
	];
}
