import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createBoardStorage } from '../../src/lib/server/db/board-storage.ts';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import type { User } from '../../src/lib/server/db/schema.ts';
import {
	createPostgresDatabase,
	dropPostgresDatabase,
	testDrivers,
	type DriverName
} from '../helpers/database.ts';
import { newBilan, newOrganisation, newUser } from '../helpers/factories.ts';
import { labelsOf, newLegacyBoard, textKind } from '../helpers/legacy-board.ts';
import { connectClient, type TestClient } from '../helpers/sync-client.ts';
import { startSyncHarness, type SyncHarness } from '../helpers/sync-harness.ts';

/** Where the runtime finds its database: a PostgreSQL URL, or a PGlite data folder. */
async function emptyDatabase(
	driver: DriverName
): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
	if (driver === 'postgres') {
		const url = await createPostgresDatabase();
		return { env: { DATABASE_URL: url }, dispose: () => dropPostgresDatabase(url) };
	}
	const dir = mkdtempSync(join(tmpdir(), 'atelier-upgrade-'));
	return {
		env: { ATELIER_DATA_DIR: dir },
		dispose: async () => rmSync(dir, { recursive: true, force: true })
	};
}

/** The `boards upgraded` lines the runtime logged while `start` ran. */
async function upgradeLogs<T>(start: () => Promise<T>): Promise<{ result: T; logs: unknown[] }> {
	const spy = vi.spyOn(console, 'log');
	try {
		const result = await start();
		const logs = spy.mock.calls
			.map(([line]) => (typeof line === 'string' ? (JSON.parse(line) as unknown) : null))
			.filter((entry) => (entry as { message?: string } | null)?.message === 'boards upgraded');
		return { result, logs };
	} finally {
		spy.mockRestore();
	}
}

async function lastSeq(harness: SyncHarness, boardId: string): Promise<number | undefined> {
	return (await createBoardStorage(harness.runtime.database.db).lastSeqs([boardId])).get(boardId);
}

describe.each(testDrivers())('boards of an older format, at start-up, on %s', (driver) => {
	const cleanups: (() => Promise<void>)[] = [];
	afterAll(async () => {
		for (const cleanup of cleanups.reverse()) await cleanup();
	});

	it('are upgraded once before the sync server serves them, text kept', async () => {
		const database = await emptyDatabase(driver);
		cleanups.push(database.dispose);

		// An older release's board: plain strings, written through the storage.
		const before = await openDatabase({
			databaseUrl: database.env.DATABASE_URL,
			dataDir: database.env.ATELIER_DATA_DIR
		});
		const org = await newOrganisation(before.db);
		const beneficiary: User = await newUser(before.db, 'beneficiary', org.id);
		const bilan = await newBilan(before.db, {
			organisationId: org.id,
			beneficiaryId: beneficiary.id
		});
		const storage = createBoardStorage(before.db);
		const labels = { a: 'Autonomie', b: 'Créativité' };
		const boardId = await newLegacyBoard(before.db, storage, bilan.id, labels);
		await before.close();

		const first = await upgradeLogs(() => startSyncHarness(database.env, [textKind]));
		let harness: SyncHarness = first.result;
		cleanups.push(() => harness.close());
		expect(first.logs).toEqual([expect.objectContaining({ upgraded: 1, checked: 1, skipped: 0 })]);

		const clients: TestClient[] = [];
		cleanups.push(async () => clients.forEach((client) => client.destroy()));
		const open = async () => {
			const client = connectClient(harness.url, boardId, await harness.headersFor(beneficiary), {
				root: 'cards'
			});
			clients.push(client);
			await expect.poll(() => client.provider.synced).toBe(true);
			return client;
		};
		const alice = await open();
		const bruno = await open();
		const labelOf = (client: TestClient) =>
			client.doc.getMap<Y.Map<unknown>>('cards').get('a')!.get('label');
		expect(labelsOf(alice.doc)).toEqual(labels);
		expect(labelOf(alice)).toBeInstanceOf(Y.Text);
		expect(alice.doc.getMap('meta').get('title')).toBeInstanceOf(Y.Text);

		// Typing into the served Y.Text is accepted and reaches the other person.
		(labelOf(alice) as Y.Text).insert(9, ' !');
		await expect.poll(() => String(labelOf(bruno))).toBe('Autonomie !');
		await expect.poll(() => alice.acks.count).toBeGreaterThan(0);
		expect(alice.closes).toEqual([]);
		for (const client of clients.splice(0)) client.destroy();
		const seq = await lastSeq(harness, boardId);
		await harness.close();

		// The next start finds nothing to do, and writes nothing.
		const second = await upgradeLogs(() => startSyncHarness(database.env, [textKind]));
		harness = second.result;
		expect(second.logs).toEqual([]);
		expect(await lastSeq(harness, boardId)).toBe(seq);
		const again = await open();
		await expect.poll(() => String(labelOf(again))).toBe('Autonomie !');
		// Two starts of PGlite on a data folder (initdb, migrations) are slow on a busy machine.
	}, 180_000);
});
