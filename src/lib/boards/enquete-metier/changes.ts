import { m } from '../../paraglide/messages.js';
import type { EnqueteState } from './read.ts';
import type { Verdict } from './schema.ts';

const verdictLabels: Record<Verdict, () => string> = {
	confirmee: m.board_enquete_verdict_confirmee,
	'a-creuser': m.board_enquete_verdict_a_creuser,
	ecartee: m.board_enquete_verdict_ecartee
};

/** A verdict in the page's language; « Pas encore décidé » for none. */
export function verdictText(verdict: Verdict | null): string {
	return verdict === null ? m.board_enquete_verdict_none() : verdictLabels[verdict]();
}

const MAX_SENTENCES = 3;

/**
 * What someone else changed on the enquête, as sentences for screen readers: questions and
 * people added or removed, the verdict. Free text is not announced: it comes keystroke by
 * keystroke, and the field itself shows who is typing there.
 */
export function describeEnqueteChanges(
	previous: EnqueteState,
	next: EnqueteState,
	author: string
): string[] {
	const sentences: string[] = [];
	const entries = (state: EnqueteState) => [
		...state.questions.map((q) => ({ id: q.id, name: q.text })),
		...state.people.map((p) => ({ id: p.id, name: p.firstName }))
	];
	const [before, after] = [entries(previous), entries(next)];
	const had = new Set(before.map((e) => e.id));
	const has = new Set(after.map((e) => e.id));
	for (const e of after) {
		if (!had.has(e.id)) sentences.push(m.board_enquete_said_added({ author, name: e.name }));
	}
	for (const e of before) {
		if (!has.has(e.id)) sentences.push(m.board_enquete_said_removed({ author, name: e.name }));
	}
	if (previous.verdict !== next.verdict) {
		sentences.push(m.board_enquete_said_verdict({ author, verdict: verdictText(next.verdict) }));
	}
	if (sentences.length <= MAX_SENTENCES) return sentences;
	const rest = sentences.length - MAX_SENTENCES;
	return [...sentences.slice(0, MAX_SENTENCES), m.board_said_more({ count: rest })];
}
