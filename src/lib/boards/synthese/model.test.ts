import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectReason } from '../../../../tests/helpers/board-input.ts';
import {
	SECTION_MAX,
	appendToSection,
	fillEmptySections,
	initSynthese,
	readSections,
	setSectionText,
	summarizeSynthese,
	type SectionId
} from './model.ts';

function fresh(): Y.Doc {
	const doc = new Y.Doc();
	initSynthese(doc);
	return doc;
}

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('synthèse model', () => {
	it('starts with five empty sections and summarises them in order', () => {
		const summary = summarizeSynthese(fresh());
		expect(summary.sections.map((s) => s.label)).toEqual([
			'Circonstances du bilan',
			'Compétences et aptitudes',
			'Valeurs et motivations',
			'Projet(s) professionnel(s)',
			'Étapes de mise en œuvre'
		]);
		expect(summary.sections.every((s) => s.text === '')).toBe(true);
		expect(summary.filled).toBe(0);
	});

	it('keeps two people’s concurrent edits of one section', () => {
		const a = fresh();
		const b = new Y.Doc();
		sync(a, b);
		setSectionText(a, 'valeurs', 'Autonomie et équilibre.');
		sync(a, b);
		setSectionText(a, 'valeurs', 'Grande autonomie et équilibre.');
		setSectionText(b, 'valeurs', 'Autonomie et équilibre de vie.');
		sync(a, b);
		expect(readSections(a).valeurs).toBe('Grande autonomie et équilibre de vie.');
		expect(readSections(b)).toEqual(readSections(a));
	});

	it('fills only the empty sections', () => {
		const doc = fresh();
		setSectionText(doc, 'circonstances', 'Écrit à la main.');
		fillEmptySections(doc, { circonstances: 'Proposé', competences: 'Cuisine', etapes: '  ' });
		const texts = readSections(doc);
		expect(texts.circonstances).toBe('Écrit à la main.');
		expect(texts.competences).toBe('Cuisine');
		expect(texts.etapes).toBe('');
		expect(summarizeSynthese(doc).filled).toBe(2);
	});

	it('appends after a blank line, never replacing what is written', () => {
		const doc = fresh();
		appendToSection(doc, 'projets', 'Piste A');
		appendToSection(doc, 'projets', ' Piste B ');
		expect(readSections(doc).projets).toBe('Piste A\n\nPiste B');
		expectReason(() => appendToSection(doc, 'projets', '   '), 'empty');
	});

	it('refuses unknown sections and texts over the limit', () => {
		const doc = fresh();
		expectReason(() => setSectionText(doc, 'annexes' as SectionId, 'x'), 'invalid');
		expectReason(() => setSectionText(doc, 'etapes', 'x'.repeat(SECTION_MAX + 1)), 'too_long');
		setSectionText(doc, 'etapes', 'x'.repeat(SECTION_MAX));
		expectReason(() => appendToSection(doc, 'etapes', 'encore'), 'too_long');
	});
});
