/*
 * The thread that owns the process's only PGlite instance (see `pglite-client.ts`): its SQL and
 * its file system emulation run here, off the server thread. Run by Node directly (type
 * stripping), never bundled: node built-ins and PGlite only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { PgliteRequest, PgliteWorkerData } from './pglite-client.ts';

const port = parentPort!;
const { dataDir, loadDataDir } = workerData as PgliteWorkerData;
const opened = PGlite.create(
	dataDir,
	loadDataDir ? { loadDataDir: new Blob([loadDataDir as Uint8Array<ArrayBuffer>]) } : {}
);

/** Open transactions by id: each waits inside PGlite's `transaction` for its end. */
const transactions = new Map<
	number,
	{ tx: Transaction; end(commit: boolean): void; done: Promise<unknown> }
>();
const rolledBack = Symbol('rolled back');

port.on('message', (request: PgliteRequest) => {
	run(request).then(
		(result) => port.postMessage({ id: request.id, result }),
		(error: unknown) => port.postMessage({ id: request.id, error: cloneableError(error) })
	);
});

async function run(request: PgliteRequest): Promise<unknown> {
	const pglite = await opened;
	switch (request.op) {
		case 'query': {
			// The caller's parsers are identities on the types it names (drizzle's are, for dates,
			// times and intervals): functions do not cross threads, so they are rebuilt here.
			const parsers = Object.fromEntries(
				request.raw.map((type) => [type, (value: string) => value])
			);
			const client = request.tx === undefined ? pglite : transaction(request.tx).tx;
			return client.query(request.sql, request.params, { rowMode: request.rowMode, parsers });
		}
		case 'begin':
			await begin(pglite, request.id);
			return request.id;
		case 'end': {
			const { end, done } = transaction(request.tx);
			transactions.delete(request.tx);
			end(request.commit);
			try {
				await done;
			} catch (error) {
				if (error !== rolledBack) throw error;
			}
			return undefined;
		}
		case 'dump': {
			const dump = await pglite.dumpDataDir('none');
			return new Uint8Array(await dump.arrayBuffer());
		}
		case 'close':
			await pglite.close();
			return undefined;
	}
}

function transaction(id: number) {
	const open = transactions.get(id);
	if (!open) throw new Error(`No open transaction ${id}`);
	return open;
}

/**
 * Opens a transaction that stays open until its `end`: PGlite's transaction mutex holds every
 * other query (they wait in `pglite.query`) while its statements run through `tx`.
 */
function begin(pglite: PGlite, id: number): Promise<void> {
	return new Promise((begun, failed) => {
		const done: Promise<unknown> = pglite.transaction(async (tx) => {
			const commit = await new Promise<boolean>((end) => {
				transactions.set(id, { tx, end, done });
				begun();
			});
			if (!commit) throw rolledBack;
		});
		// Before `begun` (BEGIN failed) this fails the request; after, `end` reports the outcome.
		done.catch(failed);
	});
}

/** An error's message and its own text and number fields (SQLSTATE `code`, `detail`…). */
function cloneableError(error: unknown) {
	const fields: Record<string, string | number> = {};
	if (error instanceof Error) {
		for (const [key, value] of Object.entries(error)) {
			if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
		}
		return { ...fields, message: error.message, name: error.name };
	}
	return { message: String(error), name: 'Error' };
}
