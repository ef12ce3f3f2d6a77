import { bullet } from '../synthese/prefill.ts';
import type { StorytellingSummary } from './model.ts';

/** The strongest compétences proposed to the synthèse: this many at most. */
const STRONGEST = 12;

/** The portefeuille as text: each compétence with the stories that show it, most evidenced first. */
export function portefeuilleText(summary: StorytellingSummary, limit = Infinity): string {
	if (!Array.isArray(summary.portefeuille)) return '';
	return summary.portefeuille
		.slice(0, limit)
		.map((e) => bullet(`${e.label} (${e.category}) — démontré par : ${e.stories.join(' ; ')}`))
		.join('\n');
}

/** The strongest compétences, for the synthèse's « Compétences et aptitudes ». */
export function strongestText(summary: StorytellingSummary): string {
	const text = portefeuilleText(summary, STRONGEST);
	return text === '' ? '' : `Compétences démontrées par les récits :\n${text}`;
}

/** One story as text: its moment, then situation, tâche, action, résultat. */
export function storyText(story: StorytellingSummary['stories'][number]): string {
	const lines = [`${story.type}${story.source ? ` — ${story.source}` : ''}`];
	for (const part of story.parts) if (part.text) lines.push(`${part.label} : ${part.text}`);
	return lines.join('\n');
}
