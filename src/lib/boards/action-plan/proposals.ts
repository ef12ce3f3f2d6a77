import { bullet } from '../synthese/prefill.ts';
import type { ActionPlanSummary } from './model.ts';

/** The pistes of the action plan (priority, description, pros and cons, formations), as text. */
export function pistesText(plan: ActionPlanSummary): string {
	if (!Array.isArray(plan.pistes) || plan.pistes.length === 0) return '';
	const lines: string[] = [];
	for (const piste of plan.pistes) {
		if (lines.length > 0) lines.push('');
		lines.push(`${piste.title} (${piste.priority})`);
		if (piste.metier) lines.push(`Métier (ROME ${piste.metier.code}) : ${piste.metier.libelle}`);
		if (piste.description) lines.push(piste.description);
		if (piste.pros.length) lines.push(`Points forts : ${piste.pros.join(' ; ')}`);
		if (piste.cons.length) lines.push(`Points de vigilance : ${piste.cons.join(' ; ')}`);
		if (piste.formations?.length) lines.push('Veille formations :', ...formationLines(piste));
	}
	return lines.join('\n');
}

type PisteLine = ActionPlanSummary['pistes'][number];

/** "Titre pro FPA — AFPA, 9 mois, 7 000 €, éligible CPF, vérifié le 02/03/2027, https://…". */
function formationLines(piste: PisteLine): string[] {
	return (piste.formations ?? []).map((f) => {
		const details = [
			f.organisme,
			f.duration,
			f.cost,
			f.cpf ? 'éligible CPF' : '',
			f.checkedOn ? `vérifié le ${frenchDate(f.checkedOn)}` : '',
			f.link
		].filter(Boolean);
		return bullet(details.length ? `${f.title} — ${details.join(', ')}` : f.title);
	});
}

type ActionLine = ActionPlanSummary['unattached'][number];

function actionLine(action: ActionLine): string {
	const details = [
		action.category,
		action.due ? `pour le ${frenchDate(action.due)}` : '',
		action.owner,
		action.status
	].filter(Boolean);
	return bullet(`${action.title} — ${details.join(', ')}`);
}

/** "2027-03-15" → "15/03/2027". */
function frenchDate(iso: string): string {
	const [year, month, day] = iso.split('-');
	return `${day}/${month}/${year}`;
}

/** The actions of the action plan, piste by piste, as text. */
export function actionsText(plan: ActionPlanSummary): string {
	if (!Array.isArray(plan.pistes)) return '';
	const lines: string[] = [];
	for (const piste of plan.pistes) {
		if (piste.actions.length === 0) continue;
		if (lines.length > 0) lines.push('');
		lines.push(`${piste.title} :`, ...piste.actions.map(actionLine));
	}
	if (Array.isArray(plan.unattached) && plan.unattached.length > 0) {
		if (lines.length > 0) lines.push('');
		lines.push('Autres actions :', ...plan.unattached.map(actionLine));
	}
	return lines.join('\n');
}
