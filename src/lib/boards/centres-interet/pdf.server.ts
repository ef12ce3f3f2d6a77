import type { Content } from 'pdfmake/interfaces';
import { paragraphs } from '../../server/pdf.ts';
import type { CentresSummary } from './model.ts';
import { centresText } from './proposals.ts';
import { ROME_VERSION } from './centres.ts';

/** The centres d'intérêt in their snapshot's PDF: the ranking, then the piles, and the source. */
export function pdfSection(summary: CentresSummary): Content[] {
	const piles = summary.piles.filter((pile) => pile.centres.length > 0);
	return [
		{ text: 'Ce qui m’attire', style: 'h2' },
		...paragraphs(centresText(summary), 'Aucun centre d’intérêt ne m’attire encore.'),
		{ text: 'Tri des centres d’intérêt', style: 'h2' },
		...piles.map((pile): Content => ({
			text: [{ text: `${pile.label} : `, bold: true }, pile.centres.join(', ')]
		})),
		{ text: `Source : France Travail, ROME 4.0 (v${ROME_VERSION})`, fontSize: 8 }
	];
}
