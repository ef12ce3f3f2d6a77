/**
 * The recovery parts of `bench/sync.ts`: a reconnect storm (the server crashes and restarts under
 * connected clients), and the cold load of a board with a long log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { BoardDocument } from '../server/sync/document.ts';
import { createBoard } from '../src/lib/server/boards.service.ts';
import { createBoardStorage } from '../src/lib/server/db/board-storage.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../tests/helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../tests/helpers/factories.ts';
import { testKind } from '../tests/helpers/sync-client.ts';
import { percentile } from './client-process.ts';
import {
	clientProcesses,
	closeClients,
	connect,
	crashAndRestart,
	label,
	sleep,
	startServer,
	stopServer,
	type StorageName,
	type Target
} from './sync-harness.ts';

export interface StormResult {
	clients: number;
	/** Crash → the new server listening. */
	restartMs: number;
	/** Crash → every client synced again and every board converged (or the deadline). */
	totalMs: number;
	synced: number;
	boards: number;
	converged: number;
}

/**
 * `clients` connected in boards of 10 (2 writers) keeping their documents; the writers edit for
 * 2 s; then the server is killed (SIGKILL) and started again on the same port and storage. Time
 * until every client is synced again and every board holds, in every client, everything any of
 * its clients held before (nothing lost); at most `deadlineMs`.
 */
export async function stormRun(
	target: Target,
	clients: number,
	deadlineMs: number
): Promise<StormResult> {
	const load = { clientsPerBoard: 10, writersPerBoard: 2, editsPerSecond: 2 };
	const boards = Math.ceil(clients / load.clientsPerBoard);
	const server = await startServer(target, boards);
	const processes = clientProcesses();
	try {
		const connected = await connect(server, processes, server.boards, { ...load, boards }, true);
		if (connected.failed > 0) throw new Error(`${label(target)}: ${connected.failed} failed`);
		await Promise.all(
			processes.map((p) =>
				p.request({ type: 'start', editsPerSecond: load.editsPerSecond }, 'started')
			)
		);
		await sleep(2000);
		await Promise.all(processes.map((p) => p.request({ type: 'stop' }, 'stopped')));
		// Let the last edits reach the board's other clients: what they hold is the target.
		await sleep(500);
		await Promise.all(processes.map((p) => p.request({ type: 'snapshot' }, 'snapshotted')));
		const crashed = performance.now();
		await crashAndRestart(server);
		const restartMs = performance.now() - crashed;
		let status = { clients: 0, synced: 0, boards: 0, converged: 0 };
		while (performance.now() - crashed < deadlineMs) {
			const replies = await Promise.all(
				processes.map((p) => p.request({ type: 'status' }, 'status'))
			);
			status = {
				clients: replies.reduce((n, r) => n + r.clients, 0),
				synced: replies.reduce((n, r) => n + r.synced, 0),
				boards: replies.reduce((n, r) => n + r.boards, 0),
				converged: replies.reduce((n, r) => n + r.converged, 0)
			};
			if (status.synced === status.clients && status.converged === status.boards) break;
			await sleep(50);
		}
		return { ...status, restartMs, totalMs: performance.now() - crashed };
	} finally {
		await Promise.all(processes.map(closeClients));
		await stopServer(server);
	}
}

export interface ColdLoad {
	updates: number;
	/** The first load after the database was opened, then the median of the next ones, ms. */
	firstMs: number;
	medianMs: number;
	/** Of the median: reading the storage, ms. */
	readMs: number;
	/**
	 * The median load once the log was compacted, as the sync server compacts a long log it loads
	 * (`SYNC_COMPACT_AFTER_UPDATES`): what every later load of that board costs, ms.
	 */
	compactedMs: number;
}

/**
 * A board whose log holds `count` updates (small edits, as clients send them, never compacted),
 * loaded as the sync server loads it (storage read + document built) from a database just opened.
 */
export async function coldLoad(storage: StorageName, count: number): Promise<ColdLoad> {
	const url = storage === 'PostgreSQL' ? await createPostgresDatabase() : undefined;
	const dataDir = url ? undefined : mkdtempSync(join(tmpdir(), 'atelier-bench-'));
	const open = () => openDatabase({ databaseUrl: url, dataDir });
	try {
		let boardId: string;
		{
			const database = await open();
			const db = database.db;
			const org = await newOrganisation(db);
			const consultant = await newUser(db, 'consultant', org.id);
			const beneficiary = await newUser(db, 'beneficiary', org.id);
			const bilan = await newBilan(db, {
				organisationId: org.id,
				beneficiaryId: beneficiary.id,
				consultantId: consultant.id
			});
			boardId = (
				await createBoard(db, consultant, bilan.id, { kind: 'test', title: 'B' }, [testKind])
			).id;
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (update: Uint8Array) => updates.push(update));
			for (let i = 0; i < count; i++) doc.getMap('items').set(`k${i % 50}`, `valeur ${i}`);
			const boardStorage = createBoardStorage(database.db);
			for (let i = 0; i < updates.length; i += 500) {
				await boardStorage.append([{ boardId, updates: updates.slice(i, i + 500) }]);
			}
			await database.close();
		}
		const database = await open();
		const boardStorage = createBoardStorage(database.db);
		const loads = async (runs: number) => {
			const times: number[] = [];
			const reads: number[] = [];
			for (let run = 0; run < runs; run++) {
				const started = performance.now();
				const loaded = await boardStorage.load(boardId);
				reads.push(performance.now() - started);
				new BoardDocument(boardId, testKind, loaded).destroy();
				times.push(performance.now() - started);
			}
			return { times, reads };
		};
		const median = (values: number[]) =>
			percentile(
				[...values].sort((x, y) => x - y),
				50
			);
		const long = await loads(6);
		await boardStorage.compact(boardId);
		const compacted = await loads(5);
		await database.close();
		return {
			updates: count,
			firstMs: long.times[0]!,
			medianMs: median(long.times.slice(1)),
			readMs: median(long.reads.slice(1)),
			compactedMs: median(compacted.times)
		};
	} finally {
		if (url) await dropPostgresDatabase(url);
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	}
}
