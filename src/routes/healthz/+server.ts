import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';

/** Liveness for load balancers: 200 when the database answers, 503 otherwise. */
export async function GET() {
	const ok = await getDatabase().ping();
	return json({ status: ok ? 'ok' : 'unavailable' }, { status: ok ? 200 : 503 });
}
