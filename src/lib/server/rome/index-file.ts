import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.ts';

/**
 * The ROME 4.0 as Atelier ships it: what the app reads of France Travail's CSVs, in one JSON
 * document, gzipped and committed beside this module (`rome.json.gz`, `npm run rome:import`).
 * Tuples for the long tables keep it small; the order of every table is stable, so that
 * importing the same release twice writes the same bytes.
 */
export interface RomeIndexFile {
	/** The ROME release, e.g. "4.60", for the attribution. */
	version: string;
	metiers: RomeMetierRow[];
	/** [code ROME, label (masculine / feminine), rare title] */
	appellations: [string, string, boolean][];
	/** [from code ROME, to code ROME, rank: 1 is the closest] */
	mobilites: [string, string, number][];
	centres: { code: number; libelle: string; definition: string }[];
	/** [centre d'intérêt, code ROME, principal] */
	liens: [number, string, boolean][];
}

/** How a métier stands in the ecological transition (France Travail's classification). */
export type TransitionEco = 'verte' | 'strategique' | 'brune' | null;

export interface RomeMetierRow {
	code: string;
	libelle: string;
	eco: TransitionEco;
	numerique: boolean;
	demographique: boolean;
	reglemente: boolean;
	cadre: boolean;
	/** The sentences of the definition, in order. */
	definition: string[];
	/** The sentences of the conditions of access (diplomas, experience), in order. */
	acces: string[];
}

const ecoOf: Record<string, TransitionEco> = {
	'Emploi Vert': 'verte',
	'Emploi stratégique pour la Transition écologique': 'strategique',
	'Emploi Brun': 'brune',
	'Emploi Blanc': null,
	'': null
};

const tables = {
	metiers: 'referentiel_code_rome',
	appellations: 'referentiel_appellation',
	textes: 'texte',
	mobilites: 'rubrique_mobilite',
	centres: 'centre_interet',
	liens: 'arborescence_centre_interet'
} as const;

/** `unix_<table>_v460_utf8.csv` in `folder`, and the release it names. */
function findTable(folder: string, table: string): { path: string; version: string } {
	const pattern = new RegExp(`^unix_${table}_v(\\d)(\\d+)_utf8\\.csv$`);
	const names = readdirSync(folder).filter((name) => pattern.test(name));
	if (names.length !== 1) {
		throw new Error(
			`${folder} : un fichier unix_${table}_v…_utf8.csv attendu, ${names.length} trouvé(s)`
		);
	}
	const [, major, minor] = pattern.exec(names[0]!)!;
	return { path: join(folder, names[0]!), version: `${major}.${minor}` };
}

function flag(value: string | undefined): boolean {
	return value === 'O';
}

function byText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads the CSVs of one ROME release in `folder` and checks them: one release for every file,
 * every appellation, text, mobility and centre d'intérêt link pointing at a known métier.
 */
export function buildRomeIndex(folder: string): RomeIndexFile {
	const found = Object.fromEntries(
		Object.entries(tables).map(([key, table]) => [key, findTable(folder, table)])
	) as Record<keyof typeof tables, { path: string; version: string }>;
	const versions = new Set(Object.values(found).map((file) => file.version));
	if (versions.size !== 1) throw new Error(`Versions mêlées : ${[...versions].join(', ')}`);
	const read = (key: keyof typeof tables) => parseCsv(readFileSync(found[key].path, 'utf8'));

	const codes = new Set<string>();
	const known = (code: string | undefined, where: string): string => {
		if (!code || !codes.has(code)) throw new Error(`${where} : code ROME inconnu « ${code} »`);
		return code;
	};
	const metierRows = read('metiers').sort((a, b) => byText(a.code_rome!, b.code_rome!));
	for (const row of metierRows) codes.add(row.code_rome!);

	const texts = new Map<string, { definition: [number, string][]; acces: [number, string][] }>();
	for (const row of read('textes')) {
		const code = known(row.code_rome, 'texte');
		const entry = texts.get(code) ?? { definition: [], acces: [] };
		const type = row.libelle_type_texte === 'acces_metier' ? 'acces' : 'definition';
		// The texts are published with their apostrophes doubled (« d''Etat »), as in SQL.
		entry[type].push([Number(row.position_phrase), row.libelle_texte!.replace(/''/g, "'").trim()]);
		texts.set(code, entry);
	}
	const sentences = (list: [number, string][] = []) =>
		list.sort((a, b) => a[0] - b[0]).map(([, text]) => text);

	const metiers = metierRows.map((row): RomeMetierRow => {
		const eco = ecoOf[row.transition_eco ?? ''];
		if (eco === undefined)
			throw new Error(`${row.code_rome} : transition « ${row.transition_eco} »`);
		return {
			code: row.code_rome!,
			libelle: row.libelle_rome!.trim(),
			eco,
			numerique: flag(row.transition_num),
			demographique: flag(row.transition_demo),
			reglemente: flag(row.emploi_reglemente),
			cadre: flag(row.emploi_cadre),
			definition: sentences(texts.get(row.code_rome!)?.definition),
			acces: sentences(texts.get(row.code_rome!)?.acces)
		};
	});
	const appellations = read('appellations')
		.map((row): [string, string, boolean] => [
			known(row.code_rome, 'appellation'),
			row.libelle_appellation_long!.trim(),
			row.peu_usite === 'O'
		])
		.sort((a, b) => byText(a[0], b[0]) || byText(a[1], b[1]));
	const mobilites = read('mobilites')
		.map((row): [string, string, number] => [
			known(row.code_rome, 'mobilité'),
			known(row.code_rome_cible, 'mobilité'),
			Number(row.numero_ordre)
		])
		.sort((a, b) => byText(a[0], b[0]) || a[2] - b[2] || byText(a[1], b[1]));
	const centres = read('centres')
		.map((row) => ({
			code: Number(row.code_centre_interet),
			libelle: row.libelle_centre_interet!.trim(),
			definition: row.definition_centre_interet!.trim()
		}))
		.sort((a, b) => a.code - b.code);
	const centreCodes = new Set(centres.map((centre) => centre.code));
	const liens = read('liens')
		.map((row): [number, string, boolean] => {
			const centre = Number(row.code_centre_interet);
			if (!centreCodes.has(centre)) throw new Error(`lien : centre d’intérêt inconnu ${centre}`);
			return [centre, known(row.code_rome, 'centre d’intérêt'), row.principal === 'oui'];
		})
		.sort((a, b) => a[0] - b[0] || byText(a[1], b[1]));
	return { version: found.metiers.version, metiers, appellations, mobilites, centres, liens };
}
