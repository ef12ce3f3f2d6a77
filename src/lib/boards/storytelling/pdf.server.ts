import type { Content } from 'pdfmake/interfaces';
import { paragraphs } from '../../server/pdf.ts';
import type { StorytellingSummary } from './model.ts';
import { portefeuilleText, storyText } from './proposals.ts';

/** The storytelling in its snapshot's PDF: each story told, then the portefeuille. */
export function pdfSection(summary: StorytellingSummary): Content[] {
	const parts: Content[] = [{ text: 'Récits', style: 'h2' }];
	if (summary.stories.length === 0) parts.push(...paragraphs('', 'Aucun récit.'));
	for (const story of summary.stories) {
		parts.push({
			stack: [{ text: story.title, bold: true }, ...paragraphs(storyText(story))],
			margin: [0, 0, 0, 6]
		});
	}
	parts.push(
		{ text: 'Portefeuille de compétences', style: 'h2' },
		...paragraphs(portefeuilleText(summary), 'Aucune compétence notée.')
	);
	return parts;
}
