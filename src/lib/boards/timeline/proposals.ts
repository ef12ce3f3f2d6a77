import { bullet } from '../synthese/prefill.ts';
import type { TimelineSummary } from './model.ts';

/** The skills of the timeline by category (with the experiences they come from), as text. */
export function skillsText(timeline: TimelineSummary): string {
	if (!Array.isArray(timeline.skills)) return '';
	const lines: string[] = [];
	for (const category of timeline.skills) {
		if (category.skills.length === 0) continue;
		if (lines.length > 0) lines.push('');
		lines.push(`${category.label} :`);
		for (const skill of category.skills) {
			const from = skill.from.length ? ` (${skill.from.join(', ')})` : '';
			lines.push(bullet(`${skill.label}${from}`));
		}
	}
	return lines.join('\n');
}
