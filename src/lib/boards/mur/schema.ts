import type * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import { itemTextField } from '../model-kit.ts';
import type { TextField } from '../text-field.ts';

/**
 * Mur du groupe: a cohort's shared board, where participants post what they choose from their
 * private copies. Only these roots exist:
 * - `items` (Y.Map of Y.Map, keyed by id): `text` (plain string: a post is never edited, only
 *   withdrawn), `author` (a display name, or null when posted anonymously), `sourceKind` (the
 *   kind of the board it came from), `postedAt` (epoch ms), `votes` (Y.Map memberKey → true),
 *   `reactions` (Y.Map reaction id → Y.Map memberKey → true), and the facilitator's `clusterId`,
 *   `order` (fractional key within the cluster) and `comment` (Y.Text, typed live).
 * - `clusters` (Y.Map of Y.Map, keyed by id): `name` (Y.Text), `order` (fractional key).
 *
 * Posting, withdrawing, voting and reacting are written by the server (`wall.service.ts`) on
 * behalf of participants, who only read the board over the WebSocket: nobody can touch someone
 * else's post or vote twice. Votes and reactions are keyed by a member key, an opaque HMAC of the
 * wall and the person made on the server: the document counts them without saying whose they are,
 * and an anonymous post says nothing of its author (who posted what is kept apart, server-side).
 */

export const WALL_KIND = 'mur';

export const ITEM_TEXT_MAX = 500;
export const AUTHOR_MAX = 80;
export const COMMENT_MAX = 500;
export const CLUSTER_NAME_MAX = 80;
export const SOURCE_KIND_MAX = 40;
export const MAX_ITEMS = 300;
export const MAX_CLUSTERS = 40;

/** A member key: 32 lowercase hex characters (`memberKey` in `wall.service.ts`). */
export const MEMBER_KEY = /^[0-9a-f]{32}$/;

/** The quick reactions one may leave on an item (a small fixed set: no free emoji). */
export const reactions = [
	{ id: 'soutien', emoji: '👍' },
	{ id: 'coeur', emoji: '❤️' },
	{ id: 'idee', emoji: '💡' },
	{ id: 'bravo', emoji: '👏' },
	{ id: 'question', emoji: '❓' }
] as const;
export type ReactionId = (typeof reactions)[number]['id'];
export const reactionIds: readonly ReactionId[] = reactions.map((r) => r.id);

const memberKey = s.string(32, { min: 32, test: (key) => MEMBER_KEY.test(key) });
const marks = s.mapOf(
	s.value((v) => v === true),
	memberKey
);

export const wallSchema = s.docSchema({
	items: s.mapOf(
		s.map({
			text: s.string(ITEM_TEXT_MAX, { min: 1 }),
			author: s.nullable(s.string(AUTHOR_MAX, { min: 1 })),
			sourceKind: s.string(SOURCE_KIND_MAX, { min: 1 }),
			postedAt: s.integer(0, Number.MAX_SAFE_INTEGER),
			votes: marks,
			reactions: s.mapOf(marks, s.oneOf(reactionIds)),
			clusterId: s.nullable(s.id),
			order: s.orderKey,
			comment: s.text(COMMENT_MAX)
		})
	),
	clusters: s.mapOf(s.map({ name: s.text(CLUSTER_NAME_MAX), order: s.orderKey }))
});

export function itemsRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('items');
}

export function clustersRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('clusters');
}

/** A cluster's name, typed into live by the facilitator. */
export function clusterNameField(clusterId: string): TextField {
	return itemTextField('clusters', clusterId, 'name', CLUSTER_NAME_MAX);
}

/** The facilitator's comment on an item, typed into live. */
export function commentField(itemId: string): TextField {
	return itemTextField('items', itemId, 'comment', COMMENT_MAX);
}
