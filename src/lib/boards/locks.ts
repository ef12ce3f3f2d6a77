import * as Y from 'yjs';
import { LOCK_PART_MAX, LOCK_WHOLE_BOARD } from '../seance/protocol.ts';
import { ID_MAX } from './doc-schema.ts';
import type { BoardKind, LockModel, LockPart } from './kind.ts';

/**
 * Board locks (a séance's « verrouiller »): which parts of a board an update touches, whatever
 * its kind. A part is a set of root-level entries (a card, a note, an action…) that each kind's
 * lock model (`BoardKind.locks`) names; the whole board (`LOCK_WHOLE_BOARD`) is every kind's.
 */

/**
 * The root-level entries a write changed: root name → keys of that root map. `null` stands for
 * the content of a root array or text (the canvas's records, a synthèse section), which belongs
 * to the whole board only.
 */
export type ChangedEntries = Map<string, Set<string | null>>;

/**
 * Runs `write` on `doc` (applying an update) and returns the root-level entries its transactions
 * changed. A change deep inside an entry (a card's pile, a skill in an experience's list) counts
 * for the entry: each changed type is walked up to the root map that holds it.
 */
export function changedEntries(doc: Y.Doc, write: () => void): ChangedEntries {
	const changed: ChangedEntries = new Map();
	const add = (root: Y.AbstractType<unknown>, key: string | null) => {
		const name = Y.findRootTypeKey(root);
		const keys = changed.get(name) ?? new Set();
		keys.add(key);
		changed.set(name, keys);
	};
	const collect = (transaction: Y.Transaction) => {
		for (const [type, keys] of transaction.changed) {
			let item = type._item;
			if (item === null) {
				for (const key of keys) add(type as Y.AbstractType<unknown>, key);
				continue;
			}
			while ((item.parent as Y.AbstractType<unknown>)._item !== null) {
				item = (item.parent as Y.AbstractType<unknown>)._item!;
			}
			add(item.parent as Y.AbstractType<unknown>, item.parentSub);
		}
	};
	doc.on('afterTransaction', collect);
	try {
		write();
	} finally {
		doc.off('afterTransaction', collect);
	}
	return changed;
}

/**
 * The parts a write touches: those each changed entry belongs to before it (a deletion, a move
 * out of a pile) and after it (an addition, a move into a pile), and always the whole board.
 * `before` and `after` may be the same document for a change judged on one state only.
 */
export function touchedParts(
	kind: BoardKind,
	before: Y.Doc,
	after: Y.Doc,
	changed: ChangedEntries
): Set<string> {
	const parts = new Set([LOCK_WHOLE_BOARD]);
	const model = kind.locks;
	if (!model) return parts;
	for (const [root, keys] of changed) {
		for (const key of keys) {
			if (key === null) continue;
			for (const part of model.partsOf(before, root, key)) parts.add(part);
			for (const part of model.partsOf(after, root, key)) parts.add(part);
		}
	}
	return parts;
}

/** The lock menu of a board: the whole board first, then its kind's parts. */
export function lockParts(kind: BoardKind, doc: Y.Doc): LockPart[] {
	return [{ part: LOCK_WHOLE_BOARD, label: 'Tout le tableau' }, ...(kind.locks?.parts(doc) ?? [])];
}

/**
 * Whether `part` may be locked on a board of this kind (its form: the item may be gone since). A
 * kind this code does not know has its whole board only.
 */
export function isLockablePart(kind: BoardKind | undefined, part: unknown): part is string {
	if (typeof part !== 'string' || part.length > LOCK_PART_MAX) return false;
	return part === LOCK_WHOLE_BOARD || (kind?.locks?.isPart(part) ?? false);
}

/** The part of one item: `<prefix>:<item id>` (`pile:essentiel`, `action:action-3f…`). */
export function itemPart(prefix: string, id: string): string {
	return `${prefix}:${id}`;
}

/** Whether `part` is `<prefix>:<id>` for an id the board schema accepts (`ID_MAX` at most). */
export function isItemPart(prefix: string, part: string): boolean {
	const id = part.length - prefix.length - 1;
	return part.startsWith(`${prefix}:`) && id >= 1 && id <= ID_MAX;
}

/**
 * The lock model of a kind whose lockable parts are the entries of one root map, each with
 * everything in it (a story, an objective): `items` lists them in reading order with their label.
 */
export function itemLocks(
	root: string,
	prefix: string,
	items: (doc: Y.Doc) => { id: string; label: string }[]
): LockModel {
	return {
		parts: (doc) => items(doc).map(({ id, label }) => ({ part: itemPart(prefix, id), label })),
		partsOf: (doc, name, key) =>
			name === root && doc.getMap<unknown>(root).has(key) ? [itemPart(prefix, key)] : [],
		isPart: (part) => isItemPart(prefix, part)
	};
}
