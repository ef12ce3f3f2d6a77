import { m } from '$lib/paraglide/messages';
import type { QuickReaction } from '$lib/seance/protocol';

/** Each quick reaction: what is shown, and its name for screen readers. */
export const REACTION_FACES: Record<QuickReaction, { emoji: string; label: () => string }> = {
	pouce: { emoji: '👍', label: m.seance_reaction_pouce },
	bravo: { emoji: '👏', label: m.seance_reaction_bravo },
	question: { emoji: '❓', label: m.seance_reaction_question },
	pause: { emoji: '☕', label: m.seance_reaction_pause },
	idee: { emoji: '💡', label: m.seance_reaction_idee }
};
