import type { Content } from 'pdfmake/interfaces';
import { paragraphs } from '../../server/pdf.ts';
import type { CanvasSummary } from './model.ts';

/** The canvas in its snapshot's PDF: its texts only (its drawing is exported as SVG apart). */
export function pdfSection(summary: CanvasSummary): Content[] {
	return [
		{ text: `Textes du tableau (${summary.shapeCount} formes)`, style: 'h2' },
		...(summary.texts.length === 0
			? paragraphs('', 'Aucun texte sur ce tableau.')
			: [{ ul: summary.texts.map((t) => t.text) }])
	];
}
