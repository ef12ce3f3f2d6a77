import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { SyntheseContent } from '$lib/boards/synthese/content';
import { getDb } from '$lib/server/db';
import { openShare } from '$lib/server/shares.service';
import type { PageServerLoad } from './$types';

/*
 * A third party's view of the synthèse the beneficiary shared: no session, the link is the key.
 * Every refusal is the same 404 (unknown, forged, expired, revoked, destroyed), and each view is
 * audited. The hook keeps these pages out of indexes, Referer headers and caches.
 */
export const load: PageServerLoad = async ({ params, getClientAddress }) => {
	const opened = await openShare(getDb(), params.token, 'view', { ip: getClientAddress() });
	if (!opened) error(404, m.share_unavailable());
	const { version } = opened;
	return {
		recipientName: opened.recipientName,
		organisationName: opened.organisationName,
		expiresAt: opened.expiresAt,
		version: version
			? {
					version: version.version,
					validatedAt: version.validatedAt,
					content: version.content as SyntheseContent
				}
			: null
	};
};
