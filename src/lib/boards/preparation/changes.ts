import { m } from '../../paraglide/messages.js';
import type { PreparationState, ProblematiqueId, RubricId } from './model.ts';

const rubricLabels: Record<RubricId, () => string> = {
	situation: m.board_prep_rubric_situation,
	declencheur: m.board_prep_rubric_declencheur,
	attentes: m.board_prep_rubric_attentes,
	problematique: m.board_prep_rubric_problematique,
	marche: m.board_prep_rubric_marche,
	mobilite: m.board_prep_rubric_mobilite,
	salaire: m.board_prep_rubric_salaire,
	famille: m.board_prep_rubric_famille,
	sante: m.board_prep_rubric_sante
};

const problematiqueLabels: Record<ProblematiqueId, () => string> = {
	reconversion: m.board_prep_pb_reconversion,
	'mobilite-interne': m.board_prep_pb_mobilite_interne,
	'retour-conge-parental': m.board_prep_pb_retour_conge_parental,
	sens: m.board_prep_pb_sens,
	evolution: m.board_prep_pb_evolution,
	'reprise-emploi': m.board_prep_pb_reprise_emploi
};

export function rubricLabel(rubric: RubricId): string {
	return rubricLabels[rubric]();
}

export function problematiqueLabel(problematique: ProblematiqueId): string {
	return problematiqueLabels[problematique]();
}

/**
 * What someone else changed, for screen readers: objectives added or removed, problématiques
 * ticked or unticked. Typing is not announced (the field shows who types there).
 */
export function describePreparationChanges(
	previous: PreparationState,
	next: PreparationState,
	author: string
): string[] {
	const sentences: string[] = [];
	const before = new Set(previous.objectifs.map((o) => o.id));
	const after = new Set(next.objectifs.map((o) => o.id));
	for (const o of next.objectifs) {
		if (!before.has(o.id)) sentences.push(m.board_prep_said_added({ author, text: o.text }));
	}
	for (const o of previous.objectifs) {
		if (!after.has(o.id)) sentences.push(m.board_prep_said_removed({ author, text: o.text }));
	}
	for (const id of next.problematiques) {
		if (!previous.problematiques.includes(id)) {
			sentences.push(m.board_prep_said_ticked({ author, label: problematiqueLabel(id) }));
		}
	}
	for (const id of previous.problematiques) {
		if (!next.problematiques.includes(id)) {
			sentences.push(m.board_prep_said_unticked({ author, label: problematiqueLabel(id) }));
		}
	}
	return sentences;
}
