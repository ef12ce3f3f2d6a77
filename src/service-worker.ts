/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * Offline: the app shell of this build (its scripts, styles, fonts and static files, cached at
 * install, one cache per version) and the pages the person opened (their HTML and their
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
	event.waitUntil(
		caches
			.open(SHELL_CACHE)
			.then((cache) => cache.addAll([...SHELL]))
			.then(() => sw.skipWaiting())
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

async function fromShell(request: Request): Promise<Response> {
	const cached = await caches.match(request, { cacheName: SHELL_CACHE });
	return cached ?? fetch(request);
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
