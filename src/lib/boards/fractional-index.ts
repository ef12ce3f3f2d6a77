/**
 * Fractional indices: string keys that sort lexicographically, so an item can be placed between
 * two others by writing ONE field (its key) instead of deleting and re-inserting it in a Y.Array
 * (which duplicates an item moved concurrently by two people).
 *
 * Keys use the 62 digits `0-9A-Za-z` (ASCII order) and never end with `0`, so a key strictly
 * between any two distinct keys always exists. Two people inserting at the same spot at the same
 * time may compute the same key: a short salt derived from the Yjs client id usually keeps them
 * apart, and readers always break remaining ties by item id (`compareOrdered`), so the order is
 * deterministic on every replica. When an operation must insert between two equal (or invalid)
 * keys, `placeAt` re-keys the whole list.
 */

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;
/** Keys longer than this are treated as invalid (hostile input) and re-keyed by the next move. */
export const MAX_KEY_LENGTH = 512;
const KEY_PATTERN = /^[0-9A-Za-z]*[1-9A-Za-z]$/;

/** Whether `key` is a well-formed order key. */
export function isOrderKey(key: unknown): key is string {
	return typeof key === 'string' && key.length <= MAX_KEY_LENGTH && KEY_PATTERN.test(key);
}

function digit(char: string | undefined): number {
	return char === undefined ? 0 : DIGITS.indexOf(char);
}

/** A key strictly between `a` (`''` = bottom) and `b` (`null` = top); requires `a < b`. */
function midpoint(a: string, b: string | null): string {
	if (b !== null) {
		let n = 0;
		while ((a[n] ?? '0') === b[n]) n++;
		if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
	}
	const da = digit(a[0]);
	const db = b === null ? BASE : digit(b[0]);
	// Open-ended ends step by one digit so that appending (or prepending) many items keeps keys
	// short; closed intervals take the middle.
	if (b === null && a !== '' && da + 1 < BASE) return DIGITS.charAt(da + 1);
	if (a === '' && b !== null && db > 1) return DIGITS.charAt(db - 1);
	if (db - da > 1) return DIGITS.charAt(Math.round((da + db) / 2));
	if (b !== null && b.length > 1) return b.slice(0, 1);
	// No room at this digit: go one digit deeper. Pure appends start the new digit low and pure
	// prepends start it high, leaving the most room for the next ones; other inserts take the middle.
	const rest = a.slice(1);
	if (rest === '' && b === null) return DIGITS.charAt(da) + '1';
	if (a === '') return DIGITS.charAt(da) + 'z';
	return DIGITS.charAt(da) + midpoint(rest, null);
}

/**
 * A key strictly between `a` and `b` (`null` = open end). `salt` (valid key characters, not
 * ending in `0`) is appended when the result stays below `b`, so concurrent inserts at the same
 * spot by different clients get different keys.
 */
export function keyBetween(a: string | null, b: string | null, salt = ''): string {
	if (a !== null && !isOrderKey(a)) throw new RangeError(`invalid order key: ${a}`);
	if (b !== null && !isOrderKey(b)) throw new RangeError(`invalid order key: ${b}`);
	if (a !== null && b !== null && a >= b) throw new RangeError(`keys out of order: ${a} >= ${b}`);
	const mid = midpoint(a ?? '', b);
	if (salt !== '' && isOrderKey(salt)) {
		const salted = mid + salt;
		if (b === null || salted < b) return salted;
	}
	return mid;
}

/** `count` fresh, evenly spaced, strictly increasing keys. */
export function spreadKeys(count: number): string[] {
	let width = 1;
	while (BASE ** width < count + 1) width++;
	const span = BASE ** width;
	const keys: string[] = [];
	for (let i = 0; i < count; i++) {
		let value = Math.floor(((i + 1) * span) / (count + 1));
		let key = '';
		for (let w = 0; w < width; w++) {
			key = DIGITS.charAt(value % BASE) + key;
			value = Math.floor(value / BASE);
		}
		// Stripping trailing zeros keeps the order of fixed-width keys (0 is the smallest digit).
		keys.push(key.replace(/0+$/, ''));
	}
	return keys;
}

/** A two-character salt derived from a Yjs client id. */
export function saltFor(clientId: number): string {
	const value = Math.abs(Math.trunc(clientId)) % (BASE * BASE);
	const salt = (DIGITS.charAt(Math.floor(value / BASE)) + DIGITS.charAt(value % BASE)).replace(
		/0+$/,
		''
	);
	return salt === '' ? '1' : salt;
}

/** Something placed in an ordered list: its stable id and its order key (maybe invalid). */
export interface Ordered {
	id: string;
	key: unknown;
}

/** Total order: valid keys first by key, ties and invalid keys by id. Same on every replica. */
export function compareOrdered(a: Ordered, b: Ordered): number {
	const va = isOrderKey(a.key);
	const vb = isOrderKey(b.key);
	if (va && vb && a.key !== b.key) return (a.key as string) < (b.key as string) ? -1 : 1;
	if (va !== vb) return va ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A sorted copy of `items`. */
export function sortOrdered<T extends Ordered>(items: readonly T[]): T[] {
	return [...items].sort(compareOrdered);
}

/** Where to put an item: its new key, plus new keys for other items when a re-key was needed. */
export interface Placement {
	key: string;
	rekeyed: Map<string, string>;
}

/**
 * The key that puts an item at `index` among `others` (sorted with `compareOrdered`, without the
 * item itself). If the neighbours' keys are equal or invalid there is no room between them, so
 * every item of the list gets a fresh key (returned in `rekeyed`, to be written by the caller).
 */
export function placeAt(others: readonly Ordered[], index: number, salt = ''): Placement {
	const at = Math.max(0, Math.min(Math.trunc(index), others.length));
	const prev = others[at - 1];
	const next = others[at];
	const prevOk = prev === undefined || isOrderKey(prev.key);
	const nextOk = next === undefined || isOrderKey(next.key);
	if (prevOk && nextOk && (prev === undefined || next === undefined || prev.key !== next.key)) {
		const low = prev === undefined ? null : (prev.key as string);
		const high = next === undefined ? null : (next.key as string);
		return { key: keyBetween(low, high, salt), rekeyed: new Map() };
	}
	const keys = spreadKeys(others.length + 1);
	const rekeyed = new Map<string, string>();
	others.forEach((item, i) => rekeyed.set(item.id, keys[i < at ? i : i + 1] as string));
	return { key: keys[at] as string, rekeyed };
}
