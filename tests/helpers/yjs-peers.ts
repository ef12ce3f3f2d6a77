import * as Y from 'yjs';
import fc from 'fast-check';
import { expect } from 'vitest';
import { seededRandom } from './random.ts';
import { violationOf, type DocSchema, type Violation } from '../../src/lib/boards/doc-schema.ts';
import { BoardInputError } from '../../src/lib/boards/model-kit.ts';

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

	/** Every update the peers produced themselves, peer after peer. */
	get produced(): Uint8Array[] {
		return this.#produced.flat();
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

	/**
	 * Encoded states of every peer, identical once converged. Each state goes through a fresh
	 * document first: how a replica's struct store merges runs of garbage-collected items depends
	 * on the order updates arrived in, so raw encodings of equal documents can differ by a few
	 * bytes (their snapshots and content do not); re-encoding normalises that.
	 */
	states(): Uint8Array[] {
		return this.docs.map((doc) => {
			const fresh = new Y.Doc();
			Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
			return Y.encodeStateAsUpdate(fresh);
		});
	}

	/** Whether every peer has the same state vector and delete set. */
	sameSnapshots(): boolean {
		const [first, ...others] = this.docs.map((doc) => Y.snapshot(doc));
		return others.every((snapshot) => first !== undefined && Y.equalSnapshots(first, snapshot));
	}
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

/** One step of a concurrent scenario: a peer edits, or some updates travel between two peers. */
export type Step<Op> =
	| { kind: 'op'; peer: number; op: Op }
	| { kind: 'sync'; from: number; to: number; picks: number[] };

/**
 * Plays `steps` on `count` peers started from `seedState`, then settles the network (order from
 * `seed`). `apply` performs one operation on one replica; it may throw the model's input errors,
 * which are expected (a random operation is often invalid). Returns the peers for assertions.
 */
export function playScenario<Op>(options: {
	count: number;
	seedState: Uint8Array;
	steps: readonly Step<Op>[];
	seed: number;
	apply: (doc: Y.Doc, op: Op, peer: number) => void;
	isExpectedError: (error: unknown) => boolean;
	afterStep?: (doc: Y.Doc) => void;
}): Peers {
	const peers = new Peers(options.count, options.seedState);
	for (const step of options.steps) {
		if (step.kind === 'op') {
			const doc = peers.docs[step.peer % options.count] as Y.Doc;
			try {
				options.apply(doc, step.op, step.peer % options.count);
			} catch (error) {
				if (!options.isExpectedError(error)) throw error;
			}
			options.afterStep?.(doc);
		} else {
			const from = step.from % options.count;
			const to = step.to % options.count;
			peers.deliver(from, to, (length) =>
				length === 0 ? [] : step.picks.map((pick) => pick % length)
			);
			options.afterStep?.(peers.docs[to] as Y.Doc);
		}
	}
	peers.settle(shuffleWith(seededRandom(options.seed)));
	return peers;
}

/** Random scenarios: operations from `op` on `count` peers interleaved with partial deliveries. */
export function stepsArbitrary<Op>(
	op: fc.Arbitrary<Op>,
	count: number,
	maxLength = 40,
	minLength = 0
): fc.Arbitrary<Step<Op>[]> {
	const peer = fc.nat({ max: count - 1 });
	const step: fc.Arbitrary<Step<Op>> = fc.oneof(
		{ weight: 3, arbitrary: fc.record({ kind: fc.constant('op' as const), peer, op }) },
		{
			weight: 1,
			arbitrary: fc.record({
				kind: fc.constant('sync' as const),
				from: peer,
				to: peer,
				picks: fc.array(fc.nat(), { maxLength: 8 })
			})
		}
	);
	return fc.array(step, { minLength, maxLength });
}

/**
 * Asserts that settled peers converged: same snapshots, same encoded states, same board as `read`
 * sees it, and every replica valid. Returns that board.
 */
export function expectConverged<T>(
	peers: Peers,
	read: (doc: Y.Doc) => T,
	expectValid: (doc: Y.Doc) => void
): T {
	expect(peers.sameSnapshots()).toBe(true);
	const [first, ...others] = peers.states();
	for (const state of others) expect(state).toEqual(first);
	const [board, ...otherBoards] = peers.docs.map(read);
	for (const other of otherBoards) expect(other).toEqual(board);
	peers.docs.forEach(expectValid);
	return board as T;
}

/**
 * A kind's `expectValid` from its list of broken invariants: the assertion prints them all, and
 * costs nothing when there are none (it runs after every step of every run).
 */
export function expectNoViolations(violations: (doc: Y.Doc) => string[]): (doc: Y.Doc) => void {
	return (doc) => {
		const found = violations(doc);
		if (found.length > 0) expect(found).toEqual([]);
	};
}

/** The usual log of a run: the ids it created and those it removed. */
export interface CreatedRemoved {
	created: Set<string>;
	removed: Set<string>;
}

export const newCreatedRemoved = (): CreatedRemoved => ({ created: new Set(), removed: new Set() });

/** A board kind's concurrency property, checked by {@link expectReplicasConverge}. */
export interface ConvergenceProperty<Op, Board, Log> {
	/** Random operations, played on `peers` replicas (3) in runs of `minSteps` to `maxSteps` steps. */
	op: fc.Arbitrary<Op>;
	peers?: number;
	minSteps?: number;
	maxSteps?: number;
	seedState: Uint8Array;
	/** A fresh record of one run (what it created, removed…) handed to `apply` and `check`. */
	newLog?: () => Log;
	/** One operation on one replica; the model's input errors are expected and passed over. */
	apply: (doc: Y.Doc, op: Op, log: Log, peer: number) => void;
	read: (doc: Y.Doc) => Board;
	/** The kind's invariants, asserted on each replica after each step and once settled. */
	expectValid?: (doc: Y.Doc) => void;
	/** What the sync server enforces: every update any replica produced must pass it. */
	schema: DocSchema;
	/** What the kind adds on the converged board, knowing what the run did. */
	check?: (board: Board, log: Log, peers: Peers) => void;
	/** fast-check's budget: 80 runs, cut short after 20 s (`null`: no time limit). */
	numRuns?: number;
	interruptAfterTimeLimit?: number | null;
}

/**
 * The property every board kind holds under concurrency: random operations on replicas with
 * partial, reordered deliveries keep each replica valid, converge once settled, and send only
 * what the sync server accepts.
 */
export function expectReplicasConverge<Op, Board, Log = undefined>(
	property: ConvergenceProperty<Op, Board, Log>
): void {
	const { seedState, expectValid = () => {} } = property;
	const count = property.peers ?? 3;
	const steps = stepsArbitrary(property.op, count, property.maxSteps, property.minSteps);
	const { numRuns = 80, interruptAfterTimeLimit = 20_000 } = property;
	// Called with the document alone (not as a `map` callback, whose index would be an argument).
	const read = (doc: Y.Doc) => property.read(doc);
	fc.assert(
		fc.property(steps, fc.integer(), (steps, seed) => {
			const log = property.newLog?.() as Log;
			const peers = playScenario({
				count,
				seedState,
				steps,
				seed,
				apply: (doc, op, peer) => property.apply(doc, op, log, peer),
				isExpectedError: (error) => error instanceof BoardInputError,
				afterStep: property.expectValid
			});
			const board = expectConverged(peers, read, expectValid);
			expectSchemaAccepts(property.schema, seedState, peers.produced);
			property.check?.(board, log, peers);
		}),
		interruptAfterTimeLimit === null ? { numRuns } : { numRuns, interruptAfterTimeLimit }
	);
}

/**
 * What `schema` refuses in each of `updates`, applied in turn on top of `state` the way the sync
 * server tries them (in any causal order: Yjs integrates an update once its dependencies arrived,
 * and that transaction is the one checked).
 */
export function schemaViolations(
	schema: DocSchema,
	state: Uint8Array,
	updates: readonly Uint8Array[]
): Violation[] {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const refused: Violation[] = [];
	for (const update of updates) {
		const violation = violationOf(doc, schema, () => Y.applyUpdate(doc, update));
		if (violation) refused.push(violation);
	}
	doc.destroy();
	return refused;
}

/** Asserts that `schema` accepts each of `updates` (see `schemaViolations`). */
export function expectSchemaAccepts(
	schema: DocSchema,
	state: Uint8Array,
	updates: readonly Uint8Array[]
): void {
	expect(schemaViolations(schema, state, updates)).toEqual([]);
}

/** The updates `edit` makes to a new document, one per transaction. */
export function updatesOf(edit: (doc: Y.Doc) => void): Uint8Array[] {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	edit(doc);
	doc.destroy();
	return updates;
}

/** What one keystroke does to a free-text field: a letter or word typed, or (null) one erased. */
export const keystroke = fc.option(fc.constantFrom('a', 'é', ' ', 'CV', '\n'));

/** Types `typed` at `at` (modulo its length) in a field, or (null) erases the letter there. */
export function typeInto(doc: Y.Doc, text: Y.Text | null, at: number, typed: string | null) {
	if (!text) return;
	const index = at % (text.length + 1);
	doc.transact(() => {
		if (typed !== null) text.insert(index, typed);
		else if (index < text.length) text.delete(index, 1);
	});
}
