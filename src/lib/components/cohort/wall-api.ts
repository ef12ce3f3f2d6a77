import { m } from '$lib/paraglide/messages';

/**
 * Calls the cohort's group wall endpoint `path` (under `/api/v1/cohorts/:id/wall/`): resolves
 * with null, or the sentence of the refusal to show (the API's `{error}`, or a network problem).
 */
export async function callWall(
	cohortId: string,
	path: string,
	method: 'POST' | 'DELETE',
	body?: Record<string, unknown>
): Promise<string | null> {
	try {
		const response = await fetch(`/api/v1/cohorts/${cohortId}/wall/${path}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : undefined,
			body: body ? JSON.stringify(body) : undefined
		});
		if (response.ok) return null;
		const answer = (await response.json().catch(() => null)) as { error?: string } | null;
		return answer?.error ?? m.cohort_wall_failed();
	} catch {
		return m.cohort_wall_failed();
	}
}
