import { extractText, getDocumentProxy } from 'unpdf';

/** True when the bytes start like a PDF file (`%PDF-`). */
function hasPdfHeader(bytes: Uint8Array): boolean {
	return new TextDecoder('latin1').decode(bytes.subarray(0, 5)) === '%PDF-';
}

/**
 * The text of a PDF, pages joined, parsed back with unpdf (PDF.js); fails the test when the bytes
 * are not a PDF (vitest and Playwright alike). PDF.js may split or join words differently from the source: compare with
 * `normalizePdfText` on both sides when spacing matters.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
	// A plain error rather than vitest's expect: Playwright specs use this helper too.
	if (!hasPdfHeader(bytes)) throw new Error('not a PDF: the bytes do not start with %PDF-');
	// PDF.js takes ownership of the buffer it is given: hand it a copy.
	const document = await getDocumentProxy(new Uint8Array(bytes));
	const { text } = await extractText(document, { mergePages: true });
	return normalizePdfText(text);
}

/** Collapses runs of white space, so assertions do not depend on line breaks in the layout. */
export function normalizePdfText(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/**
 * The decompressed content streams of a PDF (latin1), to look for vector drawing operators such
 * as `re` (rectangle), `c` (Bézier curve) or `l` (line) that text extraction cannot see.
 */
export async function pdfContentStreams(bytes: Uint8Array): Promise<string> {
	const { inflateSync } = await import('node:zlib');
	const raw = Buffer.from(bytes).toString('latin1');
	const streams: string[] = [];
	// A stream follows its dictionary (`>> stream`); `endstream` must not read as a start.
	const pattern = />>\s*stream\r?\n/g;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(raw))) {
		const start = match.index + match[0].length;
		const end = raw.indexOf('endstream', start);
		if (end < 0) break;
		const chunk = Buffer.from(raw.slice(start, end), 'latin1');
		try {
			streams.push(inflateSync(chunk).toString('latin1'));
		} catch {
			streams.push(chunk.toString('latin1'));
		}
		pattern.lastIndex = end + 'endstream'.length;
	}
	return streams.join('\n');
}
