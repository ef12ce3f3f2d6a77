import type { Checker } from './bilans.validation.ts';

/**
 * PDFs kept with a record (a test's results, the employer's agreement). The type is decided from
 * the bytes, never from the name or the type the browser declares, and the size is bounded by
 * `ATELIER_ASSET_MAX_BYTES` (config.ts), the limit the request body is sized for
 * (`asset-limits.ts`), so a refusal is always this module's French message.
 */

const PDF_SIGNATURE = [...'%PDF-'].map((char) => char.charCodeAt(0));

/** The file starts as every PDF does (`%PDF-`, then the version). */
export function isPdf(bytes: Uint8Array): boolean {
	return PDF_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/** "5", "2,5": the largest attachment in megabytes, as the messages write it. */
export function pdfMaxMegabytes(bytes: number): string {
	return (bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
}

/**
 * Checks an attachment (null: none sent) into `check` under `field`; the bytes when they are a
 * PDF of at most `maxBytes`, undefined after a refusal.
 */
export function checkPdf(
	check: Checker,
	field: string,
	bytes: Uint8Array | null,
	maxBytes: number
): Uint8Array | null | undefined {
	if (bytes === null) return null;
	if (bytes.length === 0) return check.fail(field, 'Le fichier envoyé est vide.');
	if (bytes.length > maxBytes) {
		return check.fail(
			field,
			`Ce fichier est trop lourd : ${pdfMaxMegabytes(maxBytes)} Mo au plus. Envoyez un PDF plus léger.`
		);
	}
	if (!isPdf(bytes)) {
		return check.fail(field, 'Ce fichier n’est pas un PDF : envoyez le document au format PDF.');
	}
	return bytes;
}

/** A form's file field as bytes; null when no file was chosen. */
export async function formFile(value: FormDataEntryValue | null): Promise<Uint8Array | null> {
	if (!(value instanceof File) || (value.size === 0 && value.name === '')) return null;
	return new Uint8Array(await value.arrayBuffer());
}

/** Headers of a stored PDF sent back: never sniffed, never run, kept privately. */
export function pdfHeaders(fileName: string, size: number): Record<string, string> {
	return {
		'content-type': 'application/pdf',
		'content-length': String(size),
		'content-disposition': `attachment; filename="${fileName}"`,
		'cache-control': 'private, no-store',
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; sandbox"
	};
}
