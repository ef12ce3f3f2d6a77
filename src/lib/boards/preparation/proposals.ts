import { bullet } from '../synthese/prefill.ts';
import type { PreparationSummary } from './model.ts';

/** Labelled blocks of text, those without content left out. */
function blocks(parts: readonly { label: string; text: string }[]): string {
	return parts
		.filter((part) => part.text.trim() !== '')
		.map((part) => `${part.label} :\n${part.text.trim()}`)
		.join('\n\n');
}

/**
 * The circonstances du bilan in the people's own words: the problématique, then what they wrote
 * of their situation, why they came and what they expect, then the objectives.
 */
export function circonstancesText(summary: PreparationSummary): string {
	if (!Array.isArray(summary.rubrics)) return '';
	const problematique =
		summary.problematiques.length > 0
			? [{ label: 'Problématique de départ', text: summary.problematiques.join(', ') }]
			: [];
	const objectifs =
		summary.objectifs.length > 0
			? [{ label: 'Objectifs du bilan', text: summary.objectifs.map(bullet).join('\n') }]
			: [];
	return blocks([...problematique, ...summary.rubrics, ...objectifs]);
}

/** The external constraints, as text (the action plan's side, the PDF). */
export function contraintesText(summary: PreparationSummary): string {
	return Array.isArray(summary.contraintes) ? blocks(summary.contraintes) : '';
}
