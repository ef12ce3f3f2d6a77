import { rmSync, writeFileSync } from 'node:fs';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { seedDemoIfEmpty } from '../src/lib/server/seed.ts';
import { MIGRATED_PGLITE_DUMP } from './helpers/database.ts';
import { SEEDED_TEMPLATE_DIR } from './helpers/server.ts';

/**
 * Prepares, once per test run, an embedded data folder that is migrated and seeded with the demo
 * organisation: server processes start on a copy of it instead of running initdb each time. Its
 * migrated, still empty state is dumped first: every test file's PGlite loads that dump
 * (`openTestDatabase`) instead of running initdb and the migrations itself.
 */
export default async function setup(): Promise<() => void> {
	const clean = () => {
		rmSync(SEEDED_TEMPLATE_DIR, { recursive: true, force: true });
		rmSync(MIGRATED_PGLITE_DUMP, { force: true });
	};
	clean();
	const database = await openDatabase({ dataDir: SEEDED_TEMPLATE_DIR });
	writeFileSync(MIGRATED_PGLITE_DUMP, await database.dumpDataDir!());
	await seedDemoIfEmpty(database.db);
	await database.close();
	return clean;
}
