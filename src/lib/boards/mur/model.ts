import * as Y from 'yjs';
import { compareOrdered, isOrderKey } from '../fractional-index.ts';
import type { BoardKind } from '../kind.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanText,
	itemEntries,
	newId,
	newItem,
	newText,
	readString,
	readText,
	requireItem,
	writePlacement,
	writeText
} from '../model-kit.ts';
import {
	AUTHOR_MAX,
	CLUSTER_NAME_MAX,
	COMMENT_MAX,
	ITEM_TEXT_MAX,
	MAX_CLUSTERS,
	MAX_ITEMS,
	MEMBER_KEY,
	SOURCE_KIND_MAX,
	WALL_KIND,
	clustersRoot,
	itemsRoot,
	reactionIds,
	wallSchema,
	type ReactionId
} from './schema.ts';

export * from './schema.ts';

// ------------------------------------------------------------------------------ reading

export interface WallItem {
	id: string;
	text: string;
	/** The display name it was posted under, or null: anonymous. */
	author: string | null;
	sourceKind: string;
	postedAt: number;
	comment: string;
	votes: number;
	/** Whether the reader (its member key) voted for it. */
	voted: boolean;
	reactions: { id: ReactionId; count: number; mine: boolean }[];
}

export interface WallCluster {
	id: string;
	name: string;
	items: WallItem[];
}

export interface WallState {
	clusters: WallCluster[];
	/** Items not in a cluster (or in one deleted meanwhile), oldest first. */
	loose: WallItem[];
	count: number;
}

function marksOf(value: unknown): string[] {
	if (!(value instanceof Y.Map)) return [];
	return [...(value as Y.Map<unknown>).entries()]
		.filter(([key, mark]) => mark === true && MEMBER_KEY.test(key))
		.map(([key]) => key);
}

function readItem(id: string, map: Y.Map<unknown>, reader: string | null): WallItem {
	const votes = marksOf(map.get('votes'));
	const reacted = map.get('reactions');
	const author = map.get('author');
	const postedAt = map.get('postedAt');
	return {
		id,
		text: readString(map, 'text'),
		author: typeof author === 'string' && author !== '' ? author : null,
		sourceKind: readString(map, 'sourceKind'),
		postedAt: typeof postedAt === 'number' && Number.isFinite(postedAt) ? postedAt : 0,
		comment: readText(map, 'comment'),
		votes: votes.length,
		voted: reader !== null && votes.includes(reader),
		reactions: reactionIds.map((reaction) => {
			const keys = reacted instanceof Y.Map ? marksOf(reacted.get(reaction)) : [];
			return {
				id: reaction,
				count: keys.length,
				mine: reader !== null && keys.includes(reader)
			};
		})
	};
}

/** In a cluster: by the facilitator's order, then oldest first; loose items oldest first. */
function byPlace(a: { item: WallItem; key: unknown }, b: { item: WallItem; key: unknown }) {
	const placed = isOrderKey(a.key) || isOrderKey(b.key);
	if (placed) return compareOrdered({ id: a.item.id, key: a.key }, { id: b.item.id, key: b.key });
	return a.item.postedAt - b.item.postedAt || (a.item.id < b.item.id ? -1 : 1);
}

/** The wall as plain data; `reader` (a member key) marks one's own votes and reactions. */
export function readWall(doc: Y.Doc, reader: string | null = null): WallState {
	const clusters = itemEntries(clustersRoot(doc))
		.map(([id, map]) => ({ id, key: map.get('order'), name: readText(map, 'name') }))
		.sort(compareOrdered);
	const known = new Set(clusters.map((cluster) => cluster.id));
	const placed = new Map<string | null, { item: WallItem; key: unknown }[]>();
	const items = itemEntries(itemsRoot(doc));
	for (const [id, map] of items) {
		const cluster = map.get('clusterId');
		const home = typeof cluster === 'string' && known.has(cluster) ? cluster : null;
		const list = placed.get(home) ?? [];
		list.push({ item: readItem(id, map, reader), key: home ? map.get('order') : undefined });
		placed.set(home, list);
	}
	const sorted = (home: string | null) => (placed.get(home) ?? []).sort(byPlace).map((e) => e.item);
	return {
		clusters: clusters.map(({ id, name }) => ({ id, name, items: sorted(id) })),
		loose: sorted(null),
		count: items.length
	};
}

