/**
 * PDF rendering on the server with pdfmake 0.3, and the page furniture every document of the
 * bilan record shares (organisation header, page numbers, generation date). Fonts are the Roboto
 * files shipped inside the pdfmake package: they cover French (é, œ, « », ·, ’) and are embedded
 * (subset) in each PDF, so a document reads the same on any machine.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfMake from 'pdfmake';
import type { Content, TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import { formatDateTime } from '../format/dates.ts';

const require = createRequire(import.meta.url);
const robotoFonts = require('pdfmake/fonts/Roboto.js') as TFontDictionary;
const fontsFolder = dirname(robotoFonts.Roboto!.normal as string);

let configured = false;

/** pdfmake is a process-wide singleton: set its fonts and access policies once, lazily. */
function configure(): void {
	if (configured) return;
	pdfMake.setFonts(robotoFonts);
	// Documents are built from our own data: no remote image, no file but the fonts.
	pdfMake.setUrlAccessPolicy(() => false);
	pdfMake.setLocalAccessPolicy((path) => path.startsWith(fontsFolder));
	configured = true;
}

/**
 * Renders a pdfmake document definition into the bytes of a PDF file (backed by a plain
 * ArrayBuffer, so they go straight into a `Response` or a ZIP).
 */
export async function renderPdf(
	definition: TDocumentDefinitions
): Promise<Uint8Array<ArrayBuffer>> {
	configure();
	return new Uint8Array(await pdfMake.createPdf(definition).getBuffer());
}

/** Colours shared by the record's documents (dark enough to print and to read). */
export const PDF_COLORS = {
	text: '#1f2933',
	muted: '#52606d',
	accent: '#1d4e89',
	rule: '#cbd2d9'
} as const;

export interface PageFurnitureInput {
	/** The organisation's name, at the top of every page. */
	organisationName: string;
	/** The document's title, beside the organisation's name. */
	title: string;
	/** When the document was generated (shown in the footer, in Paris time). */
	generatedAt: Date;
}

/**
 * The header, footer, margins, default style and metadata every record document shares: the
 * organisation's name and the document title on each page, "Page n / total" and the generation
 * date in the footer. Spread it into a definition: `{ ...pageFurniture(input), content }`.
 */
export function pageFurniture(input: PageFurnitureInput): Omit<TDocumentDefinitions, 'content'> {
	const generated = `Généré le ${formatDateTime(input.generatedAt, 'fr', 'long')}`;
	return {
		pageSize: 'A4',
		pageMargins: [48, 64, 48, 56],
		info: { title: input.title, author: input.organisationName, creator: 'Atelier' },
		language: 'fr-FR',
		defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25, color: PDF_COLORS.text },
		styles: PDF_STYLES,
		header: () => ({
			margin: [48, 24, 48, 0],
			columns: [
				{ text: input.organisationName, bold: true, color: PDF_COLORS.accent },
				{ text: input.title, alignment: 'right', color: PDF_COLORS.muted }
			],
			fontSize: 9
		}),
		footer: (currentPage: number, pageCount: number) => ({
			margin: [48, 16, 48, 0],
			columns: [
				{ text: generated, color: PDF_COLORS.muted },
				{ text: `Page ${currentPage} / ${pageCount}`, alignment: 'right', color: PDF_COLORS.muted }
			],
			fontSize: 8.5
		})
	};
}

/** Named styles used with `style: 'h1'` etc. in the record's documents. */
export const PDF_STYLES: TDocumentDefinitions['styles'] = {
	h1: { fontSize: 18, bold: true, color: PDF_COLORS.accent, margin: [0, 0, 0, 8] },
	h2: { fontSize: 13.5, bold: true, color: PDF_COLORS.accent, margin: [0, 14, 0, 6] },
	h3: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 4] },
	muted: { color: PDF_COLORS.muted },
	small: { fontSize: 9 }
};

/** A "Label : value" table, for a document's metadata block (no borders, muted labels). */
export function keyValueTable(rows: readonly (readonly [string, string])[]): Content {
	return {
		table: {
			widths: ['auto', '*'],
			body: rows.map(([label, value]) => [{ text: label, style: 'muted' }, { text: value }])
		},
		layout: 'noBorders',
		margin: [0, 0, 0, 8]
	};
}

/** A paragraph list from free text: one paragraph per non-empty line, or a muted placeholder. */
export function paragraphs(text: string, empty = 'Non renseigné.'): Content[] {
	const lines = text
		.split(/\r?\n/)
		.map((line) => line.trimEnd())
		.filter((line) => line.trim() !== '');
	if (lines.length === 0) return [{ text: empty, style: 'muted', italics: true }];
	return lines.map((line) => ({ text: line, margin: [0, 0, 0, 4] }));
}
