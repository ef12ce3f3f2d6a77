import { renderMetrics } from '$lib/server/metrics';
import type { RequestHandler } from './$types';

/** Prometheus scrape endpoint: connections, loaded boards, commits, refusals (no content, no ids). */
export const GET: RequestHandler = () =>
	new Response(renderMetrics(), {
		headers: {
			'content-type': 'text/plain; version=0.0.4; charset=utf-8',
			'cache-control': 'no-store'
		}
	});
