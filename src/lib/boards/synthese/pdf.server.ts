import type { Content } from 'pdfmake/interfaces';
import { sectionsContent } from '../../server/pdf-synthese.ts';
import type { SyntheseSummary } from './model.ts';

/** A snapshot of the synthèse in its PDF: its sections. */
export function pdfSection(summary: SyntheseSummary): Content[] {
	return sectionsContent(summary.sections);
}
