import { describe, expect, it } from 'vitest';
import { Checker } from './bilans.validation.ts';
import { checkPdf, formFile, isPdf } from './pdf-attachment.ts';

const bytes = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const PDF = bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

/** What checkPdf answered and the message it left, in one value to compare. */
function checked(file: Uint8Array | null, maxBytes = 1024) {
	const check = new Checker();
	const value = checkPdf(check, 'attachment', file, maxBytes);
	return { value, error: check.errors.attachment };
}

describe('PDF attachments', () => {
	it('tells a PDF by its first bytes, whatever the file claims to be', () => {
		expect(isPdf(PDF)).toBe(true);
		expect(isPdf(bytes('%PDF'))).toBe(false);
		expect(isPdf(bytes('<html>%PDF-1.7'))).toBe(false);
		expect(isPdf(bytes('\x89PNG\r\n\x1a\n'))).toBe(false);
		expect(isPdf(new Uint8Array())).toBe(false);
	});

	it('accepts a PDF within the limit, and no file at all', () => {
		expect(checked(PDF)).toEqual({ value: PDF, error: undefined });
		expect(checked(null)).toEqual({ value: null, error: undefined });
	});

	it('refuses an empty file, a file over the limit and anything but a PDF, in French', () => {
		expect(checked(new Uint8Array()).error).toBe('Le fichier envoyé est vide.');
		expect(checked(PDF, PDF.length - 1).error).toMatch(/^Ce fichier est trop lourd : 0 Mo/);
		expect(checked(PDF, 5 * 1024 * 1024 - 1).value).toBe(PDF);
		expect(checked(bytes('Résultats : très bien'), 1024).error).toBe(
			'Ce fichier n’est pas un PDF : envoyez le document au format PDF.'
		);
	});

	it('reads a form’s file field, and no choice as no file', async () => {
		expect(await formFile(new File([PDF], 'compte-rendu.pdf'))).toEqual(PDF);
		expect(await formFile(new File([], ''))).toBeNull();
		expect(await formFile('texte')).toBeNull();
		expect(await formFile(null)).toBeNull();
	});
});
