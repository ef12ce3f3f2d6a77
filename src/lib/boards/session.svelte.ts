import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { m } from '$lib/paraglide/messages';
import type { RootType } from './doc-schema.ts';
import { BoardInputError } from './model-kit.ts';
import { Presence, type PresenceUser } from './presence.svelte.ts';

/** Who made a remote change, as the board's announcements name them. */
export interface RemoteChange {
	/** Display name of the author(s), or "Quelqu'un" when they already left. */
	author: string;
}

type TransactionListener = (transaction: Y.Transaction, remote: RemoteChange | null) => void;

/** The history of a kind that keeps its own (the canvas: tldraw's), driving undo/redo instead. */
export interface ExternalHistory {
	undo(): void;
	redo(): void;
	/** Calls `onChange` now and whenever undo/redo become (un)available; returns a stop. */
	subscribe(onChange: (canUndo: boolean, canRedo: boolean) => void): () => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- UndoManager scopes mix root types
function rootOf(doc: Y.Doc, name: string, type: RootType): Y.AbstractType<any> {
	switch (type) {
		case 'map':
			return doc.getMap(name);
		case 'array':
			return doc.getArray(name);
		case 'text':
			return doc.getText(name);
		case 'xml':
			return doc.getXmlFragment(name);
	}
}

/** A French (or English) sentence for a refused operation. */
export function operationMessage(cause: unknown): string {
	if (!(cause instanceof BoardInputError)) return m.board_error_other();
	switch (cause.reason) {
		case 'empty':
			return m.board_error_empty();
		case 'too_long':
			return m.board_error_too_long();
		case 'out_of_range':
			return m.board_error_out_of_range();
		case 'duplicate':
			return m.board_error_duplicate();
		case 'limit_reached':
			return m.board_error_limit_reached();
		case 'not_fresh':
			return m.board_error_not_fresh();
		default:
			return m.board_error_other();
	}
}

/**
 * One open board on this client: the document (for the kind's binding only, never components),
 * presence, undo/redo of one's OWN changes, and the announcements screen readers hear when
 * someone else changes the board.
 */
export class BoardSession {
	readonly presence: Presence;
	/** The origin of every local change: what the undo manager tracks. */
	readonly origin: object = { local: true };
	#doc: Y.Doc;
	#awareness: Awareness;
	#readOnly: () => boolean;
	#guard: (operation: (doc: Y.Doc) => void) => string | null;
	#undo: Y.UndoManager;
	#external: { history: ExternalHistory; stop: () => void } | null = null;
	// Plain sets and maps below: bookkeeping, never rendered.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#listeners = new Set<TransactionListener>();
	#canUndo = $state(false);
	#canRedo = $state(false);
	#announcement = $state('');
	#problem = $state('');
	#onTransaction = (transaction: Y.Transaction) => this.#dispatch(transaction);
	#onStack = () => {
		if (this.#external) return;
		this.#canUndo = this.#undo.canUndo();
		this.#canRedo = this.#undo.canRedo();
	};

	constructor(options: {
		doc: Y.Doc;
		awareness: Awareness;
		roots: Readonly<Record<string, RootType>>;
		user: PresenceUser;
		/** Read on every use: the server may turn a board read-only while it is open. */
		readOnly: () => boolean;
		/** Why an operation may not run before it is tried (a locked part), or null. */
		guard?: (operation: (doc: Y.Doc) => void) => string | null;
	}) {
		this.#doc = options.doc;
		this.#awareness = options.awareness;
		this.#readOnly = options.readOnly;
		this.#guard = options.guard ?? (() => null);
		this.presence = new Presence(options.awareness, options.user);
		const scope = Object.entries(options.roots).map(([name, type]) =>
			rootOf(options.doc, name, type)
		);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		this.#undo = new Y.UndoManager(scope, { trackedOrigins: new Set([this.origin]) });
		for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
			this.#undo.on(event, this.#onStack);
		}
		options.doc.on('afterTransaction', this.#onTransaction);
	}

	/** The document, for the kind's binding class (components go through the binding). */
	get doc(): Y.Doc {
		return this.#doc;
	}

	/** The connection's awareness, for a kind's binding that maps presence itself (the canvas). */
	get awareness(): Awareness {
		return this.#awareness;
	}

