import { describe, expect, it } from 'vitest';
import { pdfContentStreams, pdfText } from '../../../tests/helpers/pdf.ts';
import { keyValueTable, pageFurniture, paragraphs, renderPdf } from './pdf.ts';

describe('renderPdf', () => {
	it('renders French text with the page furniture, and the text reads back', async () => {
		const generatedAt = new Date('2026-03-29T00:30:00Z');
		const bytes = await renderPdf({
			...pageFurniture({ organisationName: 'Cap Avenir', title: 'Essai', generatedAt }),
			content: [
				{ text: 'Synthèse du bilan', style: 'h1' },
				keyValueTable([['Bénéficiaire', 'Zoé Lœwy']]),
				...paragraphs('« Cœur de métier » · l’écoute\n\nDeuxième idée'),
				{ canvas: [{ type: 'ellipse', x: 60, y: 60, r1: 40, r2: 40, lineColor: '#333' }] }
			]
		});
		const text = await pdfText(bytes);
		expect(text).toContain('Cap Avenir');
		expect(text).toContain('Synthèse du bilan');
		expect(text).toContain('Zoé Lœwy');
		expect(text).toContain('« Cœur de métier » · l’écoute');
		expect(text).toContain('Deuxième idée');
		expect(text).toContain('Page 1 / 1');
		// 00:30 UTC on the day summer time starts is 01:30 in Paris.
		expect(text).toContain('Généré le 29 mars 2026 à 01:30');
		// The circle is drawn with Bézier curves, not as an image.
		expect(await pdfContentStreams(bytes)).toMatch(/ c\n/);
	});

	it('says so when a section is empty', () => {
		expect(paragraphs('  \n ')).toEqual([
			{ text: 'Non renseigné.', style: 'muted', italics: true }
		]);
	});
});
