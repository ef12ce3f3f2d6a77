/**
 * `npm run bench:metiers [-- --rounds N]`: server-side latency of the métier search
 * (`RomeCatalogue.search`, what `GET /api/v1/metiers?q=` runs) over a varied query set — whole
 * words, beginnings, typos, accents or none, feminine forms, several words, one letter — after
 * the index is built. Prints p50/p95/max per kind of query and overall, with the load average:
 * the target is p95 < 20 ms; figures from a busy machine are worth little.
 */
import { cpus, loadavg } from 'node:os';
import { loadRomeCatalogue } from '../src/lib/server/rome/catalogue.ts';
import { percentile } from './client-process.ts';

const queries: Record<string, string[]> = {
	'mot entier': ['comptable', 'boulanger', 'infirmier', 'plombier', 'électricien', 'juriste'],
	début: ['infirmie', 'boulang', 'dévelo', 'mécani', 'comm', 'in'],
	'faute de frappe': ['infrimier', 'devloppeur', 'boulenger', 'plombeir', 'secretiare', 'cuisiner'],
	'sans accents': ['electricien', 'medecin', 'developpeur web', 'macon', 'secretaire medicale'],
	féminin: ['boulangère', 'infirmière', 'aide-soignante', 'coiffeuse', 'directrice commerciale'],
	'plusieurs mots': [
		'conducteur de travaux',
		'professeur des écoles',
		'chef de projet informatique',
		'agent d entretien des espaces verts',
		'responsable ressources humaines'
	],
	'une lettre': ['a', 'm', 'z']
};

const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 30;

const started = performance.now();
const rome = loadRomeCatalogue();
rome.search('warm-up');
const loadMs = performance.now() - started;

const all: number[] = [];
const rows: string[][] = [];
for (const [kind, list] of Object.entries(queries)) {
	const times: number[] = [];
	for (let round = 0; round < rounds; round++) {
		for (const query of list) {
			const t = performance.now();
			rome.search(query);
			times.push(performance.now() - t);
		}
	}
	times.sort((a, b) => a - b);
	all.push(...times);
	rows.push([
		kind,
		...[50, 95].map((p) => percentile(times, p).toFixed(2)),
		times.at(-1)!.toFixed(2)
	]);
}
all.sort((a, b) => a - b);
rows.push(['tout', ...[50, 95].map((p) => percentile(all, p).toFixed(2)), all.at(-1)!.toFixed(2)]);

const load = loadavg()
	.map((n) => n.toFixed(2))
	.join(' ');
console.log(
	`Recherche de métiers (ROME ${rome.version}) — ${rounds} tours, ${all.length} recherches`
);
console.log(
	`charge moyenne ${load} (${cpus().length} CPU) ; index lu et construit en ${loadMs.toFixed(0)} ms`
);
console.log(['requêtes', 'p50 ms', 'p95 ms', 'max ms'].map((c) => c.padEnd(16)).join(''));
for (const row of rows) console.log(row.map((c) => c.padEnd(16)).join(''));
const p95 = percentile(all, 95);
console.log(
	p95 < 20 ? `p95 ${p95.toFixed(2)} ms < 20 ms` : `p95 ${p95.toFixed(2)} ms ≥ 20 ms (cible : 20 ms)`
);
