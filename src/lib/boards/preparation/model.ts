import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import type { BoardKind } from '../kind.ts';
import { itemLocks } from '../locks.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanText,
	newId,
	newItem,
	newText,
	orderedItems,
	placeInList,
	readText,
	requireItem,
	sharedText,
	writeText
} from '../model-kit.ts';
import { applyTextEdit, type TextField } from '../text-field.ts';

/**
 * « Pourquoi ce bilan ? », the phase préliminaire: one board per bilan (`managed`, created by
 * `preparation.service.ts`), opened first. Document shape (only these roots exist):
 * - one root Y.Text per free-text rubric (`rubrics`: the situation today, what made the person
 *   come, what they expect, the problématique in their own words, and each external constraint),
 *   root texts as the synthèse's sections, so two peers never each create « their » text;
 * - `problematiques` (Y.Map, keyed by a problématique's id → true): the ones ticked, a set two
 *   people tick and untick at once without losing either;
 * - `objectifs` (Y.Map of Y.Map, keyed by id): `text` (Y.Text) and `order` (fractional key).
 */

export const PREPARATION_KIND = 'preparation';

export const RUBRIC_MAX = 4000;
export const OBJECTIF_MAX = 300;
export const MAX_OBJECTIFS = 20;

export type RubricId =
	| 'situation'
	| 'declencheur'
	| 'attentes'
	| 'problematique'
	| 'marche'
	| 'mobilite'
	| 'salaire'
	| 'famille'
	| 'sante';

/** The rubrics about the person, then the constraints a realistic project must respect. */
export const rubrics: readonly { id: RubricId; label: string; constraint: boolean }[] = [
	{ id: 'situation', label: 'La situation aujourd’hui', constraint: false },
	{ id: 'declencheur', label: 'Ce qui a amené à faire ce bilan', constraint: false },
	{ id: 'attentes', label: 'Ce qui est attendu du bilan', constraint: false },
	{ id: 'problematique', label: 'La problématique, avec ses propres mots', constraint: false },
	{ id: 'marche', label: 'Marché de l’emploi', constraint: true },
	{ id: 'mobilite', label: 'Mobilité (jusqu’où, déménagement)', constraint: true },
	{ id: 'salaire', label: 'Attentes de salaire', constraint: true },
	{ id: 'famille', label: 'Organisation familiale', constraint: true },
	{ id: 'sante', label: 'Santé', constraint: true }
];
export const rubricIds: readonly RubricId[] = rubrics.map((rubric) => rubric.id);

export type ProblematiqueId =
	| 'reconversion'
	| 'mobilite-interne'
	| 'retour-conge-parental'
	| 'sens'
	| 'evolution'
	| 'reprise-emploi';
export const problematiques: readonly { id: ProblematiqueId; label: string }[] = [
	{ id: 'reconversion', label: 'Reconversion' },
	{ id: 'mobilite-interne', label: 'Mobilité interne' },
	{ id: 'retour-conge-parental', label: 'Retour de congé parental' },
	{ id: 'sens', label: 'Retrouver du sens' },
	{ id: 'evolution', label: 'Évoluer dans son métier' },
	{ id: 'reprise-emploi', label: 'Reprendre un emploi' }
];
export const problematiqueIds: readonly ProblematiqueId[] = problematiques.map((p) => p.id);

export const preparationSchema = s.docSchema({
	...Object.fromEntries(rubricIds.map((id) => [id, s.text(RUBRIC_MAX)])),
	problematiques: s.mapOf(
		s.value((ticked) => ticked === true),
		s.oneOf(problematiqueIds)
	),
	objectifs: s.mapOf(s.map({ text: s.text(OBJECTIF_MAX), order: s.orderKey }))
});

function objectifsRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('objectifs');
}

function problematiquesRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('problematiques');
}

/** A rubric, typed into live (`SharedTextField`). */
export function rubricField(rubric: RubricId): TextField {
	return { key: `preparation/${rubric}`, max: RUBRIC_MAX, locate: (doc) => doc.getText(rubric) };
}

/** An objective's words, typed into live. */
export function objectifField(id: string): TextField {
	return {
		key: `objectifs/${id}/text`,
		max: OBJECTIF_MAX,
		locate(doc) {
			const item = objectifsRoot(doc).get(id);
			return item instanceof Y.Map ? sharedText(item as Y.Map<unknown>, 'text') : null;
		}
	};
}

export interface Objectif {
	id: string;
	text: string;
}

export interface PreparationState {
	rubrics: Record<RubricId, string>;
	problematiques: ProblematiqueId[];
	objectifs: Objectif[];
}

