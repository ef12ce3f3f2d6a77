/**
 * The process's one logger: one JSON line per event (`time`, `message`, then the context), for
 * log collectors. Events go to stdout, failures to stderr. The realtime servers take `log` as an
 * option, so their tests can collect what they report.
 */

function line(message: string, context: Record<string, unknown>): string {
	return JSON.stringify({ time: new Date().toISOString(), message, ...context });
}

/** Something worth knowing happened (start-up, shutdown, a refused frame…). */
export function log(message: string, context: Record<string, unknown> = {}): void {
	console.log(line(message, context));
}

/** Something failed; `context` says which request, person or record. */
export function logError(message: string, context: Record<string, unknown> = {}): void {
	console.error(line(message, context));
}
