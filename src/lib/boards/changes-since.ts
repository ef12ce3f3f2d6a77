import * as Y from 'yjs';

/**
 * « Nouveautés »: what others changed on a board since someone's last visit, read from the
 * board's change log (who committed which ids, and when) and its current document — never from a
 * copy of the content. A change records the ids an update inserted and deleted, which outlive
 * the compaction of the update log: items keep their ids in the compacted state, and a deleted
 * entry keeps its place in its root (Yjs only drops the content under it).
 *
 * An entry is what a person thinks of as one thing: an entry of a root map (a card, a note, an
 * action, a canvas shape…) or a whole root that is a text or a list (a synthèse section).
 */

/** `[client, clock, length]`: a run of consecutive Yjs ids. */
export type IdRun = [number, number, number];

/** The ids an update inserted and deleted: no content. */
export interface ChangeIds {
	added: IdRun[];
	deleted: IdRun[];
}

/** One committed change of the board's log, as the change log keeps it. */
export interface LoggedChange {
	/** Its sequence in the board's log: the changes after a visit are those above its sequence. */
	seq: number;
	/** Who made it; null for Atelier itself (an upgrade of the document's format). */
	userId: string | null;
	at: Date;
	ids: ChangeIds;
}

export type EntryAction = 'added' | 'changed' | 'moved' | 'deleted';

/** What happened to one entry since the visit, by whom (the last other person to touch it). */
export interface EntryChange {
	root: string;
	/** The entry's key in its root map; null for a root that is a text or a list. */
	key: string | null;
	action: EntryAction;
	userId: string;
	at: Date;
}

/** One thing that changed, in words for the page. */
export interface NewsItem {
	action: EntryAction;
	/** The entry's root and key, so the board can point at it. */
	root: string;
	key: string | null;
	/** Who: their name (« Quelqu’un » for a person since deleted). */
	who: string;
	/** The entry, as « Claire a modifié … » ends: « la carte « Autonomie » », « une note ». */
	what: string;
	at: Date;
}

export interface BoardNews {
	/** When the person last came (null: never before). */
	since: Date | null;
	items: NewsItem[];
}

function pushRun(runs: IdRun[], client: number, clock: number, length: number): void {
	const last = runs.at(-1);
	if (last && last[0] === client && last[1] + last[2] === clock) last[2] += length;
	else runs.push([client, clock, length]);
}

/** The ids `update` (format v1) inserts and deletes. */
export function changeIds(update: Uint8Array): ChangeIds {
	const { structs, ds } = Y.decodeUpdate(update);
	const added: IdRun[] = [];
	for (const struct of structs) {
		if (!(struct instanceof Y.Skip))
			pushRun(added, struct.id.client, struct.id.clock, struct.length);
	}
	const deleted: IdRun[] = [];
	for (const [client, items] of ds.clients) {
		for (const item of items) pushRun(deleted, client, item.clock, item.len);
	}
	return { added, deleted };
}

/** Several changes of one person committed together, as one. */
export function mergeChangeIds(changes: readonly ChangeIds[]): ChangeIds {
	const merged: ChangeIds = { added: [], deleted: [] };
	for (const change of changes) {
		for (const [client, clock, length] of change.added)
			pushRun(merged.added, client, clock, length);
		for (const [client, clock, length] of change.deleted)
			pushRun(merged.deleted, client, clock, length);
	}
	return merged;
}

function inRuns(runs: readonly IdRun[], id: Y.ID): boolean {
	return runs.some(
		([client, clock, length]) =>
			client === id.client && id.clock >= clock && id.clock < clock + length
	);
}

/** Where an item of the document belongs. */
interface Located {
	root: string;
	key: string | null;
	/** The entry's own item (a root map's value), or null for a text or list root. */
	top: Y.Item | null;
	/** The entry's field the item is in (a map entry's key), null for the entry itself. */
	field: string | null;
}

function locate(item: Y.Item): Located | null {
	const path: Y.Item[] = [item];
	for (;;) {
		const parent = path[0]!.parent;
		if (!(parent instanceof Y.AbstractType)) return null;
		if (!parent._item) {
			const root = Y.findRootTypeKey(parent);
			const first = path[0]!;
			if (first.parentSub === null) return { root, key: null, top: null, field: null };
			return { root, key: first.parentSub, top: first, field: path[1]?.parentSub ?? null };
		}
		path.unshift(parent._item);
	}
}

/** Each item of the document whose id is in `run` (items deleted under a deleted parent are gone). */
function* itemsOf(doc: Y.Doc, [client, clock, length]: IdRun): Generator<Y.Item> {
	const structs = doc.store.clients.get(client);
	if (!structs || clock >= Y.getState(doc.store, client)) return;
	for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
		const struct = structs[i]!;
		if (struct.id.clock >= clock + length) return;
		if (struct instanceof Y.Item) yield struct;
	}
}

