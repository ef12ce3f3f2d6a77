import type * as Y from 'yjs';
import type { BoardSession } from './session.svelte.ts';

/** Sentences describing what changed between two snapshots, naming `author`. */
export type DescribeChanges<T> = (previous: T, next: T, author: string) => string[];

/**
 * A kind's board as immutable plain data (`$state.raw`): re-read from the document after every
 * transaction, so views render plain objects and never observe Y types. After a remote change,
 * `describe` turns the difference into sentences for the screen-reader announcements. It listens
 * eagerly (not only while rendered) because the announcement needs the state before the change.
 */
export class DocState<T> {
	#session: BoardSession;
	#read: (doc: Y.Doc) => T;
	#describe: DescribeChanges<T> | undefined;
	#snapshot: T;
	#stop: () => void;

	constructor(session: BoardSession, read: (doc: Y.Doc) => T, describe?: DescribeChanges<T>) {
		this.#session = session;
		this.#read = read;
		this.#describe = describe;
		this.#snapshot = $state.raw(read(session.doc));
		this.#stop = session.onTransaction((_transaction, remote) => this.#refresh(remote?.author));
	}

	get current(): T {
		return this.#snapshot;
	}

	#refresh(author: string | undefined): void {
		const previous = this.#snapshot;
		const next = this.#read(this.#session.doc);
		this.#snapshot = next;
		if (author === undefined || !this.#describe) return;
		const sentences = this.#describe(previous, next, author);
		if (sentences.length > 0) this.#session.announce(sentences.join(' '));
	}

	destroy(): void {
		this.#stop();
	}
}
