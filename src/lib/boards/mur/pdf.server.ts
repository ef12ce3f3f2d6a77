import type { Content } from 'pdfmake/interfaces';
import { paragraphs } from '../../server/pdf.ts';
import type { WallSummary } from './model.ts';
import { wallSections } from './text.ts';

/** The group wall in its snapshot's PDF: each cluster with its items, then the loose ones. */
export function pdfSection(summary: WallSummary): Content[] {
	const sections = wallSections(summary);
	if (sections.length === 0) return paragraphs('', 'Rien n’a encore été partagé sur le mur.');
	return sections.flatMap((section) => [
		{ text: section.title, style: 'h2' },
		...paragraphs(section.lines.join('\n'))
	]);
}
