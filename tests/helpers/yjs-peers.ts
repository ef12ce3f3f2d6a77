import * as Y from 'yjs';

const REMOTE = Symbol('remote');

/**
 * Simulated replicas of one board document for property tests: each peer records the updates it
 * produced itself; `deliver` hands some of them to another peer in an arbitrary order (Yjs buffers
 * updates whose dependencies have not arrived yet), and `settle` finally delivers everything to
 * everyone — shuffled and with duplicates — the way a flaky network would.
 */
export class Peers {
	readonly docs: Y.Doc[];
	readonly #produced: Uint8Array[][];

	constructor(count: number, seedState?: Uint8Array) {
		this.docs = [];
		this.#produced = [];
		for (let i = 0; i < count; i++) {
			const doc = new Y.Doc();
			// Distinct, reproducible client ids keep runs deterministic for a given seed.
			doc.clientID = 1000 + i;
			if (seedState) Y.applyUpdate(doc, seedState, REMOTE);
			const log: Uint8Array[] = [];
			doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin !== REMOTE) log.push(update);
			});
			this.docs.push(doc);
			this.#produced.push(log);
		}
	}

	/** Delivers the updates of peer `from` picked by `pick` (indices, any order) to peer `to`. */
	deliver(from: number, to: number, pick: (count: number) => number[]): void {
		const log = this.#produced[from] ?? [];
		const target = this.docs[to];
		if (!target || from === to) return;
		for (const index of pick(log.length)) {
			const update = log[index];
			if (update) Y.applyUpdate(target, update, REMOTE);
		}
	}

	/** Delivers every update to every peer, in the order `shuffle` gives (duplicates allowed). */
	settle(shuffle: <T>(items: T[]) => T[]): void {
		const all = this.#produced.flatMap((log, from) => log.map((update) => ({ from, update })));
		this.docs.forEach((doc, to) => {
			const mine = all.filter((entry) => entry.from !== to);
			for (const entry of shuffle([...mine, ...mine.slice(0, Math.ceil(mine.length / 3))])) {
				Y.applyUpdate(doc, entry.update, REMOTE);
			}
		});
	}

	/** Encoded states of every peer (identical once converged). */
	states(): Uint8Array[] {
		return this.docs.map((doc) => Y.encodeStateAsUpdate(doc));
	}
}

/** A deterministic pseudo-random generator (mulberry32) for shuffles driven by a test seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Fisher–Yates shuffle with the given generator. */
export function shuffleWith(random: () => number): <T>(items: T[]) => T[] {
	return <T>(items: T[]): T[] => {
		const copy = [...items];
		for (let i = copy.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
		}
		return copy;
	};
}

/** An initialised document's full state, to start every peer from the same board. */
export function initialState(init: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = 1;
	init(doc);
	return Y.encodeStateAsUpdate(doc);
}
