import type * as Y from 'yjs';
import type { BoardKind } from '../kind.ts';
import {
	BoardInputError,
	cleanChoice,
	cleanText,
	itemEntries,
	newId,
	newItem,
	newText,
	requireItem,
	writePlacement,
	writeText
} from '../model-kit.ts';
import { isDate } from '../action-plan/schema.ts';
import { enqueteLocks } from './locks.ts';
import { readEnquete, type EnqueteLink } from './read.ts';
import {
	COMPANY_MAX,
	CONCLUSION_MAX,
	ENQUETE_KIND,
	FIRST_NAME_MAX,
	INTERVIEW_NOTES_MAX,
	MAX_PEOPLE,
	MAX_QUESTIONS,
	PISTE_TITLE_MAX,
	QUESTION_MAX,
	ROLE_MAX,
	VERDICT_WORDS_MAX,
	conclusionKeys,
	conclusionRoot,
	enqueteSchema,
	linkRoot,
	peopleRoot,
	questionsRoot,
	suggestedQuestions,
	verdictIds,
	verdicts,
	type ConclusionKey,
	type Verdict
} from './schema.ts';

export * from './schema.ts';
export * from './read.ts';

// ------------------------------------------------------------------------------- questions

function questionSiblings(doc: Y.Doc, exceptId: string) {
	return itemEntries(questionsRoot(doc))
		.filter(([id]) => id !== exceptId)
		.map(([id, map]) => ({ id, map, key: map.get('order') }));
}

/** Adds a question at `index` (default: last). Returns its id. */
export function addQuestion(doc: Y.Doc, text: string, index = MAX_QUESTIONS): string {
	const words = cleanText(text, 'question', QUESTION_MAX);
	const id = newId('question-');
	doc.transact(() => {
		const questions = questionsRoot(doc);
		if (questions.size >= MAX_QUESTIONS) throw new BoardInputError('limit_reached', 'questions');
		const siblings = questionSiblings(doc, id);
		const item = newItem({ text: newText(words) });
		questions.set(id, item);
		writePlacement(doc, item, 'order', siblings, index);
	});
	return id;
}

/** Rewords a question. */
export function updateQuestion(doc: Y.Doc, questionId: string, text: string): void {
	const words = cleanText(text, 'question', QUESTION_MAX);
	doc.transact(() =>
		writeText(requireItem(questionsRoot(doc), questionId, 'questionId'), 'text', words)
	);
}

/** Moves a question to `index` among the others. */
export function moveQuestion(doc: Y.Doc, questionId: string, index: number): void {
	if (!Number.isFinite(index)) throw new BoardInputError('invalid', 'index');
	doc.transact(() => {
		const item = requireItem(questionsRoot(doc), questionId, 'questionId');
		writePlacement(doc, item, 'order', questionSiblings(doc, questionId), index);
	});
}

/** Removes a question. */
export function removeQuestion(doc: Y.Doc, questionId: string): void {
	doc.transact(() => {
		requireItem(questionsRoot(doc), questionId, 'questionId');
		questionsRoot(doc).delete(questionId);
	});
}

// ---------------------------------------------------------------------------------- people

export interface PersonInput {
	firstName: string;
	role?: string;
	company?: string;
	/** 'YYYY-MM-DD' or null. */
	date?: string | null;
	notes?: string;
}

function cleanPerson(input: Partial<PersonInput>): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	if (input.firstName !== undefined) {
		fields.firstName = cleanText(input.firstName, 'firstName', FIRST_NAME_MAX);
	}
	if (input.role !== undefined) fields.role = cleanText(input.role, 'role', ROLE_MAX, 0);
	if (input.company !== undefined) {
		fields.company = cleanText(input.company, 'company', COMPANY_MAX, 0);
	}
	if (input.date !== undefined) {
		if (input.date !== null && !isDate(input.date)) throw new BoardInputError('invalid', 'date');
		fields.date = input.date;
	}
	if (input.notes !== undefined) {
		fields.notes = cleanText(input.notes, 'notes', INTERVIEW_NOTES_MAX, 0);
	}
	return fields;
}

/** Adds a person met (an interview). Returns its id. */
export function addPerson(doc: Y.Doc, input: PersonInput): string {
	if (input.firstName === undefined) throw new BoardInputError('empty', 'firstName');
	const fields = { role: '', company: '', notes: '', date: null, ...cleanPerson(input) };
	const id = newId('person-');
	doc.transact(() => {
		const people = peopleRoot(doc);
		if (people.size >= MAX_PEOPLE) throw new BoardInputError('limit_reached', 'people');
		people.set(
			id,
			newItem(
				Object.fromEntries(
					Object.entries(fields).map(([key, value]) => [
						key,
						key === 'date' ? value : newText(value as string)
					])
				)
			)
		);
	});
	return id;
}

