/**
 * « Questions et commentaires »: the shapes the server hands to the pages, and what both know of
 * a comment's text. A mention is `@` followed by the first name of one of the bilan's two people.
 */

export interface CommentView {
	id: string;
	authorId: string | null;
	authorName: string;
	body: string;
	createdAt: Date;
}

/** A thread: its first comment (what it is about, question or not, resolved or not) and replies. */
export interface CommentThread extends CommentView {
	/** The entry commented (`data-item-id` on the board), null for the whole board. */
	itemKey: string | null;
	itemLabel: string | null;
	question: boolean;
	resolvedAt: Date | null;
	resolvedByName: string | null;
	replies: CommentView[];
}

export interface BoardComments {
	threads: CommentThread[];
	/** Who one may mention (`@Claire`, the first name): the bilan's beneficiary and consultant. */
	people: { id: string; firstName: string }[];
}

/** An open question, as the agenda of the next rendez-vous lists it. */
export interface OpenQuestion {
	id: string;
	boardId: string;
	boardTitle: string;
	itemLabel: string | null;
	body: string;
	authorName: string;
	createdAt: Date;
}

/** The longest comment; a longer one is refused, not cut. */
export const COMMENT_MAX = 2000;

/** The first name of a person, as one writes it after `@`. */
export function firstNameOf(name: string): string {
	return name.trim().split(/\s+/)[0] ?? '';
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mentionPattern(names: readonly string[]): RegExp | null {
	const words = [...new Set(names.filter((name) => name !== ''))].map(escapeRegExp);
	if (words.length === 0) return null;
	// Not followed by a letter: « @Clairette » is not a mention of Claire.
	return new RegExp(`@(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Whether `body` mentions `firstName` (`@Claire`, in any case). */
export function mentions(body: string, firstName: string): boolean {
	return mentionPattern([firstName])?.test(body) ?? false;
}

/** A comment's text cut into plain parts and the mentions of `names`, to highlight them. */
export function mentionParts(
	body: string,
	names: readonly string[]
): { text: string; mention: boolean }[] {
	const pattern = mentionPattern(names);
	if (!pattern) return [{ text: body, mention: false }];
	const parts: { text: string; mention: boolean }[] = [];
	let at = 0;
	for (const match of body.matchAll(pattern)) {
		if (match.index > at) parts.push({ text: body.slice(at, match.index), mention: false });
		parts.push({ text: match[0], mention: true });
		at = match.index + match[0].length;
	}
	if (at < body.length) parts.push({ text: body.slice(at), mention: false });
	return parts;
}

/** What decides whether a thread waits for someone's answer. */
export interface ThreadVoices {
	authorId: string | null;
	resolvedAt: Date | null;
	replies: readonly { authorId: string | null }[];
}

/**
 * Whether a thread waits for `actorId`'s answer: unresolved, and the other person spoke last (a
 * mention of them after their own last word makes the other person the last one to speak).
 */
export function awaitsAnswer(thread: ThreadVoices, actorId: string): boolean {
	const last = thread.replies.at(-1) ?? thread;
	return thread.resolvedAt === null && last.authorId !== null && last.authorId !== actorId;
}
