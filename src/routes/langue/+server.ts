import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import { safeRedirectTarget } from '$lib/server/auth/redirect';
import type { RequestHandler } from './$types';

/**
 * The language switch without JavaScript: sets paraglide's locale cookie (readable by the
 * browser runtime, hence not HttpOnly) and goes back to the page it came from.
 */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const data = await request.formData();
	const locale = data.get('locale');
	if (typeof locale === 'string' && isLocale(locale)) {
		cookies.set(cookieName, locale, {
			path: '/',
			maxAge: cookieMaxAge,
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:'
		});
	}
	const back = data.get('redirectTo');
	redirect(303, safeRedirectTarget(typeof back === 'string' ? back : null, url.origin));
};
