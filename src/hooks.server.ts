import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDb } from '$lib/server/db';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';

const handleParaglide: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

const handleSession: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const validated = token ? await validateSessionToken(getDb(), token) : null;
	if (token && !validated) clearSessionCookie(event.cookies);
	if (validated?.renewed)
		setSessionCookie(event.cookies, event.url, token!, validated.session.expiresAt);
	event.locals.user = validated?.user ?? null;
	event.locals.session = validated?.session ?? null;
	return resolve(event);
};

export const handle: Handle = sequence(handleSession, handleParaglide);
