import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import { BoardConnection } from './connection.svelte';
import type { BoardKindDefinition } from './kind';

/**
 * A board followed live, read-only, and told in words: what its kind's `compare` says changed
 * from a new board of the kind to the board as it is now. The facilitator's gallery shows a
 * cohort's copies this way (issue 15): one light connection each (no copy kept on the device),
 * no view loaded, re-read on every change of the document.
 */
export class LiveSummary {
	readonly connection: BoardConnection;
	readonly #kind: BoardKindDefinition;
	readonly #start: unknown;
	readonly #subscribe: () => void;

	constructor(boardId: string, kind: BoardKindDefinition) {
		this.#kind = kind;
		const blank = new Y.Doc();
		kind.init(blank);
		this.#start = kind.summarize(blank);
		blank.destroy();
		this.connection = new BoardConnection(boardId, {
			readOnly: true,
			keepLocally: false,
			version: kind.version
		});
		const doc = this.connection.doc;
		this.#subscribe = createSubscriber((update) => {
			const changed = () => update();
			doc.on('update', changed);
			return () => doc.off('update', changed);
		});
	}

	/** The board in sentences, newest content included. */
	get lines(): string[] {
		this.#subscribe();
		return this.#kind.compare(this.#start, this.#kind.summarize(this.connection.doc));
	}

	destroy(): void {
		this.connection.destroy();
	}
}
