import type { Content } from 'pdfmake/interfaces';
import { courbeContent } from '../../server/pdf-drawings.ts';
import { paragraphs } from '../../server/pdf.ts';
import type { TimelineSummary } from './model.ts';
import { skillsText } from './proposals.ts';

/** The timeline in its snapshot's PDF: the courbe de vie, the experiences lane by lane, skills. */
export function pdfSection(summary: TimelineSummary): Content[] {
	const parts: Content[] = [];
	if (summary.courbe.length > 0) {
		parts.push({ text: 'Courbe de vie', style: 'h2' }, ...courbeContent(summary.courbe));
	}
	for (const lane of summary.lanes) {
		if (lane.experiences.length === 0) continue;
		parts.push({ text: lane.label, style: 'h2' });
		for (const e of lane.experiences) {
			const period = `${e.start} → ${e.end ?? 'en cours'}`;
			parts.push({
				stack: [
					{ text: [e.title, e.organisation ? ` — ${e.organisation}` : ''], bold: true },
					{
						text: `${period} · satisfaction ${e.satisfaction > 0 ? '+' : ''}${e.satisfaction}`,
						style: 'muted'
					},
					...(e.description ? paragraphs(e.description) : [])
				],
				margin: [0, 0, 0, 6],
				unbreakable: true
			});
		}
	}
	parts.push(
		{ text: 'Compétences', style: 'h2' },
		...paragraphs(skillsText(summary), 'Aucune compétence notée.')
	);
	return parts;
}
