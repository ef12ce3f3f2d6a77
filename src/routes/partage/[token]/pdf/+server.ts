import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { openShare } from '$lib/server/shares.service';
import { synthesePdf } from '$lib/server/pdf-synthese';
import type { RequestHandler } from './$types';

/** The PDF of the shared synthèse's latest validated version; the download is audited. */
export const GET: RequestHandler = async ({ params, getClientAddress }) => {
	const db = getDb();
	const opened = await openShare(db, params.token, 'pdf', { ip: getClientAddress() });
	if (!opened?.version) error(404, m.share_unavailable());
	return new Response(await synthesePdf(opened.version), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': 'attachment; filename="synthese.pdf"',
			'x-content-type-options': 'nosniff'
		}
	});
};
