import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareIkigai } from './compare.ts';
import { addNoteInZone, initIkigai, moveNoteToZone, removeNote, summarizeIkigai } from './model.ts';

describe('compareIkigai', () => {
	it('lists notes added, moved to another zone and removed; a repeated text is not a move', () => {
		const doc = new Y.Doc();
		initIkigai(doc);
		const moving = addNoteInZone(doc, { text: 'Jardiner' }, 'passion');
		const going = addNoteInZone(doc, { text: 'Vendre' }, 'remunere');
		addNoteInZone(doc, { text: 'Écouter' }, 'doue');
		const before = summarizeIkigai(doc);
		moveNoteToZone(doc, moving, 'mission');
		removeNote(doc, going);
		addNoteInZone(doc, { text: 'Écouter' }, 'besoin');
		const sentences = compareIkigai(before, summarizeIkigai(doc));
		expect(sentences).toHaveLength(3);
		expect(sentences[0]).toMatch(/^Ajouté dans « .+ » : « Écouter »\.$/);
		expect(sentences[1]).toMatch(/^« Jardiner » est passé de « .+ » à « .+ »\.$/);
		expect(sentences[2]).toBe('Retiré : « Vendre ».');
		expect(compareIkigai(before, before)).toEqual([]);
	});
});
