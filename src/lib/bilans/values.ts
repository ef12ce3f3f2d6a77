/**
 * The closed vocabularies of a bilan and the hour rules, shared by the server (validation) and the
 * browser (forms, labels). Kept free of server imports so pages can use it; the server checks
 * that these lists match the database enums (bilans.service.ts).
 */
export const PHASES = ['preliminaire', 'investigation', 'conclusion', 'suivi', 'clos'] as const;
export const FUNDINGS = ['cpf', 'france_travail', 'opco', 'employeur', 'personnel'] as const;
export const FORMATS = ['presentiel', 'distanciel', 'hybride'] as const;
export const RDV_MODES = ['presentiel', 'distanciel'] as const;

export type PhaseValue = (typeof PHASES)[number];
export type FundingValue = (typeof FUNDINGS)[number];
export type FormatValue = (typeof FORMATS)[number];
export type RdvModeValue = (typeof RDV_MODES)[number];

/** R6313-4: a bilan de compétences lasts 24 hours at most. */
export const LEGAL_MAX_MINUTES = 24 * 60;
export const RDV_MIN_MINUTES = 15;
export const RDV_MAX_MINUTES = 8 * 60;
/** The time zone dates are entered and shown in: the organisations are French. */
export const TIME_ZONE = 'Europe/Paris';

/** The phase after `phase`, or null at the end of the path. */
export function nextPhase(phase: PhaseValue): PhaseValue | null {
	return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

/**
 * How hours used compare with the plan: past the plan deserves a warning, past 24 hours a
 * stronger one because funders will not pay for it.
 */
export type HoursStatus = 'ok' | 'over_planned' | 'over_legal';

export function hoursStatus(usedMinutes: number, plannedMinutes: number): HoursStatus {
	if (usedMinutes > LEGAL_MAX_MINUTES) return 'over_legal';
	if (usedMinutes > plannedMinutes) return 'over_planned';
	return 'ok';
}

/** "2 h 30", "45 min", "24 h": minutes for people. */
export function formatMinutes(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const min = minutes % 60;
	if (h === 0) return `${min} min`;
	return min === 0 ? `${h} h` : `${h} h ${String(min).padStart(2, '0')}`;
}
