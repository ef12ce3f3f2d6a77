import type { Content } from 'pdfmake/interfaces';
import { paragraphs } from '../../server/pdf.ts';
import type { ActionPlanSummary } from './model.ts';
import { actionsText, pistesText } from './proposals.ts';

/** The action plan in its snapshot's PDF: the pistes, then the actions piste by piste. */
export function pdfSection(summary: ActionPlanSummary): Content[] {
	return [
		{ text: 'Pistes', style: 'h2' },
		...paragraphs(pistesText(summary), 'Aucune piste.'),
		{ text: 'Actions', style: 'h2' },
		...paragraphs(actionsText(summary), 'Aucune action.')
	];
}
