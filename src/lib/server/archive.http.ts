/**
 * A ZIP as a download: private to the person (the content is theirs), never cached, never
 * sniffed into something else.
 */
export function zipDownload(bytes: Uint8Array<ArrayBuffer>, filename: string): Response {
	return new Response(bytes, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${filename}"`,
			'content-length': String(bytes.byteLength),
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
