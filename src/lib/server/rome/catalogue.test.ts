import { describe, expect, it } from 'vitest';
import { CODE_ROME, loadRomeCatalogue } from './catalogue.ts';

/** The committed index of ROME 4.0 v4.60, as the server reads it. */
describe('ROME catalogue', () => {
	const rome = loadRomeCatalogue();

	it('holds the whole v4.60 release: its row counts', () => {
		expect(rome.version).toBe('4.60');
		expect(rome.attribution).toBe('Source : France Travail, ROME 4.0 (v4.60)');
		expect(rome.metiers.size).toBe(1584);
		expect(rome.appellationCount).toBe(13120);
		expect(rome.mobiliteCount).toBe(14912);
		expect(rome.centres).toHaveLength(30);
		expect(rome.lienCount).toBe(4444);
	});

	it('every mobility and interest link resolves to a known métier; one principal centre each', () => {
		let mobilities = 0;
		for (const code of rome.metiers.keys()) {
			expect(code).toMatch(CODE_ROME);
			for (const target of rome.mobilitesOf(code)) {
				expect(rome.metiers.has(target), `${code} → ${target}`).toBe(true);
				mobilities++;
			}
		}
		expect(mobilities).toBe(14912);
		let links = 0;
		const principal = new Map<string, number>();
		for (const centre of rome.centres) {
			expect(centre.libelle).toMatch(/^J(e |')/);
			for (const link of rome.metiersOf(centre.code)) {
				expect(rome.metiers.has(link.code), `${centre.code} → ${link.code}`).toBe(true);
				if (link.principal) principal.set(link.code, (principal.get(link.code) ?? 0) + 1);
				links++;
			}
		}
		expect(links).toBe(4444);
		expect([...principal.values()].every((count) => count === 1)).toBe(true);
	});

	it('gives a fiche: definition, access, titles, close métiers closest first, centres, flags', () => {
		const fiche = rome.fiche('J1506')!;
		expect(fiche.libelle).toBe('Infirmier / Infirmière en soins généraux (IDE)');
		expect(fiche.definition.length).toBeGreaterThan(0);
		expect(fiche.acces.join(' ')).toMatch(/Diplôme d'Etat d'Infirmier/);
		expect(fiche.reglemente).toBe(true);
		expect(fiche.appellations).toContain('Infirmier / Infirmière militaire');
		expect(fiche.mobilites.length).toBeGreaterThan(0);
		expect(fiche.centres.filter((centre) => centre.principal)).toHaveLength(1);
		expect(fiche.centres[0]!.principal).toBe(true);
		expect(rome.fiche('Z9999')).toBeUndefined();
		// A1101's mobilities in the CSV: A1201 is ranked 5, A1102 6 (closest first).
		const order = rome.mobilitesOf('A1101');
		expect(order.indexOf('A1201')).toBeLessThan(order.indexOf('A1102'));
	});

	it('flags the transitions: a green job, a digital one, a cadre', () => {
		const all = [...rome.metiers.values()];
		expect(all.filter((m) => m.eco === 'verte')).toHaveLength(96);
		expect(all.filter((m) => m.eco === 'strategique')).toHaveLength(261);
		expect(all.filter((m) => m.numerique)).toHaveLength(170);
		expect(all.filter((m) => m.cadre)).toHaveLength(507);
		expect(all.filter((m) => m.reglemente)).toHaveLength(241);
	});

	it('suggests métiers of the attracting centres, the principal link weighing more', () => {
		const [first] = rome.centres;
		const suggestions = rome.suggest(new Map([[first!.code, 1]]), 500);
		const links = rome.metiersOf(first!.code);
		expect(suggestions).toHaveLength(links.length);
		const principal = new Set(links.filter((l) => l.principal).map((l) => l.code));
		const firstOther = suggestions.findIndex((s) => !principal.has(s.code));
		// Every métier whose principal centre it is comes before the others.
		expect(suggestions.slice(firstOther).some((s) => principal.has(s.code))).toBe(false);
		expect(rome.suggest(new Map(), 10)).toEqual([]);
	});
});