/** The board as plain data: the rubrics' texts, the problématiques ticked, the objectives. */
export function readPreparation(doc: Y.Doc): PreparationState {
	const ticked = problematiquesRoot(doc);
	return {
		rubrics: Object.fromEntries(rubricIds.map((id) => [id, doc.getText(id).toString()])) as Record<
			RubricId,
			string
		>,
		problematiques: problematiqueIds.filter((id) => ticked.get(id) === true),
		objectifs: orderedItems(objectifsRoot(doc)).map(({ id, map }) => ({
			id,
			text: readText(map, 'text')
		}))
	};
}

/** Makes a rubric read `text`, by the smallest edit. */
export function setRubric(doc: Y.Doc, rubric: RubricId, text: string): void {
	const id = cleanChoice(rubric, 'rubric', rubricIds);
	const value = cleanText(text, 'text', RUBRIC_MAX, 0);
	doc.transact(() => applyTextEdit(doc.getText(id), value));
}

/** Ticks (or unticks) a problématique. */
export function setProblematique(doc: Y.Doc, problematique: ProblematiqueId, on: boolean): void {
	const id = cleanChoice(problematique, 'problematique', problematiqueIds);
	if (typeof on !== 'boolean') throw new BoardInputError('invalid', 'on');
	doc.transact(() => {
		if (on) problematiquesRoot(doc).set(id, true);
		else problematiquesRoot(doc).delete(id);
	});
}

/** Adds an objective at `index` (default: last). Returns its id. */
export function addObjectif(doc: Y.Doc, text: string, index = MAX_OBJECTIFS): string {
	const words = cleanText(text, 'text', OBJECTIF_MAX);
	const id = newId('objectif-');
	doc.transact(() => {
		const root = objectifsRoot(doc);
		if (root.size >= MAX_OBJECTIFS) throw new BoardInputError('limit_reached', 'objectifs');
		root.set(id, newItem({ text: newText(words) }));
		placeInList(doc, root, id, index);
	});
	return id;
}

/** Rewords an objective. */
export function updateObjectif(doc: Y.Doc, id: string, text: string): void {
	const words = cleanText(text, 'text', OBJECTIF_MAX);
	doc.transact(() => writeText(requireItem(objectifsRoot(doc), id, 'objectifId'), 'text', words));
}

/** Moves an objective to `index` among the others. */
export function moveObjectif(doc: Y.Doc, id: string, index: number): void {
	doc.transact(() => placeInList(doc, objectifsRoot(doc), id, index));
}

/** Removes an objective. */
export function removeObjectif(doc: Y.Doc, id: string): void {
	doc.transact(() => {
		requireItem(objectifsRoot(doc), id, 'objectifId');
		objectifsRoot(doc).delete(id);
	});
}

export interface PreparationSummary {
	kind: 'preparation';
	/** The rubrics about the person (situation, déclencheur, attentes, own words). */
	rubrics: { id: RubricId; label: string; text: string }[];
	/** The problématiques ticked, by their label. */
	problematiques: string[];
	/** The objectives, in their order (empty ones left out). */
	objectifs: string[];
	/** The external constraints a realistic project must respect. */
	contraintes: { id: RubricId; label: string; text: string }[];
}

/** Plain JSON for the record, the synthèse, the bilan's home and the action plan's side. */
export function summarizePreparation(doc: Y.Doc): PreparationSummary {
	const state = readPreparation(doc);
	const rubric = (r: (typeof rubrics)[number]) => ({
		id: r.id,
		label: r.label,
		text: state.rubrics[r.id].trim()
	});
	return {
		kind: 'preparation',
		rubrics: rubrics.filter((r) => !r.constraint).map(rubric),
		problematiques: problematiques
			.filter((p) => state.problematiques.includes(p.id))
			.map((p) => p.label),
		objectifs: state.objectifs.map((o) => o.text.trim()).filter((text) => text !== ''),
		contraintes: rubrics.filter((r) => r.constraint).map(rubric)
	};
}

/** A new préparation has its rubrics, empty, and nothing ticked. */
export function initPreparation(doc: Y.Doc): void {
	doc.transact(() => {
		for (const id of rubricIds) doc.getText(id);
		problematiquesRoot(doc);
		objectifsRoot(doc);
	});
}

export const preparationKind: BoardKind<PreparationSummary> = {
	kind: PREPARATION_KIND,
	version: 1,
	schema: preparationSchema,
	managed: true,
	init: initPreparation,
	summarize: summarizePreparation,
	// An objective can be locked on its own; the rubrics go with the whole board.
	locks: itemLocks('objectifs', 'objectif', (doc) =>
		readPreparation(doc).objectifs.map(({ id, text }) => ({
			id,
			label: `Objectif : ${text.trim() || '?'}`
		}))
	)
};
