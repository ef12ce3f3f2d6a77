import type * as Y from 'yjs';
import { sortOrdered } from '../fractional-index.ts';
import { itemEntries, readString, readText } from '../model-kit.ts';
import { isDate } from '../action-plan/schema.ts';
import {
	conclusionRoot,
	linkRoot,
	peopleRoot,
	questionsRoot,
	verdictIds,
	type Verdict
} from './schema.ts';

/** Readers of the enquête métier: plain objects, never trusting a field's type. */

/** The piste an enquête investigates (set by the server when it created the board). */
export interface EnqueteLink {
	planBoardId: string;
	pisteId: string;
	pisteTitle: string;
}

/** What a piste card of the action plan shows of its enquête (`enqueteOfPlan`). */
export interface PisteEnquete {
	pisteId: string;
	boardId: string;
	verdict: Verdict | null;
}

export interface Question {
	id: string;
	text: string;
}

export interface Person {
	id: string;
	firstName: string;
	role: string;
	company: string;
	date: string | null;
	notes: string;
}

export interface EnqueteState {
	link: EnqueteLink | null;
	/** In their order. */
	questions: Question[];
	/** By date of the interview (undated last), then by id. */
	people: Person[];
	confirme: string;
	questionne: string;
	verdict: Verdict | null;
	verdictWords: string;
}

/** The link, or null for a board created from the form (or one whose link is damaged). */
export function readLink(doc: Y.Doc): EnqueteLink | null {
	const root = linkRoot(doc);
	const link = {
		planBoardId: readString(root, 'planBoardId'),
		pisteId: readString(root, 'pisteId'),
		pisteTitle: readString(root, 'pisteTitle')
	};
	return link.planBoardId && link.pisteId ? link : null;
}

/**
 * A text typed live can be empty for a moment (two people erased it at once): it still needs a
 * name to be shown and announced.
 */
function shown(map: Y.Map<unknown>, key: string): string {
	return readText(map, key).trim() || '?';
}

function toPerson(id: string, map: Y.Map<unknown>): Person {
	const date = map.get('date');
	return {
		id,
		firstName: shown(map, 'firstName'),
		role: readText(map, 'role').trim(),
		company: readText(map, 'company').trim(),
		date: isDate(date) ? date : null,
		notes: readText(map, 'notes').trim()
	};
}

function byDate(a: Person, b: Person): number {
	const [dateA, dateB] = [a.date ?? '9999-99-99', b.date ?? '9999-99-99'];
	if (dateA !== dateB) return dateA < dateB ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function readVerdict(doc: Y.Doc): Verdict | null {
	const verdict = conclusionRoot(doc).get('verdict');
	return (verdictIds as readonly unknown[]).includes(verdict) ? (verdict as Verdict) : null;
}

/**
 * What the enquête `boardId` tells the action plan `planBoardId`: its piste and verdict when it
 * is one of that plan's, else null. Reads only the link and the verdict.
 */
export function enqueteOfPlan(
	doc: Y.Doc,
	boardId: string,
	planBoardId: string
): PisteEnquete | null {
	const link = readLink(doc);
	if (link?.planBoardId !== planBoardId) return null;
	return { pisteId: link.pisteId, boardId, verdict: readVerdict(doc) };
}

/** The whole enquête. */
export function readEnquete(doc: Y.Doc): EnqueteState {
	const conclusion = conclusionRoot(doc);
	return {
		link: readLink(doc),
		questions: sortOrdered(
			itemEntries(questionsRoot(doc)).map(([id, map]) => ({ id, map, key: map.get('order') }))
		).map(({ id, map }) => ({ id, text: shown(map, 'text') })),
		people: itemEntries(peopleRoot(doc))
			.map(([id, map]) => toPerson(id, map))
			.sort(byDate),
		confirme: readText(conclusion, 'confirme').trim(),
		questionne: readText(conclusion, 'questionne').trim(),
		verdict: readVerdict(doc),
		verdictWords: readText(conclusion, 'verdictWords').trim()
	};
}
