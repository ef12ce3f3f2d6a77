import { m } from '../paraglide/messages.js';

/**
 * Helpers for comparing two summaries of a board (snapshots): summaries carry what people read
 * (labels, texts, titles), so items are paired by that text. Duplicates pair in order.
 */
export interface Pairing<T> {
	added: T[];
	removed: T[];
	/** [before, after] of the items found on both sides. */
	kept: [T, T][];
}

export function pairByKey<T>(before: readonly T[], after: readonly T[], key: (item: T) => string) {
	const waiting = new Map<string, T[]>();
	for (const item of before) {
		const list = waiting.get(key(item)) ?? [];
		list.push(item);
		waiting.set(key(item), list);
	}
	const pairing: Pairing<T> = { added: [], removed: [], kept: [] };
	for (const item of after) {
		const old = waiting.get(key(item))?.shift();
		if (old === undefined) pairing.added.push(item);
		else pairing.kept.push([old, item]);
	}
	for (const list of waiting.values()) pairing.removed.push(...list);
	return pairing;
}

/** True when two plain JSON values differ. */
export function differs(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) !== JSON.stringify(b);
}

/** A comparison that says only whether the content changed (a kind without its own wording). */
export function contentChanged(before: unknown, after: unknown): string[] {
	return differs(before, after) ? [m.snapshot_compare_changed()] : [];
}
