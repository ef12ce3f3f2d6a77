import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers a reverse proxy adds: a request carrying one is not the operator's own on this host. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function isLoopback(address: string | undefined): boolean {
	if (!address) return false;
	return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function sameToken(given: string, expected: string): boolean {
	// Hashes of equal length, so the comparison takes the same time whatever the input.
	const digest = (text: string) => createHash('sha256').update(text).digest();
	return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may read `/metrics` (which tells how busy the service is and which refusals it sees):
 * a request from this host itself (loopback peer, no proxy header — through a reverse proxy on
 * the same host a visitor would look local otherwise), or one with `Authorization: Bearer
 * <METRICS_TOKEN>` when a token is configured.
 */
export function mayReadMetrics(request: IncomingMessage, token: string | undefined): boolean {
	const authorization = request.headers.authorization;
	if (token && authorization?.startsWith('Bearer ')) {
		return sameToken(authorization.slice('Bearer '.length), token);
	}
	return (
		isLoopback(request.socket.remoteAddress) &&
		!PROXY_HEADERS.some((header) => request.headers[header] !== undefined)
	);
}

/**
 * Answers `GET /metrics` (Prometheus text from `render`) and returns true; false for any other
 * request. A request not allowed by `mayReadMetrics` gets 401 (a token is configured: send it)
 * or 403 (no token: loopback only).
 */
export function createMetricsHandler(
	render: () => string,
	token: string | undefined
): (request: IncomingMessage, response: ServerResponse) => boolean {
	return (request, response) => {
		if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') return false;
		if (!mayReadMetrics(request, token)) {
			const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
			if (token) headers['www-authenticate'] = 'Bearer';
			response.writeHead(token ? 401 : 403, headers).end('metrics are not public\n');
			return true;
		}
		response.writeHead(200, {
			'content-type': 'text/plain; version=0.0.4; charset=utf-8',
			'cache-control': 'no-store'
		});
		response.end(render());
		return true;
	};
}
