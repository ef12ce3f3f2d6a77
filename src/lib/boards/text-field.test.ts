import { describe, expect, it } from 'vitest';
import { caretSegments, textEdit, type RemoteCaret } from './text-field.ts';

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
