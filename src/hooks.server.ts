import { redirect, type Handle } from '@sveltejs/kit';
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

/** Paths an anonymous visitor may open. `/api` answers 401 JSON itself (see its endpoints). */
function isPublicPath(pathname: string): boolean {
	return (
		pathname === '/login' ||
		pathname === '/healthz' ||
		pathname === '/langue' ||
		pathname.startsWith('/invitation/') ||
		pathname.startsWith('/partage/') ||
		pathname === '/api' ||
		pathname.startsWith('/api/') ||
		pathname.startsWith('/_app/')
	);
}

/** Every other page sends an anonymous visitor to the login page, then back where they were. */
const handleGuard: Handle = ({ event, resolve }) => {
	if (!event.locals.user && !isPublicPath(event.url.pathname)) {
		const back = event.request.method === 'GET' ? event.url.pathname + event.url.search : '/';
		const query = back === '/' ? '' : `?redirectTo=${encodeURIComponent(back)}`;
		redirect(303, `/login${query}`);
	}
	return resolve(event);
};

/**
 * A share link is a credential (the beneficiary's consent to one person): its pages, the refusal
 * included, stay out of search engines, Referer headers and shared caches.
 */
const handleShareLinks: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.url.pathname.startsWith('/partage/')) {
		response.headers.set('x-robots-tag', 'noindex, nofollow');
		response.headers.set('referrer-policy', 'no-referrer');
		response.headers.set('cache-control', 'private, no-store');
	}
	return response;
};

/*
 * SvelteKit answers a form post with JSON when `Accept` allows any type (curl and fetch do so),
 * which is meant for `use:enhance` only (it sends `x-sveltekit-action`). A plain form post from a
 * script gets what a browser without JavaScript gets: the 303 redirect or the HTML page.
 */
const handlePlainFormPosts: Handle = ({ event, resolve }) => {
	const request = event.request;
	const type = request.headers.get('content-type') ?? '';
	if (
		request.method === 'POST' &&
		!request.headers.has('x-sveltekit-action') &&
		(type.startsWith('application/x-www-form-urlencoded') ||
			type.startsWith('multipart/form-data')) &&
		!(request.headers.get('accept') ?? '').includes('application/json')
	) {
		const headers = new Headers(request.headers);
		headers.set('accept', 'text/html');
		event.request = new Request(request, { headers });
	}
	return resolve(event);
};

export const handle: Handle = sequence(
	handlePlainFormPosts,
	handleShareLinks,
	handleSession,
	handleGuard,
	handleParaglide
);
