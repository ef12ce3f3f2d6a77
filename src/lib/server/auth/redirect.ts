/**
 * The path to send someone to after signing in: only a same-origin path from `redirectTo`, never
 * another site (open redirect) nor a protocol-relative `//host` or `/\host` trick; `/` otherwise.
 */
export function safeRedirectTarget(raw: string | null | undefined, origin: string): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
	let target: URL;
	try {
		target = new URL(raw, origin);
	} catch {
		return '/';
	}
	if (target.origin !== origin) return '/';
	return target.pathname + target.search + target.hash;
}
