/**
 * tldraw shows its canvas on a public HTTPS host only with a licence key: without one, it hides
 * the canvas. In that case Atelier says why on this board instead of showing a blank area.
 * Development builds, plain HTTP and local hosts work without a key (tldraw's own rule).
 */
export function licenceMissing(options: {
	dev: boolean;
	protocol: string;
	hostname: string;
	key: string | undefined;
}): boolean {
	if (options.key?.trim()) return false;
	if (options.dev || options.protocol !== 'https:') return false;
	return !isLocalHost(options.hostname);
}

function isLocalHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		/^127\.\d+\.\d+\.\d+$/.test(host)
	);
}
