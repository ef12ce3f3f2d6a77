import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextEdit, caretSegments, textEdit, type RemoteCaret } from './text-field.ts';

function caret(name: string, anchor: number, head = anchor): RemoteCaret {
	return { clientId: name.length, name, colour: '#1f5f8b', anchor, head };
}

describe('textEdit', () => {
	it('computes the smallest edit', () => {
		expect(textEdit('abcdef', 'abXYef')).toEqual({ index: 2, remove: 2, insert: 'XY' });
		expect(textEdit('', 'é')).toEqual({ index: 0, remove: 0, insert: 'é' });
		expect(textEdit('abc', 'ac')).toEqual({ index: 1, remove: 1, insert: '' });
	});

	it('puts an ambiguous insertion or deletion where the caret is', () => {
		// "a" typed at the start of "aa": the caret is after the first letter.
		expect(textEdit('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
		expect(textEdit('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
		expect(textEdit('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
		expect(textEdit('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
		// Backspace in the middle of "abba": the caret is after the first "b".
		expect(textEdit('abba', 'aba', 2)).toEqual({ index: 2, remove: 1, insert: '' });
		expect(textEdit('abba', 'aba', 1)).toEqual({ index: 1, remove: 1, insert: '' });
	});

	it('never cuts a surrogate pair', () => {
		// 😀 and 😁 share their high surrogate: the edit replaces the whole character.
		expect(textEdit('a😀b', 'a😁b')).toEqual({ index: 1, remove: 2, insert: '😁' });
		expect(textEdit('a😀b', 'a😀b😁', 4)).toEqual({ index: 4, remove: 0, insert: '😁' });
		// Characters sharing the low surrogate (U+1F600 and U+1F400): the same.
		expect(textEdit('\u{1F600}', '\u{1F400}')).toEqual({
			index: 0,
			remove: 2,
			insert: '\u{1F400}'
		});
	});

	it('leaves the peers reading the same text after astral characters are edited', () => {
		const writer = new Y.Doc();
		const peer = new Y.Doc();
		writer.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));
		const text = writer.getText('t');
		for (const value of ['\u{10FC00}', '\u{10FC01}', 'x\u{10FC01}', 'x😀', 'x😁y']) {
			applyTextEdit(text, value);
			expect(text.toString()).toBe(value);
			expect(peer.getText('t').toString()).toBe(value);
		}
	});
});

describe('caretSegments', () => {
	it('cuts the text at carets and selections', () => {
		expect(caretSegments('abcdef', [caret('Bruno', 1, 3), caret('Nadia', 5)])).toEqual([
			{ type: 'text', text: 'a', colours: [] },
			{ type: 'text', text: 'bc', colours: ['#1f5f8b'] },
			{ type: 'caret', caret: caret('Bruno', 1, 3) },
			{ type: 'text', text: 'de', colours: [] },
			{ type: 'caret', caret: caret('Nadia', 5) },
			{ type: 'text', text: 'f', colours: [] }
		]);
	});

	it('keeps carets past the end of the text at its end', () => {
		expect(caretSegments('ab', [caret('Bruno', 9)])).toEqual([
			{ type: 'text', text: 'ab', colours: [] },
			{ type: 'caret', caret: caret('Bruno', 9) }
		]);
		expect(caretSegments('', [])).toEqual([]);
	});
});
