import { bullet } from '../synthese/prefill.ts';
import type { EnqueteSummary } from './model.ts';

/** "2027-03-15" → "15/03/2027". */
function frenchDate(iso: string): string {
	const [year, month, day] = iso.split('-');
	return `${day}/${month}/${year}`;
}

/**
 * The enquête métier as text (the synthèse's « Projet(s) professionnel(s) » and the PDF): the
 * verdict on the piste, who was met, what it confirms and what it questions. Empty while nobody
 * was met and nothing was concluded (the suggested questions alone say nothing of the piste).
 */
export function enqueteText(enquete: EnqueteSummary): string {
	const people = Array.isArray(enquete.people) ? enquete.people : [];
	if (people.length === 0 && !enquete.verdict && !enquete.confirme && !enquete.questionne) {
		return '';
	}
	const lines = [`Enquête métier${enquete.piste ? ` — ${enquete.piste}` : ''}`];
	if (enquete.verdict) {
		lines.push(`${enquete.verdict}${enquete.verdictWords ? ` : ${enquete.verdictWords}` : ''}`);
	}
	if (people.length > 0) {
		lines.push('Personnes rencontrées :');
		for (const p of people) {
			const details = [p.role, p.company, p.date ? `le ${frenchDate(p.date)}` : '']
				.filter(Boolean)
				.join(', ');
			lines.push(bullet(details ? `${p.firstName} (${details})` : p.firstName));
		}
	}
	if (enquete.confirme) lines.push(`Ce que ça confirme : ${enquete.confirme}`);
	if (enquete.questionne) lines.push(`Ce que ça questionne : ${enquete.questionne}`);
	return lines.join('\n');
}
