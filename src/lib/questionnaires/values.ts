/**
 * The Qualiopi indicator 30 questionnaires (end of bilan, six months later): their closed answers,
 * shared by the server (validation, statistics) and the browser (forms, labels).
 */
export const QUESTIONNAIRES = ['fin_de_bilan', 'six_mois'] as const;
export const OBJECTIVES = ['oui', 'en_partie', 'non'] as const;
export const RECOMMEND = ['oui', 'peut_etre', 'non'] as const;
/** Six months on: where the person stands with their project. */
export const SITUATIONS = [
	'projet_realise',
	'projet_en_cours',
	'formation',
	'recherche',
	'inchangee',
	'autre'
] as const;
/** Six months on: how much of the action plan was carried out. */
export const ACTIONS_TAKEN = ['toutes', 'certaines', 'aucune'] as const;

export type QuestionnaireValue = (typeof QUESTIONNAIRES)[number];
export type ObjectivesValue = (typeof OBJECTIVES)[number];
export type RecommendValue = (typeof RECOMMEND)[number];
export type SituationValue = (typeof SITUATIONS)[number];
export type ActionsTakenValue = (typeof ACTIONS_TAKEN)[number];

export const SATISFACTION_MIN = 1;
export const SATISFACTION_MAX = 5;
export const COMMENT_MAX_LENGTH = 2000;
/** The six-month questionnaire opens this many months after the close. */
export const FOLLOW_UP_QUESTIONNAIRE_MONTHS = 6;
/**
 * Free comments reach the organisation's statistics only once this many people answered that
 * questionnaire, without names or dates, so a comment cannot be traced back to one person.
 */
export const COMMENTS_MIN_RESPONSES = 3;

/** What the beneficiary answered (the six-month questions only in the six-month one). */
export interface QuestionnaireAnswers {
	satisfaction: number;
	objectives: ObjectivesValue;
	recommend: RecommendValue;
	comment: string | null;
	situation?: SituationValue;
	actionsTaken?: ActionsTakenValue;
}
