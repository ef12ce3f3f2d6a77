import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { downloadSynthesePdf } from '$lib/server/synthese.service';
import type { RequestHandler } from './$types';

/** The PDF of one validated version, as a download; private (content of the beneficiary). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const pdf = await downloadSynthesePdf(getDb(), user, params.id, Number(params.version));
		return new Response(pdf.bytes, {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="synthese-v${pdf.version}.pdf"`,
				'cache-control': 'private, no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (cause) {
		rethrowAsHttp(cause, m.synthese_not_found());
	}
};
