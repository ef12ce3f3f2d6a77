import type * as Y from 'yjs';

/**
 * A free-text field of a board, as the kind's model locates it: the shared `Y.Text` both people
 * type into. `key` names the field in presence (`cards/<id>/why`): the others' carets are shown
 * in the field with the same key. Plain data, so a binding can hand it to a view.
 */
export interface TextField {
	/** Stable name of the field on this board (item id and field name, never a title). */
	key: string;
	/** Longest text the model accepts. */
	max: number;
	/** The field's text in `doc`, or null when its item is gone (deleted meanwhile). */
	locate(doc: Y.Doc): Y.Text | null;
}

/** The change that turns one text into another: delete `remove` characters at `index`, insert. */
export interface TextEdit {
	index: number;
	remove: number;
	insert: string;
}

/**
 * The smallest edit turning `before` into `after`: the common prefix and suffix are kept, so a
 * concurrent edit elsewhere in the text survives (replacing the whole text would erase it).
 *
 * `caret`, the caret's position in `after` once the edit is made, settles the ambiguous cases:
 * typing "a" into "aa" is an insertion at the caret, not at the end. Where the edit lands decides
 * what a concurrent edit of the other person lands next to, so it must be where the person typed.
 *
 * The edit never cuts a surrogate pair (an emoji, a character beyond U+FFFF): Yjs counts UTF-16
 * units, and a pair split between two of its items is replaced by U+FFFD in the writer's document
 * only — the peers, which receive both halves, would then read another text.
 */
export function textEdit(before: string, after: string, caret?: number): TextEdit {
	const shortest = Math.min(before.length, after.length);
	const sameAtEnd = (n: number) => before[before.length - 1 - n] === after[after.length - 1 - n];
	let prefix = 0;
	let suffix = 0;
	if (caret === undefined) {
		while (prefix < shortest && before[prefix] === after[prefix]) prefix++;
		while (suffix < shortest - prefix && sameAtEnd(suffix)) suffix++;
	} else {
		// What follows the caret is kept; the edit ends at the caret at the latest.
		const suffixMax = Math.min(shortest, Math.max(0, after.length - caret));
		while (suffix < suffixMax && sameAtEnd(suffix)) suffix++;
		while (prefix < shortest - suffix && before[prefix] === after[prefix]) prefix++;
	}
	if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
	if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
	return {
		index: prefix,
		remove: before.length - prefix - suffix,
		insert: after.slice(prefix, after.length - suffix)
	};
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Makes `text` read `value` by the smallest edit (see `textEdit`). */
export function applyTextEdit(text: Y.Text, value: string, caret?: number): void {
	const edit = textEdit(text.toString(), value, caret);
	if (edit.remove > 0) text.delete(edit.index, edit.remove);
	if (edit.insert !== '') text.insert(edit.index, edit.insert);
}

/** Someone else's caret or selection in a field, as absolute indices in its current text. */
export interface RemoteCaret {
	clientId: number;
	name: string;
	colour: string;
	/** Where the selection starts and ends (equal for a bare caret); `end` is where the caret is. */
	anchor: number;
	head: number;
}

/** A run of text in the caret overlay, with the colours of the selections covering it. */
export type CaretSegment =
	{ type: 'text'; text: string; colours: string[] } | { type: 'caret'; caret: RemoteCaret };

/**
 * Cuts `text` into runs for the overlay drawn behind a field: plain text, text inside someone's
 * selection (with their colour), and a caret with their name where their caret is.
 */
export function caretSegments(text: string, carets: readonly RemoteCaret[]): CaretSegment[] {
	const clamp = (index: number) => Math.max(0, Math.min(text.length, index));
	const cuts = new Set<number>([0, text.length]);
	for (const caret of carets) {
		cuts.add(clamp(caret.anchor));
		cuts.add(clamp(caret.head));
	}
	const points = [...cuts].sort((a, b) => a - b);
	const segments: CaretSegment[] = [];
	for (let i = 0; i < points.length; i++) {
		const at = points[i]!;
		for (const caret of carets) {
			if (clamp(caret.head) === at) segments.push({ type: 'caret', caret });
		}
		const next = points[i + 1];
		if (next === undefined || next === at) continue;
		const colours = carets
			.filter((c) => Math.min(clamp(c.anchor), clamp(c.head)) <= at)
			.filter((c) => Math.max(clamp(c.anchor), clamp(c.head)) >= next)
			.map((c) => c.colour);
		segments.push({ type: 'text', text: text.slice(at, next), colours });
	}
	return segments;
}
