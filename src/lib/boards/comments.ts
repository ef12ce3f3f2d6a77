/**
 * « Questions et commentaires »: what both the server and the board page know of a comment's
 * text. A mention is `@` followed by the first name of one of the bilan's two people.
 */

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
