import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { LOCK_WHOLE_BOARD, type BoardLock } from '../seance/protocol.ts';
import { BoardLocks } from './lock-state.svelte.ts';
import { addToTop, moveCard, valuesKind } from './values/model.ts';

const BOARD = 'board-1';

function valuesBoard(): Y.Doc {
	const doc = new Y.Doc();
	valuesKind.init(doc);
	moveCard(doc, 'deck-autonomie', 'essentiel', 0);
	moveCard(doc, 'deck-liberte', 'important', 0);
	return doc;
}

function locksOn(doc: Y.Doc, parts: string[]): BoardLocks {
	const locks: BoardLock[] = [
		...parts.map((part) => ({ boardId: BOARD, part })),
		// Another board's lock changes nothing here.
		{ boardId: 'board-2', part: LOCK_WHOLE_BOARD }
	];
	return new BoardLocks({ boardId: BOARD, locks: () => locks, kind: valuesKind, doc: () => doc });
}

describe('BoardLocks', () => {
	it('says a part is locked by itself or with the whole board', () => {
		const doc = valuesBoard();
		const piles = locksOn(doc, ['pile:essentiel']);
		expect(piles.has('pile:essentiel')).toBe(true);
		expect(piles.has('pile:important')).toBe(false);
		expect(piles.board).toBe(false);
		const all = locksOn(doc, [LOCK_WHOLE_BOARD]);
		expect(all.has('pile:important')).toBe(true);
		expect(all.holds('cards', 'deck-liberte')).toBe(true);
	});

	it('holds the cards of a locked pile, and the ranked ones with the ranking', () => {
		const doc = valuesBoard();
		addToTop(doc, 'deck-liberte');
		expect(locksOn(doc, ['pile:essentiel']).holds('cards', 'deck-autonomie')).toBe(true);
		expect(locksOn(doc, ['pile:essentiel']).holds('cards', 'deck-liberte')).toBe(false);
		expect(locksOn(doc, ['top']).holds('cards', 'deck-liberte')).toBe(true);
	});

	it('refuses, as the sync server would, a change into or out of a locked pile, and no other', () => {
		const doc = valuesBoard();
		const locks = locksOn(doc, ['pile:essentiel']);
		const out = (d: Y.Doc) => moveCard(d, 'deck-autonomie', 'a-trier', 0);
		const into = (d: Y.Doc) => moveCard(d, 'deck-reconnaissance', 'essentiel', 0);
		const elsewhere = (d: Y.Doc) => moveCard(d, 'deck-reconnaissance', 'important', 0);
		expect(locks.refusal(out)).toBe('Cette partie est verrouillée par votre consultant·e.');
		expect(locks.refusal(into)).not.toBeNull();
		expect(locks.refusal(elsewhere)).toBeNull();
		// Judged on a copy: the board itself is untouched.
		expect(doc.getMap<Y.Map<unknown>>('cards').get('deck-autonomie')!.get('pile')).toBe(
			'essentiel'
		);
	});

	it('leaves a refusal of the model to the model (the operation runs and says why)', () => {
		const locks = locksOn(valuesBoard(), ['pile:essentiel']);
		expect(locks.refusal((d) => moveCard(d, 'no-such-card', 'important', 0))).toBeNull();
	});
});
