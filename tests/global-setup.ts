import { rmSync } from 'node:fs';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { seedDemoIfEmpty } from '../src/lib/server/seed.ts';
import { SEEDED_TEMPLATE_DIR } from './helpers/server.ts';

/**
 * Prepares, once per test run, an embedded data folder that is migrated and seeded with the demo
 * organisation: server processes start on a copy of it instead of running initdb each time.
 */
export default async function setup(): Promise<() => void> {
	rmSync(SEEDED_TEMPLATE_DIR, { recursive: true, force: true });
	const database = await openDatabase({ dataDir: SEEDED_TEMPLATE_DIR });
	await seedDemoIfEmpty(database.db);
	await database.close();
	return () => rmSync(SEEDED_TEMPLATE_DIR, { recursive: true, force: true });
}
