import { m } from '$lib/paraglide/messages';
import type { FormatValue, FundingValue, PhaseValue, RdvModeValue } from './values.ts';

/** Words people read for the bilan's closed vocabularies, in the current language. */
const phases: Record<PhaseValue, () => string> = {
	preliminaire: m.bilan_phase_preliminaire,
	investigation: m.bilan_phase_investigation,
	conclusion: m.bilan_phase_conclusion,
	suivi: m.bilan_phase_suivi,
	clos: m.bilan_phase_clos
};

/** What the phase means for the beneficiary, without jargon. */
const plainPhases: Record<PhaseValue, () => string> = {
	preliminaire: m.bilan_phase_plain_preliminaire,
	investigation: m.bilan_phase_plain_investigation,
	conclusion: m.bilan_phase_plain_conclusion,
	suivi: m.bilan_phase_plain_suivi,
	clos: m.bilan_phase_plain_clos
};

const fundings: Record<FundingValue, () => string> = {
	cpf: m.bilan_funding_cpf,
	france_travail: m.bilan_funding_france_travail,
	opco: m.bilan_funding_opco,
	employeur: m.bilan_funding_employeur,
	personnel: m.bilan_funding_personnel
};

const formats: Record<FormatValue, () => string> = {
	presentiel: m.bilan_format_presentiel,
	distanciel: m.bilan_format_distanciel,
	hybride: m.bilan_format_hybride
};

const modes: Record<RdvModeValue, () => string> = {
	presentiel: m.bilan_mode_presentiel,
	distanciel: m.bilan_mode_distanciel
};

export const phaseLabel = (phase: PhaseValue) => phases[phase]();
export const phasePlain = (phase: PhaseValue) => plainPhases[phase]();
export const fundingLabel = (funding: FundingValue) => fundings[funding]();
export const formatLabel = (format: FormatValue) => formats[format]();
export const modeLabel = (mode: RdvModeValue) => modes[mode]();
