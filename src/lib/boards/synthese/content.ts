import type { SyntheseSummary } from './model.ts';
import type { SyntheseDrawings } from './prefill.ts';

/**
 * The frozen content of a validated version of the synthèse (`synthese_versions.content`): all
 * the PDF, the version page and the share page need, so they never read live data.
 */
export interface SyntheseContent {
	sections: SyntheseSummary['sections'];
	drawings: SyntheseDrawings;
	bilan: {
		organisationName: string;
		beneficiaryName: string;
		consultantName: string | null;
		startDate: string;
		endDate: string | null;
		plannedMinutes: number;
		usedMinutes: number;
	};
	validatedByName: string;
}
