import type { CentresSummary } from './model.ts';

/** The attracting centres d'intérêt in their order, as text (the synthèse's motivations). */
export function centresText(summary: CentresSummary): string {
	if (!Array.isArray(summary.attire) || summary.attire.length === 0) return '';
	return [
		'Mes centres d’intérêt (ROME), du plus attirant au moins attirant :',
		...summary.attire.map((entry) => `${entry.rank}. ${entry.label}`)
	].join('\n');
}