// ------------------------------------------------------------------- server operations

export interface PostInput {
	text: string;
	/** The name shown with it, or null to post anonymously. */
	author: string | null;
	sourceKind: string;
}

function cleanMemberKey(key: unknown): string {
	if (typeof key !== 'string' || !MEMBER_KEY.test(key)) {
		throw new BoardInputError('invalid', 'memberKey');
	}
	return key;
}

/**
 * Posts an item (run by the server for a participant: `wall.service.ts`). Returns its id.
 * Loose, at the end: the facilitator places it in a cluster.
 */
export function postItem(doc: Y.Doc, input: PostInput, postedAt: number): string {
	const text = cleanText(input.text, 'text', ITEM_TEXT_MAX);
	const author = input.author === null ? null : cleanText(input.author, 'author', AUTHOR_MAX);
	const sourceKind = cleanText(input.sourceKind, 'sourceKind', SOURCE_KIND_MAX);
	if (!Number.isSafeInteger(postedAt) || postedAt < 0) {
		throw new BoardInputError('invalid', 'postedAt');
	}
	const id = newId('post-');
	doc.transact(() => {
		if (itemsRoot(doc).size >= MAX_ITEMS) throw new BoardInputError('limit_reached', 'items');
		const item = newItem({ text, author, sourceKind, postedAt, clusterId: null });
		item.set('comment', newText(''));
		item.set('votes', new Y.Map<unknown>());
		item.set('reactions', new Y.Map<unknown>());
		itemsRoot(doc).set(id, item);
	});
	return id;
}

/** Removes an item with its votes, reactions and comment (its poster withdrew it). */
export function withdrawItem(doc: Y.Doc, itemId: string): void {
	doc.transact(() => {
		requireItem(itemsRoot(doc), itemId, 'itemId');
		itemsRoot(doc).delete(itemId);
	});
}

/** Sets or clears `memberKey` in the marks map `key` of `parent`; returns whether it is set. */
function toggleMark(parent: Y.Map<unknown>, key: string, memberKey: string): boolean {
	let marks = parent.get(key);
	if (!(marks instanceof Y.Map)) {
		marks = new Y.Map<unknown>();
		parent.set(key, marks);
	}
	const map = marks as Y.Map<unknown>;
	if (map.get(memberKey) === true) {
		map.delete(memberKey);
		return false;
	}
	map.set(memberKey, true);
	return true;
}

/** One +1 per member and item: adds it, or takes it back. Returns whether it is now given. */
export function toggleVote(doc: Y.Doc, itemId: string, memberKey: string): boolean {
	const key = cleanMemberKey(memberKey);
	let voted = false;
	doc.transact(() => {
		voted = toggleMark(requireItem(itemsRoot(doc), itemId, 'itemId'), 'votes', key);
	});
	return voted;
}

/** Adds one's reaction to an item, or takes it back. Returns whether it is now given. */
export function toggleReaction(
	doc: Y.Doc,
	itemId: string,
	reaction: ReactionId,
	memberKey: string
): boolean {
	const id = cleanChoice(reaction, 'reaction', reactionIds);
	const key = cleanMemberKey(memberKey);
	let given = false;
	doc.transact(() => {
		const item = requireItem(itemsRoot(doc), itemId, 'itemId');
		let all = item.get('reactions');
		if (!(all instanceof Y.Map)) {
			all = new Y.Map<unknown>();
			item.set('reactions', all);
		}
		given = toggleMark(all as Y.Map<unknown>, id, key);
	});
	return given;
}

// -------------------------------------------------------------- facilitator operations

function clusterSiblings(doc: Y.Doc, exceptId: string) {
	return itemEntries(clustersRoot(doc))
		.filter(([id]) => id !== exceptId)
		.map(([id, map]) => ({ id, map, key: map.get('order') }));
}