interface Touched {
	root: string;
	key: string | null;
	/** The entry's item as the changes saw it (its latest one, when a key was set again). */
	top: Y.Item | null;
	fields: Set<string | null>;
	userId: string;
	at: Date;
}

/** A key of a root map is current when its value is a live item. */
function isLive(doc: Y.Doc, touched: Touched): boolean {
	if (!touched.top) return true;
	const current = (doc.share.get(touched.root) as Y.AbstractType<unknown> | undefined)?._map.get(
		touched.key!
	);
	return current !== undefined && !current.deleted;
}

/**
 * What people other than `viewerId` changed, entry by entry, in `changes` — the log's changes
 * after the viewer's last visit, everyone's, in sequence order — as the document `doc` now is.
 * An entry added and removed since is not listed, nor one the viewer removed. A change to only
 * `placementFields` (a pile, an order, a position) is a move.
 */
export function changesSince(
	doc: Y.Doc,
	changes: readonly LoggedChange[],
	viewerId: string,
	placementFields: ReadonlySet<string>
): EntryChange[] {
	const addedSince = changes.flatMap((change) => change.ids.added);
	const touched = new Map<string, Touched>();
	for (const change of changes) {
		if (change.userId === null || change.userId === viewerId) continue;
		for (const run of [...change.ids.added, ...change.ids.deleted]) {
			for (const item of itemsOf(doc, run)) {
				const place = locate(item);
				if (!place) continue;
				const id = `${place.root}\u0000${place.key ?? ''}`;
				const entry = touched.get(id) ?? { ...place, fields: new Set(), userId: '', at: change.at };
				// A key set again is another entry that took the same name: follow the latest.
				if (place.top && entry.top !== place.top && inRuns(change.ids.added, place.top.id)) {
					entry.top = place.top;
				}
				entry.fields.add(place.field);
				entry.userId = change.userId;
				entry.at = change.at;
				touched.set(id, entry);
			}
		}
	}
	const result: EntryChange[] = [];
	for (const entry of touched.values()) {
		const isNew = entry.top !== null && inRuns(addedSince, entry.top.id);
		const addedByOther =
			isNew &&
			changes.some(
				(change) =>
					change.userId !== null &&
					change.userId !== viewerId &&
					inRuns(change.ids.added, entry.top!.id)
			);
		let action: EntryAction;
		if (!isLive(doc, entry)) {
			if (isNew) continue;
			const remover = changes.findLast((change) => inRuns(change.ids.deleted, entry.top!.id));
			if (!remover || remover.userId === null || remover.userId === viewerId) continue;
			action = 'deleted';
		} else if (addedByOther) {
			action = 'added';
		} else {
			const fields = [...entry.fields];
			action = fields.every((field) => field !== null && placementFields.has(field))
				? 'moved'
				: 'changed';
		}
		result.push({ root: entry.root, key: entry.key, action, userId: entry.userId, at: entry.at });
	}
	return result.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** How a kind speaks of its changes (`BoardKind.changes`). */
export interface NewsModel {
	/** Fields of an entry whose change alone is a move: a pile, an order, a position. */
	placement: readonly string[];
	/**
	 * The entry in words, as « Claire a modifié … » ends: « la carte « Autonomie » », or « une
	 * carte » when it is gone (its content went with it).
	 */
	describe(doc: Y.Doc, root: string, key: string | null): string;
}

/** How entries of one root map are named: by one of their text fields. */
export interface NamedEntries {
	field: string;
	named(input: { name: string }): string;
	gone(): string;
}

/** Names longer than this are cut (a note, a description): the list stays one line each. */
const NAME_MAX = 40;

/**
 * `describe` for kinds whose entries are named by a text field (a card's label, a note's text);
 * `other` for anything else (a root that is not listed).
 */
export function describeByName(
	roots: Readonly<Record<string, NamedEntries>>,
	other: () => string
): NewsModel['describe'] {
	return (doc, root, key) => {
		const names = roots[root];
		if (!names || key === null) return other();
		const entry = (doc.share.get(root) as Y.AbstractType<unknown> | undefined)?._map.get(key);
		const map = entry && !entry.deleted ? entry.content.getContent()[0] : undefined;
		const value = map instanceof Y.Map ? map.get(names.field) : undefined;
		const text = (value instanceof Y.Text ? value.toString() : String(value ?? ''))
			.replace(/\s+/g, ' ')
			.trim();
		if (!map || text === '') return names.gone();
		return names.named({
			name: text.length > NAME_MAX ? `${text.slice(0, NAME_MAX - 1)}…` : text
		});
	};
}
