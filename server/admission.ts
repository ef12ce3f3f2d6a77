import type { IncomingHttpHeaders } from 'node:http';

/**
 * What both realtime endpoints (the board sync WebSocket, `sync/upgrade.ts`, and the séance
 * socket.io server, `seance/handshake.ts`) check before they admit a socket: that it comes from
 * the app's own pages, and that a session or a user does not hold too many sockets at once.
 */

/**
 * Cross-site WebSocket hijacking: a browser always sends `Origin` on a WebSocket, and another
 * site's page cannot forge it, while it can make the browser send our session cookie. Allowed:
 * `ORIGIN` when configured (`allowedOrigin`), otherwise the request's own host.
 */
export function originAllowed(
	headers: IncomingHttpHeaders,
	allowedOrigin: string | undefined
): boolean {
	const origin = headers.origin;
	if (!origin || !URL.canParse(origin)) return false;
	const url = new URL(origin);
	if (allowedOrigin) return url.origin === new URL(allowedOrigin).origin;
	return url.host === headers.host;
}

/**
 * How many sockets are open per key (a session, a user), on this node: each costs memory and a
 * share of every broadcast, so each endpoint bounds them.
 */
export class OpenSockets {
	#counts = new Map<string, number>();

	count(key: string): number {
		return this.#counts.get(key) ?? 0;
	}

	add(key: string): void {
		this.#counts.set(key, this.count(key) + 1);
	}

	remove(key: string): void {
		const count = this.count(key) - 1;
		if (count > 0) this.#counts.set(key, count);
		else this.#counts.delete(key);
	}
}
