import type { ReactionId } from './schema.ts';

/**
 * What a participant does on the wall, through the server (`wall.service.ts`), never through the
 * WebSocket: the page that shows the wall wires these to its endpoints. Each resolves with null,
 * or the sentence of a refusal to show.
 */
export interface WallParticipation {
	/** The viewer's member key on this wall (marks their own votes and reactions), or null. */
	memberKey: string | null;
	/** The items the viewer posted (anonymous ones included: the server knows, never the board). */
	ownItemIds: readonly string[];
	onVote(itemId: string): Promise<string | null>;
	onReact(itemId: string, reaction: ReactionId): Promise<string | null>;
	onWithdraw(itemId: string): Promise<string | null>;
}
