import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import type { BoardKind } from '../kind.ts';
import { BoardInputError, cleanChoice } from '../model-kit.ts';
import { applyTextEdit, type TextField } from '../text-field.ts';

/**
 * Document de synthèse (R6313-4): five sections of free text, co-edited live. Document shape
 * (only these roots exist): one top-level Y.Text per section, named by the section id. Top-level
 * roots rather than texts inside a map because a root is created by name on every peer and
 * merges: two clients can never each create "their" text for a section and lose one.
 *
 * The synthèse board is created by the server (one per bilan, prefilled from the latest
 * snapshots of the exercise boards), never from the board form: `managed`.
 */

export const SYNTHESE_KIND = 'synthese';

export type SectionId = 'circonstances' | 'competences' | 'valeurs' | 'projets' | 'etapes';

/** The sections, in the order of the document, with their French titles. */
export const syntheseSections: readonly { id: SectionId; label: string }[] = [
	{ id: 'circonstances', label: 'Circonstances du bilan' },
	{ id: 'competences', label: 'Compétences et aptitudes' },
	{ id: 'valeurs', label: 'Valeurs et motivations' },
	{ id: 'projets', label: 'Projet(s) professionnel(s)' },
	{ id: 'etapes', label: 'Étapes de mise en œuvre' }
];
export const sectionIds: readonly SectionId[] = syntheseSections.map((s) => s.id);

/** A section holds at most this many characters (a few pages of text). */
export const SECTION_MAX = 20_000;

export const syntheseSchema = s.docSchema(
	Object.fromEntries(sectionIds.map((id) => [id, s.text(SECTION_MAX)]))
);

export type SyntheseTexts = Record<SectionId, string>;

function sectionText(doc: Y.Doc, section: SectionId): Y.Text {
	return doc.getText(section);
}

/** A section as a text field typed into live (`SharedTextField`). */
export function sectionField(section: SectionId): TextField {
	return {
		key: `synthese/${section}`,
		max: SECTION_MAX,
		locate: (doc) => sectionText(doc, section)
	};
}

/** The text of every section. */
export function readSections(doc: Y.Doc): SyntheseTexts {
	const texts = {} as SyntheseTexts;
	for (const id of sectionIds) texts[id] = sectionText(doc, id).toString();
	return texts;
}

function checkLength(text: unknown, field: string): string {
	// U+0000: see `cleanText`.
	if (typeof text !== 'string' || text.includes('\u0000')) {
		throw new BoardInputError('invalid', field);
	}
	if (text.length > SECTION_MAX) throw new BoardInputError('too_long', field);
	return text;
}

/** Makes a section read `text`, by the smallest edit (see `textEdit`). */
export function setSectionText(doc: Y.Doc, section: SectionId, text: string): void {
	const id = cleanChoice(section, 'section', sectionIds);
	const next = checkLength(text, 'text');
	doc.transact(() => applyTextEdit(sectionText(doc, id), next));
}

/** Adds `text` at the end of a section, after a blank line when the section is not empty. */
export function appendToSection(doc: Y.Doc, section: SectionId, text: string): void {
	const id = cleanChoice(section, 'section', sectionIds);
	const addition = checkLength(text, 'text').trim();
	if (addition === '') throw new BoardInputError('empty', 'text');
	doc.transact(() => {
		const shared = sectionText(doc, id);
		const current = shared.toString();
		const separator = current.trim() === '' ? '' : current.endsWith('\n') ? '\n' : '\n\n';
		if (current.length + separator.length + addition.length > SECTION_MAX) {
			throw new BoardInputError('too_long', 'text');
		}
		shared.insert(current.length, separator + addition);
	});
}

/** Writes each given text into its section when that section is still empty (the prefill). */
export function fillEmptySections(doc: Y.Doc, texts: Partial<SyntheseTexts>): void {
	doc.transact(() => {
		for (const id of sectionIds) {
			const text = texts[id];
			if (text === undefined || text.trim() === '') continue;
			if (sectionText(doc, id).length === 0) setSectionText(doc, id, text);
		}
	});
}

export interface SyntheseSummary {
	kind: 'synthese';
	sections: { id: SectionId; label: string; text: string }[];
	/** How many sections hold some text. */
	filled: number;
}

/** Plain JSON for the record (and the validated versions' content). */
export function summarizeSynthese(doc: Y.Doc): SyntheseSummary {
	const texts = readSections(doc);
	const sections = syntheseSections.map((s) => ({ id: s.id, label: s.label, text: texts[s.id] }));
	return {
		kind: 'synthese',
		sections,
		filled: sections.filter((s) => s.text.trim() !== '').length
	};
}

/** A new synthèse has its five sections, empty (the server prefills them). */
export function initSynthese(doc: Y.Doc): void {
	doc.transact(() => {
		for (const id of sectionIds) sectionText(doc, id);
	});
}

export const syntheseKind: BoardKind<SyntheseSummary> = {
	kind: SYNTHESE_KIND,
	version: 1,
	schema: syntheseSchema,
	managed: true,
	init: initSynthese,
	summarize: summarizeSynthese
};
