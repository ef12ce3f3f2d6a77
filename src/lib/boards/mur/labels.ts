import { m } from '../../paraglide/messages.js';
import type { ReactionId } from './schema.ts';

const names: Record<ReactionId, () => string> = {
	soutien: m.board_wall_reaction_soutien,
	coeur: m.board_wall_reaction_coeur,
	idee: m.board_wall_reaction_idee,
	bravo: m.board_wall_reaction_bravo,
	question: m.board_wall_reaction_question
};

/** A reaction's name, for its button's accessible name. */
export function reactionLabel(id: ReactionId): string {
	return names[id]();
}
