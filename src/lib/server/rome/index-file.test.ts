import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { buildRomeIndex } from './index-file.ts';

describe('ROME import', () => {
	it('reads quoted CSV: commas, doubled quotes and line breaks inside fields', () => {
		expect(parseCsv('\ufeff"a","b"\n"1, 2","dit ""oui""\nensuite"\n')).toEqual([
			{ a: '1, 2', b: 'dit "oui"\nensuite' }
		]);
		expect(() => parseCsv('"a","b"\n"1"\n')).toThrow(/ligne 2/);
	});

	let folder: string | undefined;
	afterEach(() => {
		if (folder) rmSync(folder, { recursive: true });
		folder = undefined;
	});

	/** A release of two métiers, as France Travail names and shapes its files. */
	function release(version: string, link = 'A1102'): string {
		folder = mkdtempSync(join(tmpdir(), 'rome-'));
		const files: Record<string, string> = {
			referentiel_code_rome:
				'"code_rome","libelle_rome","transition_eco","transition_num","transition_demo","emploi_reglemente","emploi_cadre"\n' +
				'"A1102","Bûcheron / Bûcheronne","Emploi Vert","N","","O",""\n' +
				'"A1101","Conducteur / Conductrice d\'engins agricoles","Emploi Blanc","O","N","N","O"\n',
			referentiel_appellation:
				'"libelle_appellation_long","code_rome","peu_usite"\n"Élagueur / Élagueuse","A1102","N"\n',
			texte:
				'"code_rome","libelle_type_texte","position_phrase","libelle_texte"\n' +
				'"A1101","definition","2","Récolte."\n"A1101","definition","1","Laboure."\n' +
				'"A1101","acces_metier","1","Un CAP d\'\'agriculture."\n',
			rubrique_mobilite: `"code_rome","code_rome_cible","numero_ordre"\n"A1101","${link}","1"\n`,
			centre_interet:
				'"code_centre_interet","libelle_centre_interet","definition_centre_interet"\n"1","J\'aime la nature","Dehors."\n',
			arborescence_centre_interet:
				'"code_centre_interet","code_rome","principal"\n"1","A1101","oui"\n"1","A1102","non"\n'
		};
		for (const [table, text] of Object.entries(files)) {
			writeFileSync(join(folder, `unix_${table}_v${version}_utf8.csv`), text);
		}
		return folder;
	}

	it('turns a release into the index: sorted, texts in order, flags, version from the names', () => {
		const index = buildRomeIndex(release('461'));
		expect(index.version).toBe('4.61');
		expect(index.metiers.map((metier) => metier.code)).toEqual(['A1101', 'A1102']);
		expect(index.metiers[0]).toEqual({
			code: 'A1101',
			libelle: "Conducteur / Conductrice d'engins agricoles",
			eco: null,
			numerique: true,
			demographique: false,
			reglemente: false,
			cadre: true,
			definition: ['Laboure.', 'Récolte.'],
			acces: ["Un CAP d'agriculture."]
		});
		expect(index.metiers[1]).toMatchObject({ eco: 'verte', reglemente: true, definition: [] });
		expect(index.liens).toEqual([
			[1, 'A1101', true],
			[1, 'A1102', false]
		]);
	});

	it('refuses a link to an unknown métier, naming it', () => {
		expect(() => buildRomeIndex(release('460', 'Z9999'))).toThrow(/Z9999/);
	});
});
