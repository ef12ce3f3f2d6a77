import { BOARD_DB_PREFIX, PAGES_CACHE_PREFIX, boardDbName } from './names.ts';

/**
 * Hands the service worker the app files this page loaded before the worker was in charge of it
 * (the first visit), so that the page also loads offline; later ones it keeps as they are fetched.
 */
export async function keepLoadedShell(): Promise<void> {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
	const registration = await navigator.serviceWorker.ready;
	const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
	registration.active?.postMessage({ type: 'shell', urls });
}

/**
 * Deletes one board's local copy (a board the person may no longer write or see). A tab holding
 * it open closes it when asked (`versionchange`, see `local-copy.ts`), so the deletion is not
 * blocked for long; a deletion another tab still blocks completes when that tab lets go.
 */
export function wipeLocalBoard(boardId: string): Promise<void> {
	return deleteDatabase(boardDbName(boardId));
}

/**
 * Deletes everything of ours on this device: every board's local copy and the cached pages (a
 * shared computer after a logout, a visit without a session). The app shell stays: it holds no
 * personal data.
 */
export async function wipeLocalData(): Promise<void> {
	const work: Promise<unknown>[] = [];
	if (typeof indexedDB !== 'undefined' && 'databases' in indexedDB) {
		const databases = await indexedDB.databases();
		for (const { name } of databases) {
			if (name?.startsWith(BOARD_DB_PREFIX)) work.push(deleteDatabase(name));
		}
	}
	if (typeof caches !== 'undefined') {
		for (const name of await caches.keys()) {
			if (name.startsWith(PAGES_CACHE_PREFIX)) work.push(caches.delete(name));
		}
	}
	await Promise.all(work);
}

function deleteDatabase(name: string): Promise<void> {
	if (typeof indexedDB === 'undefined') return Promise.resolve();
	return new Promise((resolve, reject) => {
		const request = indexedDB.deleteDatabase(name);
		request.onsuccess = () => resolve();
		request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
		// Another tab holds it open and has not let go yet: it will be deleted when it does.
		request.onblocked = () => resolve();
	});
}

/**
 * Wipes everything of ours when the server says there is no session (a page shown to someone
 * signed out: after a logout, an expiry, on a shared computer). Asked of the server rather than
 * read from the page: offline, a page from the cache must not wipe changes waiting to be sent.
 */
export async function wipeIfSignedOut(): Promise<void> {
	let response: Response;
	try {
		response = await fetch('/api/v1/me', { credentials: 'same-origin' });
	} catch {
		// Offline: no answer, no proof the session ended; the copies stay until one comes.
		return;
	}
	// Read to the end: a response left unread keeps its request open.
	await response.arrayBuffer();
	if (response.status === 401) await wipeLocalData();
}
