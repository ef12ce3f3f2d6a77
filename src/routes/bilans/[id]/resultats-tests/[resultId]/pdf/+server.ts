import { m } from '$lib/paraglide/messages';
import { slug } from '$lib/server/archive.service';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import { pdfHeaders } from '$lib/server/pdf-attachment';
import { testResultAttachment } from '$lib/server/test-results.service';
import type { RequestHandler } from './$types';

/** A test's report (PDF), for the beneficiary and their consultant; 404 for anyone else. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	try {
		const file = await testResultAttachment(getDb(), user, params.id, params.resultId);
		const name = `${file.takenOn}_${slug(file.name, 'test')}.pdf`;
		return new Response(file.bytes.slice().buffer as ArrayBuffer, {
			headers: pdfHeaders(name, file.bytes.length)
		});
	} catch (cause) {
		rethrowAsHttp(cause, m.tests_not_found());
	}
};
