/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * Offline: the app shell of this build as far as the person used it (the scripts, styles and
 * static files their pages loaded: cached as they are fetched, and for the first page, loaded
 * before this worker was in charge, from the list it sends; one cache per version; the whole
 * build, a few megabytes mostly of boards one may never open, is not downloaded up front) and
 * the pages the person opened (their HTML and their
 * `__data.json`, network-first: always fresh online, from the cache when the network fails), so an
 * opened board's page reloads offline and shows the copy kept in IndexedDB.
 *
 * Never cached: anything but GET, other origins, the API, the sockets, responses marked
 * `no-store` (share links), redirects and errors. The pages' cache is personal: logging out, or a
 * page without a session, deletes it (`$lib/offline/local-data.ts`). The cached HTML keeps its
 * own Content-Security-Policy header and the nonce it was rendered with, so it runs as it did.
 */
import { build, files, version } from '$service-worker';
import { PAGES_CACHE_PREFIX, SHELL_CACHE_PREFIX } from '$lib/offline/names';

const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${version}`;
// Pages reference this build's files: an old build's pages go with its shell.
const PAGES_CACHE = `${PAGES_CACHE_PREFIX}${version}`;
const SHELL = new Set([...build, ...files]);

/** How long a page waits for the network before the cached copy is shown (a network that hangs). */
const NETWORK_TIMEOUT_MS = 4_000;

/** Paths that are never cached: not pages, or pages that must always come from the server. */
const NEVER = ['/api/', '/yjs/', '/socket.io/', '/logout', '/login', '/langue', '/healthz'];

sw.addEventListener('install', (event) => {
	event.waitUntil(sw.skipWaiting());
});

/** `{ type: 'shell', urls }` from a page: the shell files it loaded before this worker ran. */
sw.addEventListener('message', (event) => {
	const data = event.data as { type?: unknown; urls?: unknown } | null;
	if (data?.type !== 'shell' || !Array.isArray(data.urls)) return;
	const paths = data.urls
		.filter((url): url is string => typeof url === 'string')
		.map((url) => new URL(url, sw.location.origin))
		.filter((url) => url.origin === sw.location.origin && SHELL.has(url.pathname))
		.map((url) => url.pathname);
	event.waitUntil(
		caches.open(SHELL_CACHE).then(async (cache) => {
			for (const path of new Set(paths)) {
				if (!(await cache.match(path))) await cache.add(path);
			}
		})
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				const ours = name.startsWith(SHELL_CACHE_PREFIX) || name.startsWith(PAGES_CACHE_PREFIX);
				if (ours && name !== SHELL_CACHE && name !== PAGES_CACHE) await caches.delete(name);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (NEVER.some((path) => url.pathname === path || url.pathname.startsWith(path))) return;
	if (SHELL.has(url.pathname)) {
		event.respondWith(fromShell(request));
	} else if (request.mode === 'navigate' || url.pathname.endsWith('/__data.json')) {
		event.respondWith(networkFirst(request));
	}
});

/** A file of this build: it never changes, so once kept it is served from the cache. */
async function fromShell(request: Request): Promise<Response> {
	const cache = await caches.open(SHELL_CACHE);
	const cached = await cache.match(request);
	if (cached) return cached;
	const response = await fetch(request);
	if (cacheable(response)) await cache.put(request, response.clone());
	return response;
}

/**
 * The network's answer, kept for later; when the network fails, or hangs for
 * `NETWORK_TIMEOUT_MS`, the kept one (the network's answer still wins if there is none).
 */
async function networkFirst(request: Request): Promise<Response> {
	const network = fetch(request).then(async (response) => {
		if (cacheable(response)) {
			const cache = await caches.open(PAGES_CACHE);
			await cache.put(request, response.clone());
		}
		return response;
	});
	// When the cached copy was shown, a failure of the network afterwards concerns nobody.
	network.catch(() => undefined);
	const cached = () => caches.match(request, { cacheName: PAGES_CACHE });
	let timer: ReturnType<typeof setTimeout> | undefined;
	const slow = new Promise<Response | undefined>((resolve) => {
		timer = setTimeout(() => cached().then(resolve), NETWORK_TIMEOUT_MS);
	});
	try {
		const first = await Promise.race([network, slow]);
		return first ?? (await network);
	} catch (error) {
		return (await cached()) ?? Promise.reject(error);
	} finally {
		clearTimeout(timer);
	}
}

function cacheable(response: Response): boolean {
	if (response.status !== 200 || response.type !== 'basic' || response.redirected) return false;
	return !/no-store/i.test(response.headers.get('cache-control') ?? '');
}
