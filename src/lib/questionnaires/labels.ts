import { m } from '$lib/paraglide/messages';
import type {
	ActionsTakenValue,
	ObjectivesValue,
	QuestionnaireValue,
	RecommendValue,
	SituationValue
} from './values.ts';

/** The words for each closed answer, shared by the beneficiary's form and the admin's statistics. */
export const questionnaireName = (value: QuestionnaireValue) =>
	value === 'six_mois' ? m.questionnaire_name_six_mois() : m.questionnaire_name_fin_de_bilan();

export const objectivesLabel = (value: ObjectivesValue) =>
	({
		oui: m.questionnaire_objectives_oui,
		en_partie: m.questionnaire_objectives_en_partie,
		non: m.questionnaire_objectives_non
	})[value]();

export const recommendLabel = (value: RecommendValue) =>
	({
		oui: m.questionnaire_recommend_oui,
		peut_etre: m.questionnaire_recommend_peut_etre,
		non: m.questionnaire_recommend_non
	})[value]();

export const situationLabel = (value: SituationValue) =>
	({
		projet_realise: m.questionnaire_situation_projet_realise,
		projet_en_cours: m.questionnaire_situation_projet_en_cours,
		formation: m.questionnaire_situation_formation,
		recherche: m.questionnaire_situation_recherche,
		inchangee: m.questionnaire_situation_inchangee,
		autre: m.questionnaire_situation_autre
	})[value]();

export const actionsTakenLabel = (value: ActionsTakenValue) =>
	({
		toutes: m.questionnaire_actions_toutes,
		certaines: m.questionnaire_actions_certaines,
		aucune: m.questionnaire_actions_aucune
	})[value]();
