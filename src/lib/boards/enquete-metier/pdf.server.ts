import type { Content } from 'pdfmake/interfaces';
import { paragraphs } from '../../server/pdf.ts';
import { bullet } from '../synthese/prefill.ts';
import type { EnqueteSummary } from './model.ts';

/**
 * The enquête métier in its snapshot's PDF: the verdict and conclusion, the questions, then each
 * interview with its notes.
 */
export function pdfSection(summary: EnqueteSummary): Content[] {
	const parts: Content[] = [];
	if (summary.piste) parts.push({ text: `Piste : ${summary.piste}`, style: 'h2' });
	parts.push(
		{ text: 'Verdict', style: 'h2' },
		...paragraphs(
			[summary.verdict, summary.verdictWords].filter(Boolean).join(' — '),
			'Pas encore de verdict.'
		),
		{ text: 'Ce que ça confirme', style: 'h2' },
		...paragraphs(summary.confirme, '—'),
		{ text: 'Ce que ça questionne', style: 'h2' },
		...paragraphs(summary.questionne, '—'),
		{ text: 'Questions à poser', style: 'h2' },
		...paragraphs(summary.questions.map(bullet).join('\n'), 'Aucune question.'),
		{ text: 'Personnes rencontrées', style: 'h2' }
	);
	if (summary.people.length === 0) parts.push(...paragraphs('', 'Personne pour l’instant.'));
	for (const p of summary.people) {
		const details = [p.role, p.company, p.date].filter(Boolean).join(' · ');
		parts.push({
			stack: [
				{ text: p.firstName, bold: true },
				...(details ? [{ text: details, style: 'muted' }] : []),
				...(p.notes ? paragraphs(p.notes) : [])
			],
			margin: [0, 0, 0, 6]
		});
	}
	return parts;
}
