/**
 * `npm run rome:import -- <folder>`: turns a ROME 4.0 release (France Travail's open data CSVs,
 * the `unix_*_utf8.csv` files) into what the app ships: the index the server reads,
 * `src/lib/server/rome/rome.json.gz`, and the 30 centres d'intérêt the board kind deals out
 * (`src/lib/boards/centres-interet/centres.ts`, small enough for the browser).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { format, resolveConfig } from 'prettier';
import { buildRomeIndex } from '../src/lib/server/rome/index-file.ts';
import { romeIndexPath } from '../src/lib/server/rome/catalogue.ts';

const centresPath = fileURLToPath(
	new URL('../src/lib/boards/centres-interet/centres.ts', import.meta.url)
);

const folder = process.argv[2];
if (!folder) {
	console.error('Usage : npm run rome:import -- <dossier des CSV du ROME>');
	process.exit(2);
}
const index = buildRomeIndex(folder);
const bytes = gzipSync(JSON.stringify(index), { level: 9 });
writeFileSync(romeIndexPath, bytes);

const source = `/**
 * The centres d'intérêt of the ROME 4.0 (v${index.version}), written by \`npm run rome:import\`: do
 * not edit. Source : France Travail, ROME 4.0 (v${index.version}), Licence Ouverte 2.0.
 */
export const ROME_VERSION = ${JSON.stringify(index.version)};

export interface CentreInteret {
	code: number;
	libelle: string;
	definition: string;
}

export const centresInteret: readonly CentreInteret[] = ${JSON.stringify(index.centres)};
`;
const options = await resolveConfig(centresPath);
writeFileSync(centresPath, await format(source, { ...options, filepath: centresPath }));

console.log(
	`ROME ${index.version} : ${index.metiers.length} métiers, ${index.appellations.length} appellations, ` +
		`${index.mobilites.length} mobilités, ${index.centres.length} centres d’intérêt, ` +
		`${index.liens.length} liens → ${romeIndexPath} (${Math.round(bytes.length / 1024)} Kio), ${centresPath}`
);
