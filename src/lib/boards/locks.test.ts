import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partsTouchedBy } from '../../../tests/helpers/board-locks.ts';
import { LOCK_PART_MAX } from '../seance/protocol.ts';
import { canvasKind, initCanvas, writeRecords } from './canvas/model.ts';
import { changedEntries, isLockablePart, lockParts } from './locks.ts';
import { findBoardKind } from './registry.ts';
import { initSynthese, setSectionText, syntheseKind } from './synthese/model.ts';
import { initValues, moveCard, valuesKind } from './values/model.ts';

function copyOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

describe('changedEntries', () => {
	it('names the root-level entry of a change deep inside it', () => {
		const doc = new Y.Doc();
		initValues(doc);
		const server = copyOf(doc);
		const update = (() => {
			let captured: Uint8Array | undefined;
			doc.on('update', (u: Uint8Array) => (captured = u));
			moveCard(doc, 'deck-autonomie', 'essentiel', 0);
			return captured!;
		})();
		const changed = changedEntries(server, () => Y.applyUpdate(server, update));
		expect(changed).toEqual(new Map([['cards', new Set(['deck-autonomie'])]]));
		// The same update again (a sync step 2 resending it) changes nothing.
		expect(changedEntries(server, () => Y.applyUpdate(server, update)).size).toBe(0);
	});

	it('names the content of a root text or array by null: the whole board', () => {
		const doc = new Y.Doc();
		const changed = changedEntries(doc, () => doc.getText('valeurs').insert(0, 'Autonomie'));
		expect(changed).toEqual(new Map([['valeurs', new Set([null])]]));
	});
});

describe('touchedParts', () => {
	it('kinds without a lock model touch the whole board only', () => {
		const canvas = new Y.Doc();
		initCanvas(canvas);
		const record = { id: 'shape:a', typeName: 'shape' };
		expect(partsTouchedBy(canvasKind, canvas, (d) => writeRecords(d, [record]))).toEqual(['board']);
		const synthese = new Y.Doc();
		initSynthese(synthese);
		expect(
			partsTouchedBy(syntheseKind, synthese, (d) => setSectionText(d, 'valeurs', 'Autonomie'))
		).toEqual(['board']);
	});
});

describe('lockable parts', () => {
	it('the lock menu starts with the whole board', () => {
		const doc = new Y.Doc();
		initValues(doc);
		expect(lockParts(valuesKind, doc)[0]).toEqual({ part: 'board', label: 'Tout le tableau' });
		expect(lockParts(syntheseKind, doc)).toEqual([{ part: 'board', label: 'Tout le tableau' }]);
	});

	it('the whole board always, the kind’s parts by their form, nothing too long', () => {
		expect(isLockablePart(canvasKind, 'board')).toBe(true);
		expect(isLockablePart(canvasKind, 'pile:essentiel')).toBe(false);
		expect(isLockablePart(valuesKind, 'pile:essentiel')).toBe(true);
		expect(isLockablePart(findBoardKind('action-plan'), `action:${'a'.repeat(64)}`)).toBe(true);
		expect(isLockablePart(undefined, 'board')).toBe(true);
		expect(isLockablePart(undefined, 'deck')).toBe(false);
		expect(isLockablePart(valuesKind, 'x'.repeat(LOCK_PART_MAX + 1))).toBe(false);
		expect(isLockablePart(valuesKind, 42)).toBe(false);
	});
});
