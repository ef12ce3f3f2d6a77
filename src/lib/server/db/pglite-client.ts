import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/*
 * PGlite off the server thread. One `worker_threads` worker (`pglite-worker.ts`) owns the
 * process's only PGlite instance; this client has PGlite's shape as far as drizzle's PGlite driver
 * uses it (`query(sql, params, options)` and `transaction(fn)`), so pages and the sync server share
 * that one instance and its data folder without its SQL holding the event loop.
 *
 * - A transaction is one worker-side PGlite transaction: `begin` opens it and keeps it open until
 *   `end`; `fn`'s queries name it, and every other query waits on PGlite's transaction mutex.
 * - Values cross by structured clone: bytea as Uint8Array, int8 as bigint, dates and times as the
 *   text drizzle asks for (its parsers are identities, rebuilt in the worker from their types).
 * - Errors keep their message and their own text fields, SQLSTATE `code` included (`errors.ts`).
 * - The worker keeps the process alive only while a request is pending, as
 *   PGlite on the main thread would; `close` closes PGlite and ends the worker.
 */

/** What the worker opens: a data folder (`memory://` for tests), optionally from a dump. */
export interface PgliteWorkerData {
	dataDir: string;
	loadDataDir?: Uint8Array;
}

export type PgliteRequest = { id: number } & (
	| {
			op: 'query';
			sql: string;
			params: unknown[];
			rowMode: 'array' | 'object';
			raw: number[];
			tx?: number;
	  }
	| { op: 'begin' }
	| { op: 'end'; tx: number; commit: boolean }
	| { op: 'dump' }
	| { op: 'close' }
);

type RequestBody = PgliteRequest extends infer R
	? R extends PgliteRequest
		? Omit<R, 'id'>
		: never
	: never;

interface QueryOptions {
	rowMode?: 'array' | 'object';
	parsers?: Record<number, unknown>;
}

interface Pending {
	resolve(value: unknown): void;
	reject(error: Error): void;
}

/** The subset of a PGlite transaction drizzle uses. */
export interface PgliteQueryable {
	query(sql: string, params?: unknown[], options?: QueryOptions): Promise<unknown>;
}

export class PgliteClient implements PgliteQueryable {
	readonly #worker: Worker;
	readonly #pending = new Map<number, Pending>();
	#nextId = 1;
	#failure: Error | undefined;

	constructor(data: PgliteWorkerData) {
		const file = fileURLToPath(new URL('./pglite-worker.ts', import.meta.url));
		this.#worker = new Worker(file, { workerData: data });
		this.#worker.unref();
		this.#worker.on('message', ({ id, result, error }) => {
			const pending = this.#pending.get(id);
			if (!pending) return;
			this.#settled(id);
			if (error) pending.reject(Object.assign(new Error(error.message), error));
			else pending.resolve(result);
		});
		const fail = (error: Error) => {
			this.#failure = error;
			for (const [id, pending] of this.#pending) {
				this.#settled(id);
				pending.reject(error);
			}
		};
		this.#worker.on('error', fail);
		this.#worker.on('exit', (code) => fail(new Error(`The PGlite worker exited (${code})`)));
	}

	query(
		sql: string,
		params: unknown[] = [],
		options: QueryOptions = {},
		tx?: number
	): Promise<unknown> {
		return this.#request({
			op: 'query',
			sql,
			params,
			rowMode: options.rowMode ?? 'object',
			raw: Object.keys(options.parsers ?? {}).map(Number),
			tx
		});
	}

	/** Runs `fn` inside one transaction: committed if it resolves, rolled back if it throws. */
	async transaction<T>(fn: (tx: PgliteQueryable) => Promise<T>): Promise<T> {
		const id = (await this.#request({ op: 'begin' })) as number;
		let result: T;
		try {
			result = await fn({ query: (sql, params, options) => this.query(sql, params, options, id) });
		} catch (error) {
			await this.#request({ op: 'end', tx: id, commit: false });
			throw error;
		}
		await this.#request({ op: 'end', tx: id, commit: true });
		return result;
	}

	/** The data folder as a tarball (`loadDataDir` of a later open). */
	async dumpDataDir(): Promise<Uint8Array> {
		return (await this.#request({ op: 'dump' })) as Uint8Array;
	}

	async close(): Promise<void> {
		try {
			await this.#request({ op: 'close' });
		} finally {
			await this.#worker.terminate();
			this.#failure ??= new Error('The database is closed');
		}
	}

	#request(body: RequestBody): Promise<unknown> {
		if (this.#failure) return Promise.reject(this.#failure);
		const id = this.#nextId++;
		if (this.#pending.size === 0) this.#worker.ref();
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			this.#worker.postMessage({ ...body, id });
		});
	}

	#settled(id: number): void {
		this.#pending.delete(id);
		if (this.#pending.size === 0) this.#worker.unref();
	}
}
