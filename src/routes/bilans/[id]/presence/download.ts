import type { RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb, type Db } from '$lib/server/db';
import type { Actor } from '$lib/server/permissions';

/**
 * A download of the attendance sheet: an attachment that stays in the person's browser (private,
 * never cached by a proxy), named after the bilan so several downloads do not collide.
 */
export async function attendanceDownload(
	event: RequestEvent<{ id: string }>,
	extension: 'csv' | 'pdf',
	contentType: string,
	render: (db: Db, actor: Actor, bilanId: string) => Promise<string | Uint8Array>
): Promise<Response> {
	const user = requireUser(event.locals.user, event.url);
	let body: string | Uint8Array;
	try {
		body = await render(getDb(), user, event.params.id);
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
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
