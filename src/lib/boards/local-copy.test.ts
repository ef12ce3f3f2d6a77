import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isAckedState } from './local-copy.ts';

/** What `LocalCopy.remember` stores: the encoded snapshot, as an ArrayBuffer of its own. */
function recorded(doc: Y.Doc): ArrayBuffer {
	const bytes = Y.encodeSnapshot(Y.snapshot(doc));
	return bytes.slice().buffer as ArrayBuffer;
}

/** A board as a person leaves it: additions, an overwrite and a deletion. */
function edited(): Y.Doc {
	const doc = new Y.Doc();
	const items = doc.getMap('items');
	items.set('a', 'une valeur');
	items.set('b', 'une autre');
	items.set('a', 'réécrite');
	items.delete('b');
	doc.getText('note').insert(0, 'Bonjour tout le monde');
	doc.getText('note').delete(0, 8);
	return doc;
}

/** A document rebuilt from `doc`'s state, as y-indexeddb loads it on the next visit. */
function reloaded(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

describe('isAckedState: whether a copy loaded from the device holds anything unacknowledged', () => {
	it('recognises the acknowledged state once reloaded from the device', () => {
		const doc = edited();
		expect(isAckedState(Y.snapshot(reloaded(doc)), recorded(doc))).toBe(true);
	});

	it('sees an addition made after the record', () => {
		const doc = edited();
		const acked = recorded(doc);
		doc.getMap('items').set('c', 'hors ligne');
		expect(isAckedState(Y.snapshot(reloaded(doc)), acked)).toBe(false);
	});

	it('sees a deletion made after the record (the state vector alone would not)', () => {
		const doc = edited();
		const acked = recorded(doc);
		doc.getText('note').delete(0, 3);
		expect(isAckedState(Y.snapshot(reloaded(doc)), acked)).toBe(false);
	});

	it('takes no record, or a record it cannot read, as proof of nothing', () => {
		const doc = edited();
		expect(isAckedState(Y.snapshot(doc), undefined)).toBe(false);
		expect(isAckedState(Y.snapshot(doc), new Uint8Array([1, 2, 3]).buffer)).toBe(false);
		expect(isAckedState(Y.snapshot(doc), 'acked')).toBe(false);
	});
});
