import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { CentreInteret } from '../../boards/centres-interet/centres.ts';
import type { RomeIndexFile, RomeMetierRow } from './index-file.ts';
import { LabelIndex, type SearchHit } from './search.ts';

export type { TransitionEco } from './index-file.ts';

/** The committed index (`npm run rome:import`), beside this module in the sources. */
export const romeIndexPath = fileURLToPath(new URL('./rome.json.gz', import.meta.url));

export type Metier = RomeMetierRow;

export interface MetierRef {
	code: string;
	libelle: string;
}

export type { CentreInteret };

/** A métier with what surrounds it: its titles, the close métiers and its centres d'intérêt. */
export interface FicheMetier extends Metier {
	/** Its job titles, rare ones last. */
	appellations: string[];
	/** Close métiers one can move to, the closest first. */
	mobilites: MetierRef[];
	centres: { code: number; libelle: string; principal: boolean }[];
}

/** One answer of the search: a métier, and the title that matched when it is not its label. */
export interface MetierMatch extends MetierRef {
	appellation?: string;
}

/** A métier suggested from centres d'intérêt, with the centres that brought it. */
export interface MetierSuggestion extends MetierRef {
	score: number;
	centres: number[];
}

/** A code ROME's shape: a letter and four digits. */
export const CODE_ROME = /^[A-N]\d{4}$/;

/** Weight of a centre d'intérêt for a métier it is the principal one of, against 1 for another. */
export const PRINCIPAL_WEIGHT = 2;

/** The ROME 4.0 in memory: lookups by code, the fiches, the search, suggestions by interest. */
export class RomeCatalogue {
	readonly version: string;
	readonly metiers: ReadonlyMap<string, Metier>;
	readonly appellationCount: number;
	readonly mobiliteCount: number;
	readonly centres: readonly CentreInteret[];
	readonly lienCount: number;
	#appellations = new Map<string, { label: string; rare: boolean }[]>();
	#mobilites = new Map<string, string[]>();
	#centresOf = new Map<string, { code: number; principal: boolean }[]>();
	#metiersOf = new Map<number, { code: string; principal: boolean }[]>();
	#index: LabelIndex | undefined;

	constructor(file: RomeIndexFile) {
		this.version = file.version;
		this.metiers = new Map(file.metiers.map((metier) => [metier.code, metier]));
		this.centres = file.centres;
		this.appellationCount = file.appellations.length;
		this.mobiliteCount = file.mobilites.length;
		this.lienCount = file.liens.length;
		for (const [code, label, rare] of file.appellations)
			push(this.#appellations, code, { label, rare });
		// The index lists each métier's mobilities closest first.
		for (const [from, to] of file.mobilites) push(this.#mobilites, from, to);
		for (const [centre, code, principal] of file.liens) {
			push(this.#centresOf, code, { code: centre, principal });
			push(this.#metiersOf, centre, { code, principal });
		}
	}

	/** « Source : France Travail, ROME 4.0 (v4.60) », the licence's attribution. */
	get attribution(): string {
		return `Source : France Travail, ROME 4.0 (v${this.version})`;
	}

	ref(code: string): MetierRef | undefined {
		const metier = this.metiers.get(code);
		return metier && { code, libelle: metier.libelle };
	}

	/** The métier's codes its mobilities lead to, closest first. */
	mobilitesOf(code: string): readonly string[] {
		return this.#mobilites.get(code) ?? [];
	}

	/** The métiers of a centre d'intérêt. */
	metiersOf(centre: number): readonly { code: string; principal: boolean }[] {
		return this.#metiersOf.get(centre) ?? [];
	}

	fiche(code: string): FicheMetier | undefined {
		const metier = this.metiers.get(code);
		if (!metier) return undefined;
		const titles = this.#appellations.get(code) ?? [];
		const centres = new Map(this.centres.map((centre) => [centre.code, centre.libelle]));
		return {
			...metier,
			// One title may be listed twice for a métier (E1401).
			appellations: [
				...new Set(
					[...titles.filter((t) => !t.rare), ...titles.filter((t) => t.rare)].map((t) => t.label)
				)
			],
			mobilites: this.mobilitesOf(code).map((target) => this.ref(target)!),
			centres: (this.#centresOf.get(code) ?? [])
				.map((link) => ({ ...link, libelle: centres.get(link.code)! }))
				.sort((a, b) => Number(b.principal) - Number(a.principal) || a.code - b.code)
		};
	}

	/** Métiers whose label or one of whose titles matches `query`, best first, each once. */
	search(query: string, limit = 20): MetierMatch[] {
		this.#index ??= this.#buildIndex();
		const seen = new Set<string>();
		const matches: MetierMatch[] = [];
		// Titles of one métier often match together: ask for more, keep each métier's best.
		for (const hit of this.#index.search(query, limit * 8)) {
			if (seen.has(hit.code)) continue;
			seen.add(hit.code);
			matches.push(this.#match(hit));
			if (matches.length === limit) break;
		}
		return matches;
	}

	/**
	 * Métiers for the centres d'intérêt one is drawn to, `weights` by centre (the first ones
	 * ranked higher count more): each métier scores the weights of its centres, doubled
	 * (`PRINCIPAL_WEIGHT`) for its principal one. Best first, at most `limit`.
	 */
	suggest(weights: ReadonlyMap<number, number>, limit: number): MetierSuggestion[] {
		const found = new Map<string, MetierSuggestion>();
		for (const [centre, weight] of weights) {
			for (const link of this.metiersOf(centre)) {
				const entry = found.get(link.code) ?? { ...this.ref(link.code)!, score: 0, centres: [] };
				entry.score += weight * (link.principal ? PRINCIPAL_WEIGHT : 1);
				entry.centres.push(centre);
				found.set(link.code, entry);
			}
		}
		return [...found.values()]
			.sort((a, b) => b.score - a.score || a.libelle.localeCompare(b.libelle, 'fr'))
			.slice(0, limit);
	}

	#match(hit: SearchHit): MetierMatch {
		const ref = this.ref(hit.code)!;
		return hit.label === ref.libelle ? ref : { ...ref, appellation: hit.label };
	}

	#buildIndex(): LabelIndex {
		const entries = [...this.metiers.values()].map((metier) => ({
			code: metier.code,
			label: metier.libelle,
			rare: false,
			primary: true
		}));
		for (const [code, titles] of this.#appellations) {
			for (const title of titles)
				entries.push({ code, label: title.label, rare: title.rare, primary: false });
		}
		return new LabelIndex(entries);
	}
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

/** Reads a committed index. */
export function loadRomeCatalogue(path = romeIndexPath): RomeCatalogue {
	return new RomeCatalogue(JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')));
}

/*
 * Same reason as the database slot (db/index.ts): the SvelteKit bundle carries its own copy of
 * this module, where `romeIndexPath` no longer points beside the sources; `server/runtime.ts`
 * registers where to read it from, and it is read at the first use only.
 */
const slot = Symbol.for('atelier.rome');
type Slot = { [slot]?: { path: string; catalogue?: RomeCatalogue } };

export function registerRomeIndex(path: string): void {
	(globalThis as Slot)[slot] = { path };
}

/** The catalogue, read once (from the registered index, else the one beside this module). */
export function getRome(): RomeCatalogue {
	const held = ((globalThis as Slot)[slot] ??= { path: romeIndexPath });
	return (held.catalogue ??= loadRomeCatalogue(held.path));
}
