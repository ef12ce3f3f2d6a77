import { redirect, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDb } from '$lib/server/db';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { apiError } from '$lib/server/api.http';

/** RFC 9110's safe methods: they change nothing, so any site may send them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const FOREIGN_ORIGIN =
	'Requête refusée : elle ne vient pas d’Atelier (l’en-tête Origin manque ou désigne un autre site).';

function fromOwnPage(request: Request, url: URL): boolean {
	const origin = request.headers.get('origin');
	if (origin === url.origin) return true;
	// Under `Referrer-Policy: no-referrer` (share and invitation pages) a browser sends its own
	// form posts with `Origin: null`; its Sec-Fetch-Site, which no page can set, still vouches.
	return origin === 'null' && request.headers.get('sec-fetch-site') === 'same-origin';
}

/**
 * Cross-site request forgery: every request that may change something (POST, PUT, PATCH, DELETE…)
 * must carry the app's own `Origin`, whatever its content type — SvelteKit's own check covers form
 * content types only, so a JSON or bodiless POST (the API, /logout) from another site got
 * through; it is switched off in svelte.config.js for this one. Browsers send `Origin` with every
 * such request; scripts must send it too (README). Behind a proxy, `event.url` is built from
 * `ORIGIN`, so the public origin is the one expected.
 */
const handleOrigin: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	if (SAFE_METHODS.has(request.method) || fromOwnPage(request, url)) return resolve(event);
	if (isApiPath(url.pathname)) return apiError(403, FOREIGN_ORIGIN);
	return new Response(FOREIGN_ORIGIN, {
		status: 403,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
};

/**
 * Headers for every answer of the app (pages get their Content-Security-Policy, with
 * `frame-ancestors 'none'`, from `kit.csp` in svelte.config.js). A route may choose a stricter
 * Referrer-Policy (share and invitation links: `no-referrer`); HSTS only over HTTPS, where
 * browsers heed it (`ORIGIN` https, or the proxy's protocol header).
 */
const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('x-content-type-options', 'nosniff');
	if (!headers.has('referrer-policy')) {
		headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	}
	if (event.url.protocol === 'https:') {
		headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

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

function isApiPath(pathname: string): boolean {
	return pathname === '/api' || pathname.startsWith('/api/');
}

/** Paths an anonymous visitor may open. `/api` answers 401 JSON itself (see its endpoints). */
function isPublicPath(pathname: string): boolean {
	return (
		pathname === '/login' ||
		pathname === '/healthz' ||
		pathname === '/langue' ||
		pathname.startsWith('/invitation/') ||
		pathname.startsWith('/partage/') ||
		isApiPath(pathname) ||
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
	handleSecurityHeaders,
	handleOrigin,
	handlePlainFormPosts,
	handleShareLinks,
	handleSession,
	handleGuard,
	handleParaglide
);
