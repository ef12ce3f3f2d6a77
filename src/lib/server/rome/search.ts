/**
 * Search of the ROME's appellations and métiers, in memory: accent- and case-insensitive, every
 * word of the query a word of the label, whole, begun (« infirmie ») or mistyped (one letter in
 * a word of 4 to 7, two from 8). A label matching the query exactly (its masculine or its
 * feminine form) comes first, then labels beginning with it, then the others by how well their
 * words match; rare titles last.
 */

/** Lower case, no accents, ligatures spelt out, anything but letters and digits a space. */
export function normalize(text: string): string {
	return text
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** Words that say nothing alone: ignored in a query with other words. */
const STOP_WORDS = new Set([
	'a',
	'au',
	'aux',
	'd',
	'de',
	'des',
	'du',
	'en',
	'et',
	'l',
	'la',
	'le',
	'les'
]);

/**
 * The forms a label names: « Infirmier coordinateur / Infirmière coordinatrice de soins » is
 * « Infirmier coordinateur de soins » and « Infirmière coordinatrice de soins » (the words after
 * the feminine as many as the masculine's are shared), normalised.
 */
export function labelForms(label: string): string[] {
	const whole = normalize(label);
	const [left, right, ...more] = label.split(' / ');
	if (left === undefined || right === undefined || more.length > 0) return [whole];
	const masculine = left.trim().split(/\s+/);
	const feminine = right.trim().split(/\s+/);
	const tail = feminine.slice(masculine.length);
	return [...new Set([normalize([...masculine, ...tail].join(' ')), normalize(right), whole])];
}

/** Rows reused by `prefixDistance` (the search runs one query at a time). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * The fewest edits (insertions, deletions, substitutions, swaps of neighbours) turning `query`
 * into a beginning of `word`, or `max + 1` when more than `max` are needed.
 */
export function prefixDistance(query: string, word: string, max: number): number {
	const n = query.length;
	const m = Math.min(word.length, n + max);
	if (m + 1 > rows[0]!.length) rows = rows.map(() => new Int32Array(m + 1));
	let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
	for (let j = 0; j <= m; j++) previous[j] = j;
	for (let i = 1; i <= n; i++) {
		current[0] = i;
		let rowMin = i;
		const q = query.charCodeAt(i - 1);
		for (let j = 1; j <= m; j++) {
			const w = word.charCodeAt(j - 1);
			let value = previous[j - 1]! + (q === w ? 0 : 1);
			if (previous[j]! + 1 < value) value = previous[j]! + 1;
			if (current[j - 1]! + 1 < value) value = current[j - 1]! + 1;
			if (
				i > 1 &&
				j > 1 &&
				q === word.charCodeAt(j - 2) &&
				query.charCodeAt(i - 2) === w &&
				before[j - 2]! + 1 < value
			) {
				value = before[j - 2]! + 1;
			}
			current[j] = value;
			if (value < rowMin) rowMin = value;
		}
		if (rowMin > max) return max + 1;
		[before, previous, current] = [previous, current, before];
	}
	// Any beginning of the word: the best of the last row.
	let best = max + 1;
	for (let j = 0; j <= m; j++) if (previous[j]! < best) best = previous[j]!;
	return best;
}

/** How many typos a word of the query may hold. */
function typosAllowed(length: number): number {
	return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

const EXACT_WORD = 1;
const BEGUN_WORD = 0.8;
const MISTYPED_WORD = 0.6;

/** How well a word of the query matches a word of a label (0: not at all). */
function wordMatch(query: string, word: string): number {
	if (word === query) return EXACT_WORD;
	if (word.startsWith(query)) return BEGUN_WORD;
	const max = typosAllowed(query.length);
	if (max === 0 || word.length < query.length - max) return 0;
	const distance = prefixDistance(query, word, max);
	return distance > max ? 0 : MISTYPED_WORD - 0.1 * distance;
}

export interface SearchEntry {
	code: string;
	label: string;
	/** A rare title (`peu_usite`): ranked after the others. */
	rare: boolean;
	/** The métier's own label, ahead of its titles among equals. */
	primary: boolean;
}

interface IndexedEntry extends SearchEntry {
	forms: string[];
}

export interface SearchHit extends SearchEntry {
	score: number;
}

/** Queries longer than this are cut: no label is that long, and each word costs a scan. */
export const QUERY_MAX = 100;
const WORDS_MAX = 8;

export class LabelIndex {
	#entries: IndexedEntry[];
	/** Every word of the labels, with the entries holding it. */
	#words = new Map<string, number[]>();
	#vocabulary: [string, number[]][];

	constructor(entries: readonly SearchEntry[]) {
		this.#entries = entries.map((entry) => ({ ...entry, forms: labelForms(entry.label) }));
		this.#entries.forEach((entry, id) => {
			const words = new Set(entry.forms.flatMap((form) => form.split(' ')));
			for (const word of words) {
				const list = this.#words.get(word);
				if (list) list.push(id);
				else this.#words.set(word, [id]);
			}
		});
		this.#vocabulary = [...this.#words];
	}

	/** The entries matching every word of `query`, best first, at most `limit`. */
	search(query: string, limit: number): SearchHit[] {
		const normalized = normalize(query.slice(0, QUERY_MAX));
		const all = normalized.split(' ').filter(Boolean);
		const meaningful = all.filter((word) => !STOP_WORDS.has(word));
		const words = [...new Set(meaningful.length > 0 ? meaningful : all)].slice(0, WORDS_MAX);
		if (words.length === 0) return [];
		let scores: Map<number, number> | null = null;
		for (const word of words) {
			const matched = new Map<number, number>();
			for (const [labelWord, ids] of this.#vocabulary) {
				const quality = wordMatch(word, labelWord);
				if (quality === 0) continue;
				for (const id of ids) {
					if (scores && !scores.has(id)) continue;
					if ((matched.get(id) ?? 0) < quality) matched.set(id, quality);
				}
			}
			if (scores) for (const [id, quality] of matched) matched.set(id, quality + scores.get(id)!);
			scores = matched;
			if (scores.size === 0) return [];
		}
		const hits: SearchHit[] = [];
		for (const [id, total] of scores!) {
			const entry = this.#entries[id]!;
			hits.push({
				code: entry.code,
				label: entry.label,
				rare: entry.rare,
				primary: entry.primary,
				score: this.#rank(entry, normalized, total / words.length)
			});
		}
		return hits
			.sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
			.slice(0, limit);
	}

	#rank(entry: IndexedEntry, query: string, words: number): number {
		let score = words;
		if (entry.forms.includes(query)) score += 10;
		else if (entry.forms.some((form) => form.startsWith(query))) score += 3;
		else if (entry.forms.some((form) => form.startsWith(query.split(' ')[0]!))) score += 1;
		if (entry.rare) score -= 0.5;
		if (entry.primary) score += 0.05;
		// Shorter labels first among equals: « Boulanger » before « Boulanger en grande surface ».
		return score - entry.label.length / 1000;
	}
}
