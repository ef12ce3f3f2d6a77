import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { employerAgreementAttachment } from '$lib/server/employer-agreement.service';
import { pdfHeaders } from '$lib/server/pdf-attachment';
import type { RequestHandler } from './$types';

/** The employer's agreement letter (PDF): for the beneficiary and their consultant only. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const bytes = await employerAgreementAttachment(getDb(), user, params.id);
		return new Response(bytes.slice().buffer as ArrayBuffer, {
			headers: pdfHeaders('accord-employeur.pdf', bytes.length)
		});
	} catch (cause) {
		rethrowAsHttp(cause, m.agreement_not_found());
	}
};
