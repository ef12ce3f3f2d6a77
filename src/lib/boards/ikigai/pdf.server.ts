import type { Content } from 'pdfmake/interfaces';
import { ikigaiContent } from '../../server/pdf-drawings.ts';
import type { IkigaiSummary } from './model.ts';

/** The Ikigai in its snapshot's PDF: drawn as vectors, then its notes. */
export function pdfSection(summary: IkigaiSummary): Content[] {
	return ikigaiContent({ regions: summary.regions });
}
