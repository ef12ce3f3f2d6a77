import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	compareOrdered,
	isOrderKey,
	keyBetween,
	placeAt,
	saltFor,
	sortOrdered,
	spreadKeys
} from './fractional-index.ts';

const key = fc.stringMatching(/^[0-9A-Za-z]{0,8}[1-9A-Za-z]$/);
const salt = fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(saltFor), { nil: undefined });

describe('keyBetween', () => {
	it('gives a valid key strictly between any two keys (or open ends)', () => {
		fc.assert(
			fc.property(fc.option(key), fc.option(key), salt, (x, y, s) => {
				let [a, b] = [x, y];
				if (a !== null && b !== null) {
					if (a === b) return;
					if (a > b) [a, b] = [b, a];
				}
				const k = keyBetween(a, b, s);
				expect(isOrderKey(k)).toBe(true);
				if (a !== null) expect(k > a).toBe(true);
				if (b !== null) expect(k < b).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});

	it('keeps keys short when appending or prepending many items', () => {
		let last: string | null = null;
		let firstKey: string | null = null;
		for (let i = 0; i < 200; i++) {
			const next = keyBetween(last, null);
			if (last !== null) expect(next > last).toBe(true);
			last = next;
			const before = keyBetween(null, firstKey);
			if (firstKey !== null) expect(before < firstKey).toBe(true);
			firstKey = before;
		}
		expect(last?.length).toBeLessThanOrEqual(4);
		expect(firstKey?.length).toBeLessThanOrEqual(4);
	});

	it('gives concurrent inserts at the same spot distinct keys thanks to the salt', () => {
		const a = keyBetween('V', 'W', saltFor(1001));
		const b = keyBetween('V', 'W', saltFor(1002));
		expect(a).not.toBe(b);
		for (const k of [a, b]) expect(k > 'V' && k < 'W').toBe(true);
	});

	it('refuses invalid or misordered bounds', () => {
		expect(() => keyBetween('b', 'a')).toThrow(RangeError);
		expect(() => keyBetween('a0', null)).toThrow(RangeError);
		expect(() => keyBetween(null, 'é')).toThrow(RangeError);
	});
});

describe('spreadKeys', () => {
	it('gives strictly increasing valid keys', () => {
		for (const count of [0, 1, 2, 61, 62, 200, 4000]) {
			const keys = spreadKeys(count);
			expect(keys).toHaveLength(count);
			keys.forEach((k, i) => {
				expect(isOrderKey(k)).toBe(true);
				if (i > 0) expect(k > (keys[i - 1] as string)).toBe(true);
			});
		}
	});
});

describe('ordering', () => {
	it('sorts by key, then by id for ties, invalid keys last', () => {
		const items = [
			{ id: 'c', key: 'V' },
			{ id: 'a', key: 42 },
			{ id: 'b', key: 'V' },
			{ id: 'd', key: 'A' }
		];
		expect(sortOrdered(items).map((i) => i.id)).toEqual(['d', 'b', 'c', 'a']);
		expect(compareOrdered({ id: 'x', key: 'V' }, { id: 'x', key: 'V' })).toBe(0);
	});

	it('places between distinct neighbours without touching them', () => {
		const others = [
			{ id: 'a', key: 'F' },
			{ id: 'b', key: 'V' }
		];
		const placement = placeAt(others, 1);
		expect(placement.key > 'F' && placement.key < 'V').toBe(true);
		expect(placement.rekeyed.size).toBe(0);
		expect(placeAt(others, 10).key > 'V').toBe(true);
		expect(placeAt(others, -3).key < 'F').toBe(true);
	});

	it('re-keys the whole list when neighbours share a key or have an invalid one', () => {
		for (const others of [
			[
				{ id: 'a', key: 'V' },
				{ id: 'b', key: 'V' }
			],
			[
				{ id: 'a', key: 'V' },
				{ id: 'b', key: null }
			]
		]) {
			const placement = placeAt(others, 1);
			const order = [
				{ id: 'a', key: placement.rekeyed.get('a') },
				{ id: 'new', key: placement.key },
				{ id: 'b', key: placement.rekeyed.get('b') }
			];
			expect(sortOrdered([...order].reverse()).map((i) => i.id)).toEqual(['a', 'new', 'b']);
		}
	});
});
