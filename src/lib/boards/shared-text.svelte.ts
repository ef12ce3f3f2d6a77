import { createSubscriber } from 'svelte/reactivity';
import { createContext } from 'svelte';
import * as Y from 'yjs';
import { BoardInputError } from './model-kit.ts';
import type { BoardSession } from './session.svelte.ts';
import { textEdit, type RemoteCaret, type TextField } from './text-field.ts';

/** A selection as indices in the field's text; `backward` when the caret is at `start`. */
export interface TextSelection {
	start: number;
	end: number;
	backward: boolean;
}

/**
 * One free-text field on screen, bound to its shared Y.Text: the text as it is now, the edits
 * typed here (one undo step per burst of typing), and the carets. The caret is kept as Yjs
 * relative positions tied to the characters around it, never as an index: when the other person
 * types at the same spot, each one's caret stays after their own last letter, so their words
 * stay whole instead of interleaving (an index would be pushed past the other's letter).
 *
 * Both carets lean left (`assoc` −1): a caret at the end of a word stays at the end of that word
 * when someone inserts right after it.
 */
export class SharedText {
	#session: BoardSession;
	#field: TextField;
	#subscribe: () => void;
	#anchor: Y.RelativePosition | null = null;
	#head: Y.RelativePosition | null = null;

	constructor(session: BoardSession, field: TextField) {
		this.#session = session;
		this.#field = field;
		this.#subscribe = createSubscriber((update) => session.onTransaction(() => update()));
	}

	get key(): string {
		return this.#field.key;
	}

	get max(): number {
		return this.#field.max;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	/** The field's text now ('' once its item is gone). */
	get value(): string {
		this.#subscribe();
		return this.#text()?.toString() ?? '';
	}

	/** The others' carets and selections in this field, as indices in `value`. */
	get carets(): RemoteCaret[] {
		this.#subscribe();
		const peers = this.#session.presence.caretsIn(this.#field.key);
		if (!this.#text()) return [];
		const carets: RemoteCaret[] = [];
		for (const peer of peers) {
			const anchor = this.#index(peer.caret!.anchor);
			const head = this.#index(peer.caret!.head);
			if (anchor === null || head === null) continue;
			carets.push({
				clientId: peer.clientId,
				name: peer.user.name,
				colour: peer.user.colour,
				anchor,
				head
			});
		}
		return carets;
	}

	/**
	 * Writes what was typed: the field read `before` and now reads `after`, with the caret at
	 * `caret`. Returns null, or the sentence saying why it was refused (read-only, locked, too
	 * long), in which case the field should show `value` again.
	 */
	input(before: string, after: string, caret: number): string | null {
		const field = this.#field;
		const result = this.#session.type((doc) => {
			const text = field.locate(doc);
			if (!text) throw new BoardInputError('unknown_id', field.key);
			if (after.includes('\u0000')) throw new BoardInputError('invalid', field.key);
			if (after.length > field.max) throw new BoardInputError('too_long', field.key);
			// A remote change not drawn yet: diff against the text as it is, not as it was shown.
			const current = text.toString();
			const edit = textEdit(current === before ? before : current, after, caret);
			if (edit.remove > 0) text.delete(edit.index, edit.remove);
			if (edit.insert !== '') text.insert(edit.index, edit.insert);
		});
		this.select({ start: caret, end: caret, backward: false });
		return result;
	}

	/** Remembers the selection (relative to the text) and shows it to the others. */
	select(selection: TextSelection): void {
		const text = this.#text();
		if (!text) return;
		const anchorAt = selection.backward ? selection.end : selection.start;
		const headAt = selection.backward ? selection.start : selection.end;
		this.#anchor = Y.createRelativePositionFromTypeIndex(text, anchorAt, -1);
		this.#head = Y.createRelativePositionFromTypeIndex(text, headAt, -1);
		this.#session.presence.setCaret({
			field: this.#field.key,
			anchor: Y.relativePositionToJSON(this.#anchor),
			head: Y.relativePositionToJSON(this.#head)
		});
	}

	/** Where the remembered selection is in the text now (after the others' changes). */
	selection(): TextSelection | null {
		if (!this.#anchor || !this.#head) return null;
		const anchor = Y.createAbsolutePositionFromRelativePosition(this.#anchor, this.#session.doc);
		const head = Y.createAbsolutePositionFromRelativePosition(this.#head, this.#session.doc);
		if (!anchor || !head) return null;
		return {
			start: Math.min(anchor.index, head.index),
			end: Math.max(anchor.index, head.index),
			backward: head.index < anchor.index
		};
	}

	/** The caret left the field: the others stop seeing it. */
	leave(): void {
		this.#anchor = null;
		this.#head = null;
		this.#session.presence.setCaret(null);
	}

	undo(): void {
		this.#session.undo();
	}

	redo(): void {
		this.#session.redo();
	}

	#text(): Y.Text | null {
		return this.#field.locate(this.#session.doc);
	}

	/** An index in this field's text for a relative position read from presence, or null. */
	#index(json: unknown): number | null {
		try {
			const position = Y.createRelativePositionFromJSON(json);
			const absolute = Y.createAbsolutePositionFromRelativePosition(position, this.#session.doc);
			return absolute && absolute.type === this.#text() ? absolute.index : null;
		} catch {
			// Presence comes from other clients, unchecked: a malformed position shows no caret.
			return null;
		}
	}
}

const [getSession, setSession, hasSession] = createContext<() => BoardSession | null>();

/** Provides the open board's session to the text fields of its views (`SharedTextField`). */
export const setBoardSession = setSession;

/** The session of the board this component shows, or null outside a live board. */
export function boardSession(): BoardSession | null {
	return hasSession() ? getSession()() : null;
}
