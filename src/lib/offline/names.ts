/**
 * Names of what Atelier keeps on the device, shared by the pages and the service worker: every
 * IndexedDB database and page cache of ours starts with one of these prefixes, so a wipe (logout,
 * no session) finds them all without a list kept somewhere else.
 */

/** IndexedDB database of one board's local copy: `atelier-board-<boardId>`. */
export const BOARD_DB_PREFIX = 'atelier-board-';

/** Cache Storage: the app shell of one build (no personal data, kept across logouts). */
export const SHELL_CACHE_PREFIX = 'atelier-shell-';

/** Cache Storage: the pages and page data the person opened (personal: wiped with the boards). */
export const PAGES_CACHE_PREFIX = 'atelier-pages-';

export function boardDbName(boardId: string): string {
	return `${BOARD_DB_PREFIX}${boardId}`;
}
