/** `npm run db:seed`: seeds the demo organisation into the configured database, if empty. */
import { loadConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { seedDemoIfEmpty } from '../src/lib/server/seed.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
	if (await seedDemoIfEmpty(database.db)) {
		console.log('Données de démonstration créées (mot de passe : atelier-demo).');
	} else {
		console.error('La base contient déjà des données : rien n’a été créé.');
		process.exitCode = 1;
	}
} finally {
	await database.close();
}
