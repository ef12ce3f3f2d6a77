import { bullet } from '../synthese/prefill.ts';
import type { ValuesSummary } from './model.ts';

/** The top values (why, satisfaction) and the gaps, as text. */
export function valuesText(values: ValuesSummary): string {
	if (!Array.isArray(values.top) || values.top.length === 0) return '';
	const lines = ['Mes valeurs les plus importantes :'];
	for (const value of values.top) {
		const details = [
			value.why ? `pourquoi : ${value.why}` : '',
			value.satisfaction === null ? '' : `satisfaction aujourd’hui : ${value.satisfaction}/10`
		].filter(Boolean);
		lines.push(`${value.rank}. ${value.label}${details.length ? ` — ${details.join(' ; ')}` : ''}`);
	}
	if (Array.isArray(values.gaps) && values.gaps.length > 0) {
		lines.push('', 'Les écarts à regarder (importantes, mais peu vécues aujourd’hui) :');
		for (const gap of values.gaps) lines.push(bullet(`${gap.label} (écart ${gap.gap})`));
	}
	return lines.join('\n');
}
