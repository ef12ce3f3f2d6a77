import type { RequestEvent } from '@sveltejs/kit';
import { requireUser, rethrowAsHttp } from './bilans.http.ts';
import { getDb, type Db } from './db/index.ts';
import type { Actor } from './permissions.ts';

/**
 * A download of the attendance sheet: an attachment that stays in the person's browser (private,
 * never cached by a proxy), named after the bilan or the cohort (`id`) so several downloads do not
 * collide; `notFound` is what a 404 says.
 */
export async function attendanceDownload(
	event: RequestEvent<{ id: string }>,
	extension: 'csv' | 'pdf',
	contentType: string,
	render: (db: Db, actor: Actor, id: string) => Promise<string | Uint8Array>,
	notFound: string
): Promise<Response> {
	const user = requireUser(event.locals.user, event.url);
	let body: string | Uint8Array;
	try {
		body = await render(getDb(), user, event.params.id);
	} catch (cause) {
		rethrowAsHttp(cause, notFound);
	}
	const name = `feuille-de-presence-${event.params.id.slice(0, 8)}.${extension}`;
	return new Response(body as BodyInit, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