	get readOnly(): boolean {
		return this.#readOnly();
	}

	/**
	 * Hands undo/redo (buttons, keys) to the kind's own history until the returned function is
	 * called. The canvas uses tldraw's: one step per gesture, and its menus stay coherent.
	 */
	useHistory(history: ExternalHistory): () => void {
		this.#external?.stop();
		const stop = history.subscribe((canUndo, canRedo) => {
			this.#canUndo = canUndo;
			this.#canRedo = canRedo;
		});
		const external = { history, stop };
		this.#external = external;
		return () => {
			if (this.#external !== external) return;
			stop();
			this.#external = null;
			this.#onStack();
		};
	}

	get canUndo(): boolean {
		return this.#canUndo;
	}

	get canRedo(): boolean {
		return this.#canRedo;
	}

	/** The last sentence for the aria-live region (remote changes, refused operations). */
	get announcement(): string {
		return this.#announcement;
	}

	announce(text: string): void {
		// The same sentence twice in a row must be heard twice: a trailing no-break space differs.
		this.#announcement = text === this.#announcement ? `${text}\u00a0` : text;
	}

	/** The refusal of the last operation reported, shown above the board ('' once one goes through). */
	get problem(): string {
		return this.#problem;
	}

	/**
	 * Reports what an operation returned (`apply`, a binding's operation): its refusal is shown
	 * above the board until the next operation reported goes through. Returns whether it did.
	 * A bound function: the kinds' views hand it to their parts as it is.
	 */
	report = (result: string | null): boolean => {
		this.#problem = result ?? '';
		return result === null;
	};

	/**
	 * Runs a model operation as one local, undoable change. Returns null, or the sentence to show
	 * when the model refused the input (the board is left unchanged).
	 */
	apply(operation: (doc: Y.Doc) => void): string | null {
		// One operation, one undo step (Yjs would merge changes made within 500 ms of each other,
		// before it or after it: typing into a note just added must not undo the addition).
		this.#undo.stopCapturing();
		const result = this.type(operation);
		this.#undo.stopCapturing();
		return result;
	}

	/**
	 * Like `apply`, for typing in a text field: keystrokes made within 500 ms of each other are
	 * undone together, the way an editor undoes a word rather than a letter.
	 */
	type(operation: (doc: Y.Doc) => void): string | null {
		if (this.readOnly) return m.board_status_read_only();
		const refusal = this.#guard(operation);
		if (refusal) return refusal;
		try {
			this.#doc.transact(() => operation(this.#doc), this.origin);
			return null;
		} catch (cause) {
			if (cause instanceof BoardInputError) return operationMessage(cause);
			throw cause;
		}
	}

	undo(): void {
		if (this.readOnly) return;
		if (this.#external) this.#external.history.undo();
		else this.#undo.undo();
	}

	redo(): void {
		if (this.readOnly) return;
		if (this.#external) this.#external.history.redo();
		else this.#undo.redo();
	}

	/** Calls `listener` after every transaction; `remote` is null for this client's own changes. */
	onTransaction(listener: TransactionListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#dispatch(transaction: Y.Transaction): void {
		const remote = transaction.local ? null : { author: this.#authorOf(transaction) };
		for (const listener of this.#listeners) listener(transaction, remote);
	}

	/**
	 * The clients whose clock moved in the transaction, named from presence. A deletion moves no
	 * clock (Yjs only marks what it removes): when one other person is on the board, it is theirs.
	 */
	#authorOf(transaction: Y.Transaction): string {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const names = new Set<string>();
		transaction.afterState.forEach((clock, client) => {
			if ((transaction.beforeState.get(client) ?? 0) === clock) return;
			const name = this.presence.nameOf(client);
			if (name) names.add(name);
		});
		if (names.size > 0) return [...names].join(', ');
		const others = this.presence.others.map((peer) => peer.user.name);
		return others.length > 0 && others.every((name) => name === others[0])
			? others[0]!
			: m.board_someone();
	}

	destroy(): void {
		this.#external?.stop();
		this.#external = null;
		this.#doc.off('afterTransaction', this.#onTransaction);
		this.#undo.destroy();
		this.presence.destroy();
		this.#listeners.clear();
	}
}
