import { describe, expect, it } from 'vitest';
import { loadRomeCatalogue } from './catalogue.ts';
import { labelForms, LabelIndex, normalize, prefixDistance } from './search.ts';

describe('label search', () => {
	it('normalises case, accents and ligatures', () => {
		expect(normalize('Infirmière  d’ÉTAT')).toBe('infirmiere d etat');
		expect(normalize('Chef de cœur')).toBe('chef de coeur');
	});

	it('reads the masculine and the feminine of a label', () => {
		expect(labelForms('Infirmier coordinateur / Infirmière coordinatrice de soins')).toEqual([
			'infirmier coordinateur de soins',
			'infirmiere coordinatrice de soins',
			'infirmier coordinateur infirmiere coordinatrice de soins'
		]);
		expect(labelForms('Comptable')).toEqual(['comptable']);
	});

	it('measures typos against the beginning of a word', () => {
		expect(prefixDistance('infirmie', 'infirmiere', 2)).toBe(0);
		expect(prefixDistance('infrimier', 'infirmier', 2)).toBe(1);
		expect(prefixDistance('bolanger', 'boulanger', 2)).toBe(1);
		expect(prefixDistance('plombier', 'boulanger', 2)).toBe(3);
	});

	it('ranks the exact label first, then labels beginning with the query', () => {
		const index = new LabelIndex(
			[
				'Boulanger industriel / Boulangère industrielle',
				'Chef boulanger / Cheffe boulangère',
				'Boulanger / Boulangère'
			].map((label, i) => ({ code: `D110${i}`, label, rare: false, primary: false }))
		);
		expect(index.search('boulanger', 3).map((hit) => hit.label)).toEqual([
			'Boulanger / Boulangère',
			'Boulanger industriel / Boulangère industrielle',
			'Chef boulanger / Cheffe boulangère'
		]);
	});

	describe('over the ROME', () => {
		const rome = loadRomeCatalogue();
		const labels = (query: string, limit = 10) =>
			rome.search(query, limit).map((match) => match.appellation ?? match.libelle);
		const codes = (query: string, limit = 10) => rome.search(query, limit).map((m) => m.code);

		it('finds a word begun: « infirmie » finds « Infirmier / Infirmière »', () => {
			const found = labels('infirmie');
			expect(found.length).toBeGreaterThan(0);
			expect(found[0]).toMatch(/^Infirmier \/ Infirmière/);
			for (const label of found) expect(label).toMatch(/Infirmier .*\/ Infirmière/);
		});

		it('ignores accents and case', () => {
			expect(codes('INFIRMIERE EN SOINS GENERAUX')).toEqual(codes('infirmière en soins généraux'));
			expect(codes('macon')[0]).toBe('F1703');
			expect(codes('MAÇON')[0]).toBe('F1703');
		});

		it('tolerates typos', () => {
			expect(codes('infrimier en soins generaux')[0]).toBe('J1506');
			expect(codes('devloppeur web')[0]).toBe('M1855');
			expect(codes('boulenger')[0]).toBe('D1102');
		});

		it('finds the feminine and the masculine form alike', () => {
			expect(rome.search('boulangère', 1)[0]).toEqual({
				code: 'D1102',
				libelle: 'Boulanger / Boulangère'
			});
			expect(rome.search('boulanger', 1)[0]!.code).toBe('D1102');
			expect(codes('aide-soignante')[0]).toBe('J1501');
			expect(codes('professeure des écoles')[0]).toBe('K2106');
		});

		it('ranks exact matches first, each métier once, with the title that matched', () => {
			expect(rome.search('comptable', 1)[0]).toEqual({ code: 'M1203', libelle: 'Comptable' });
			const military = rome.search('infirmière militaire', 5);
			expect(military[0]).toEqual({
				code: 'J1506',
				libelle: 'Infirmier / Infirmière en soins généraux (IDE)',
				appellation: 'Infirmier / Infirmière militaire'
			});
			const all = codes('infirmier', 50);
			expect(new Set(all).size).toBe(all.length);
		});

		it('answers nothing to nothing, or to words no label holds', () => {
			expect(rome.search('', 10)).toEqual([]);
			expect(rome.search(' - / ', 10)).toEqual([]);
			expect(rome.search('zzzzqqq', 10)).toEqual([]);
			expect(rome.search('x'.repeat(10_000), 10)).toEqual([]);
		});
	});
});
