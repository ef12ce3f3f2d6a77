import * as Y from 'yjs';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { changedEntries, touchedParts } from '../../src/lib/boards/locks.ts';

function copyOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

/**
 * The parts of the board that `operation` (a model operation, run on `doc`) touches, sorted, as
 * the sync server judges it: the update it makes is applied to a copy of the board, the entries it
 * changed are collected there, and their parts read before and after.
 */
export function partsTouchedBy(
	kind: BoardKind,
	doc: Y.Doc,
	operation: (doc: Y.Doc) => void
): string[] {
	const before = copyOf(doc);
	const server = copyOf(doc);
	const updates: Uint8Array[] = [];
	const record = (update: Uint8Array) => updates.push(update);
	doc.on('update', record);
	try {
		operation(doc);
	} finally {
		doc.off('update', record);
	}
	const changed = changedEntries(server, () => Y.applyUpdate(server, Y.mergeUpdates(updates)));
	return [...touchedParts(kind, before, server, changed)].sort();
}
