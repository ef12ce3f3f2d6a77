import { m } from '$lib/paraglide/messages';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { getDb } from '$lib/server/db';
import {
	createShare,
	listShares,
	revokeShare,
	SHARE_MAX_DAYS,
	shareVersion
} from '$lib/server/shares.service';
import { getValidatedSynthese } from '$lib/server/synthese.service';
import type { Actions, PageServerLoad } from './$types';

/**
 * The beneficiary's shares of their synthèse: create, copy once, list, share a newer version on a
 * link, revoke.
 */
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	const user = requireUser(locals.user, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	const db = getDb();
	try {
		const shares = await listShares(db, user, params.id);
		return {
			shares,
			latestVersion: (await getValidatedSynthese(db, params.id.toLowerCase()))?.version ?? null,
			maxDays: SHARE_MAX_DAYS
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};

const SHARE_FIELDS = ['recipientName', 'recipientEmail', 'days'] as const;

export const actions: Actions = {
	create: async ({ locals, params, request, url, getClientAddress }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), SHARE_FIELDS);
		try {
			const { share, token } = await createShare(getDb(), user, params.id, values, {
				ip: getClientAddress()
			});
			// The only time the link exists outside the recipient's hands: never stored, shown once.
			return {
				form: 'create',
				created: { name: share.recipientName, link: `${url.origin}/partage/${token}` }
			};
		} catch (cause) {
			return actionFailure(cause, 'create', values);
		}
	},

	/** "Partager la nouvelle version": the version the page offered, on the same link. */
	shareVersion: async ({ locals, params, request, url, getClientAddress }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['shareId', 'version']);
		try {
			const name = await shareVersion(getDb(), user, params.id, values.shareId!, values.version, {
				ip: getClientAddress()
			});
			return {
				form: 'shareVersion',
				success: name ? m.share_version_done({ name, version: values.version! }) : null
			};
		} catch (cause) {
			return actionFailure(cause, 'shareVersion', values);
		}
	},

	revoke: async ({ locals, params, request, url, getClientAddress }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['shareId']);
		try {
			const name = await revokeShare(getDb(), user, params.id, values.shareId!, {
				ip: getClientAddress()
			});
			return { form: 'revoke', success: name ? m.share_revoked({ name }) : null };
		} catch (cause) {
			return actionFailure(cause, 'revoke', values);
		}
	}
};
