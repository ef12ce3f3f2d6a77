import type { IkigaiSummary } from './model.ts';

/** The Ikigai notes zone by zone, as text. */
export function ikigaiText(ikigai: IkigaiSummary): string {
	if (!Array.isArray(ikigai.regions)) return '';
	const filled = ikigai.regions.filter((region) => region.notes.length > 0);
	if (filled.length === 0) return '';
	const lines = ['Ikigai :'];
	for (const region of filled) lines.push(`${region.label} : ${region.notes.join(' ; ')}`);
	return lines.join('\n');
}
