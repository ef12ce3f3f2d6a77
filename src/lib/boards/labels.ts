import { m } from '$lib/paraglide/messages';

/** The French (or English) name of each board kind, as the people using Atelier say it. */
const kindLabels: Record<string, () => string> = {
	values: m.board_kind_values,
	ikigai: m.board_kind_ikigai,
	timeline: m.board_kind_timeline,
	'action-plan': m.board_kind_action_plan,
	canvas: m.board_kind_free,
	synthese: m.board_kind_synthese
};

/** The display name of a board kind; the raw id for a kind this client does not know yet. */
export function kindLabel(kind: string): string {
	return kindLabels[kind]?.() ?? kind;
}
