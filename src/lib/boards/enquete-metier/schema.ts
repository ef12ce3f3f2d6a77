import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import { sharedText } from '../model-kit.ts';
import type { TextField } from '../text-field.ts';
import { isDate } from '../action-plan/schema.ts';

/**
 * Enquête métier: the beneficiary prepares and reports the interviews of professionals for one
 * piste of the action plan. Only these roots exist:
 * - `link` (Y.Map): `planBoardId`, `pisteId`, `pisteTitle` — the piste it investigates, written
 *   once by the server when it creates the board (`enquetes.service.ts`); no client may write it.
 * - `questions` (Y.Map of Y.Map, keyed by id): `text` (Y.Text), `order` (fractional key).
 * - `people` (Y.Map of Y.Map, keyed by id): one interview each: `firstName`, `role`, `company`
 *   and `notes` (Y.Text), `date` ('YYYY-MM-DD' or null). Nothing more about a third party than
 *   a first name, a role and a company: no surname, no contact details.
 * - `conclusion` (Y.Map): `confirme` and `questionne` (Y.Text: what the interviews confirm and
 *   what they put in question), `verdict` (one of `verdictIds`, or null) and `verdictWords`
 *   (Y.Text).
 *
 * People met are listed by date (the order of the interviews), so they carry no order key.
 */

export const ENQUETE_KIND = 'enquete-metier';

export const QUESTION_MAX = 300;
export const MAX_QUESTIONS = 60;
export const FIRST_NAME_MAX = 40;
export const ROLE_MAX = 120;
export const COMPANY_MAX = 120;
export const INTERVIEW_NOTES_MAX = 5000;
export const MAX_PEOPLE = 40;
export const CONCLUSION_MAX = 3000;
export const VERDICT_WORDS_MAX = 1000;
export const PISTE_TITLE_MAX = 120;

export type Verdict = 'confirmee' | 'a-creuser' | 'ecartee';
export const verdicts: readonly { id: Verdict; label: string }[] = [
	{ id: 'confirmee', label: 'Piste confirmée' },
	{ id: 'a-creuser', label: 'Piste à creuser' },
	{ id: 'ecartee', label: 'Piste écartée' }
];
export const verdictIds = verdicts.map((v) => v.id);

/** The questions a new enquête starts from: the beneficiary rewords, adds, removes, reorders. */
export const suggestedQuestions: readonly string[] = [
	'Comment êtes-vous arrivé·e à ce métier ?',
	'À quoi ressemble une journée ou une semaine type ?',
	'Qu’est-ce qui vous plaît le plus dans ce métier, et le moins ?',
	'Quelles compétences et qualités sont indispensables ?',
	'Quelles formations ou certifications sont demandées pour débuter ?',
	'Quelles sont les conditions de travail (horaires, salaire, déplacements) ?',
	'Comment le métier évolue-t-il, et recrute-t-on dans la région ?',
	'Qui d’autre me conseilleriez-vous de rencontrer ?'
];

export type ConclusionKey = 'confirme' | 'questionne';
export const conclusionKeys: readonly ConclusionKey[] = ['confirme', 'questionne'];

/** Set by the server at creation only: any client update touching it is refused. */
const serverOnly = s.value(() => false);

export const enqueteSchema = s.docSchema({
	link: s.map({ planBoardId: serverOnly, pisteId: serverOnly, pisteTitle: serverOnly }),
	questions: s.mapOf(s.map({ text: s.text(QUESTION_MAX), order: s.orderKey })),
	people: s.mapOf(
		s.map({
			firstName: s.text(FIRST_NAME_MAX),
			role: s.text(ROLE_MAX),
			company: s.text(COMPANY_MAX),
			date: s.nullable(s.value(isDate)),
			notes: s.text(INTERVIEW_NOTES_MAX)
		})
	),
	conclusion: s.map({
		confirme: s.text(CONCLUSION_MAX),
		questionne: s.text(CONCLUSION_MAX),
		verdict: s.nullable(s.oneOf(verdictIds)),
		verdictWords: s.text(VERDICT_WORDS_MAX)
	})
});

export function linkRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('link');
}

export function questionsRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('questions');
}

export function peopleRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('people');
}

export function conclusionRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('conclusion');
}

// ----------------------------------------------------------------------------- free text

function itemField(
	root: (doc: Y.Doc) => Y.Map<unknown>,
	name: string,
	id: string,
	key: string,
	max: number
): TextField {
	return {
		key: `${name}/${id}/${key}`,
		max,
		locate(doc) {
			const item = root(doc).get(id);
			return item instanceof Y.Map ? sharedText(item as Y.Map<unknown>, key) : null;
		}
	};
}

/** A question's words, typed into live (`SharedTextField`). */
export function questionField(questionId: string): TextField {
	return itemField(questionsRoot, 'questions', questionId, 'text', QUESTION_MAX);
}

export type PersonTextKey = 'firstName' | 'role' | 'company' | 'notes';
const personMax: Record<PersonTextKey, number> = {
	firstName: FIRST_NAME_MAX,
	role: ROLE_MAX,
	company: COMPANY_MAX,
	notes: INTERVIEW_NOTES_MAX
};

/** A free-text field of a person met (the interview's notes included), typed into live. */
export function personField(personId: string, key: PersonTextKey): TextField {
	return itemField(peopleRoot, 'people', personId, key, personMax[key]);
}

/** « Ce que ça confirme », « ce que ça questionne » or the verdict's words, typed into live. */
export function conclusionField(key: ConclusionKey | 'verdictWords'): TextField {
	return {
		key: `conclusion/${key}`,
		max: key === 'verdictWords' ? VERDICT_WORDS_MAX : CONCLUSION_MAX,
		locate: (doc) => sharedText(conclusionRoot(doc), key)
	};
}