/** Changes some fields of a person met. */
export function updatePerson(doc: Y.Doc, personId: string, patch: Partial<PersonInput>): void {
	const fields = cleanPerson(patch);
	doc.transact(() => {
		const item = requireItem(peopleRoot(doc), personId, 'personId');
		for (const [key, value] of Object.entries(fields)) {
			if (key === 'date') item.set(key, value);
			else writeText(item, key, value as string);
		}
	});
}

/** Removes a person met and the notes of their interview. */
export function removePerson(doc: Y.Doc, personId: string): void {
	doc.transact(() => {
		requireItem(peopleRoot(doc), personId, 'personId');
		peopleRoot(doc).delete(personId);
	});
}

// ------------------------------------------------------------------------------ conclusion

/** Writes « ce que ça confirme » or « ce que ça questionne ». */
export function setConclusion(doc: Y.Doc, key: ConclusionKey, text: string): void {
	const field = cleanChoice(key, 'conclusion', conclusionKeys);
	const words = cleanText(text, field, CONCLUSION_MAX, 0);
	doc.transact(() => writeText(conclusionRoot(doc), field, words));
}

/** The verdict on the piste (null: not decided yet), and optionally its words. */
export function setVerdict(doc: Y.Doc, verdict: Verdict | null, words?: string): void {
	const choice = verdict === null ? null : cleanChoice(verdict, 'verdict', verdictIds);
	const text =
		words === undefined ? undefined : cleanText(words, 'verdictWords', VERDICT_WORDS_MAX, 0);
	doc.transact(() => {
		conclusionRoot(doc).set('verdict', choice);
		if (text !== undefined) writeText(conclusionRoot(doc), 'verdictWords', text);
	});
}

// ------------------------------------------------------------------------------- summary

export interface EnqueteSummary {
	kind: 'enquete-metier';
	/** The piste investigated, as titled when the enquête was created; null when unlinked. */
	piste: string | null;
	questions: string[];
	people: {
		firstName: string;
		role: string;
		company: string;
		date: string | null;
		notes: string;
	}[];
	confirme: string;
	questionne: string;
	/** The verdict's label (« Piste confirmée »…), or null while undecided. */
	verdict: string | null;
	verdictWords: string;
}

/** The label of a verdict id, in French (summaries and the record are in French). */
export function verdictLabel(verdict: Verdict): string {
	return verdicts.find((v) => v.id === verdict)?.label ?? verdict;
}

/** Plain JSON for the record and the synthèse. */
export function summarizeEnquete(doc: Y.Doc): EnqueteSummary {
	const enquete = readEnquete(doc);
	return {
		kind: ENQUETE_KIND,
		piste: enquete.link?.pisteTitle ?? null,
		questions: enquete.questions.map((q) => q.text),
		people: enquete.people.map(({ firstName, role, company, date, notes }) => ({
			firstName,
			role,
			company,
			date,
			notes
		})),
		confirme: enquete.confirme,
		questionne: enquete.questionne,
		verdict: enquete.verdict === null ? null : verdictLabel(enquete.verdict),
		verdictWords: enquete.verdictWords
	};
}

/** A new enquête: the suggested questions, empty conclusion texts. */
export function initEnquete(doc: Y.Doc): void {
	doc.transact(() => {
		linkRoot(doc);
		peopleRoot(doc);
		const conclusion = conclusionRoot(doc);
		for (const key of [...conclusionKeys, 'verdictWords']) conclusion.set(key, newText(''));
		conclusion.set('verdict', null);
		suggestedQuestions.forEach((question) => addQuestion(doc, question));
	});
}

/** A new enquête for the piste `link` names: `initEnquete`, plus the link (server-side only). */
export function initLinkedEnquete(doc: Y.Doc, link: EnqueteLink): void {
	doc.transact(() => {
		initEnquete(doc);
		const root = linkRoot(doc);
		root.set('planBoardId', link.planBoardId);
		root.set('pisteId', link.pisteId);
		root.set('pisteTitle', cleanText(link.pisteTitle, 'pisteTitle', PISTE_TITLE_MAX));
	});
}

export const enqueteKind: BoardKind<EnqueteSummary> = {
	kind: ENQUETE_KIND,
	version: 1,
	schema: enqueteSchema,
	init: initEnquete,
	summarize: summarizeEnquete,
	locks: enqueteLocks
};