/** Adds a named cluster, last. Returns its id. */
export function addCluster(doc: Y.Doc, name: string): string {
	const clean = cleanText(name, 'name', CLUSTER_NAME_MAX);
	const id = newId('groupe-');
	doc.transact(() => {
		const clusters = clustersRoot(doc);
		if (clusters.size >= MAX_CLUSTERS) throw new BoardInputError('limit_reached', 'clusters');
		const item = newItem({ name: newText(clean) });
		clusters.set(id, item);
		writePlacement(doc, item, 'order', clusterSiblings(doc, id), MAX_CLUSTERS);
	});
	return id;
}

export function renameCluster(doc: Y.Doc, clusterId: string, name: string): void {
	const clean = cleanText(name, 'name', CLUSTER_NAME_MAX);
	doc.transact(() =>
		writeText(requireItem(clustersRoot(doc), clusterId, 'clusterId'), 'name', clean)
	);
}

/** Removes a cluster; its items go back among the loose ones (nothing posted is lost). */
export function removeCluster(doc: Y.Doc, clusterId: string): void {
	doc.transact(() => {
		requireItem(clustersRoot(doc), clusterId, 'clusterId');
		for (const [, item] of itemEntries(itemsRoot(doc))) {
			if (item.get('clusterId') === clusterId) item.set('clusterId', null);
		}
		clustersRoot(doc).delete(clusterId);
	});
}

/** Puts an item in a cluster at `index` (default: last), or back among the loose ones (null). */
export function placeItem(
	doc: Y.Doc,
	itemId: string,
	clusterId: string | null,
	index = MAX_ITEMS
): void {
	if (!Number.isFinite(index)) throw new BoardInputError('invalid', 'index');
	doc.transact(() => {
		const item = requireItem(itemsRoot(doc), itemId, 'itemId');
		if (clusterId === null) {
			item.set('clusterId', null);
			return;
		}
		requireItem(clustersRoot(doc), clusterId, 'clusterId');
		const siblings = itemEntries(itemsRoot(doc))
			.filter(([id, map]) => id !== itemId && map.get('clusterId') === clusterId)
			.map(([id, map]) => ({ id, map, key: map.get('order') }));
		item.set('clusterId', clusterId);
		writePlacement(doc, item, 'order', siblings, index);
	});
}

/** The facilitator's comment on an item ('' removes it). */
export function setComment(doc: Y.Doc, itemId: string, comment: string): void {
	const clean = cleanText(comment, 'comment', COMMENT_MAX, 0);
	doc.transact(() => writeText(requireItem(itemsRoot(doc), itemId, 'itemId'), 'comment', clean));
}

// ------------------------------------------------------------------------------ summary

export interface WallItemSummary {
	text: string;
	author: string | null;
	votes: number;
	reactions: Partial<Record<ReactionId, number>>;
	comment: string;
}

export interface WallSummary {
	kind: typeof WALL_KIND;
	clusters: { name: string; items: WallItemSummary[] }[];
	loose: WallItemSummary[];
}

function summaryOf(item: WallItem): WallItemSummary {
	const counted = item.reactions.filter((r) => r.count > 0).map((r) => [r.id, r.count]);
	return {
		text: item.text,
		author: item.author,
		votes: item.votes,
		reactions: Object.fromEntries(counted),
		comment: item.comment
	};
}

/** Plain JSON for the record: what the group sees, never who voted or who posted anonymously. */
export function summarizeWall(doc: Y.Doc): WallSummary {
	const wall = readWall(doc);
	return {
		kind: WALL_KIND,
		clusters: wall.clusters.map((c) => ({ name: c.name, items: c.items.map(summaryOf) })),
		loose: wall.loose.map(summaryOf)
	};
}

/** A new wall is empty. */
export function initWall(doc: Y.Doc): void {
	doc.transact(() => {
		itemsRoot(doc);
		clustersRoot(doc);
	});
}

/** Mur du groupe: no locks beyond the whole board (only the facilitator writes over the socket). */
export const wallKind: BoardKind<WallSummary> = {
	kind: WALL_KIND,
	version: 1,
	schema: wallSchema,
	managed: true,
	init: initWall,
	summarize: summarizeWall
};
