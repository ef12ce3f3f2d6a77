/**
 * The process's Prometheus text, for the `/metrics` route. The server runtime (outside the
 * SvelteKit bundle, which carries its own copy of this module) registers its renderer here,
 * hence the slot on globalThis, like the database in `db/index.ts`.
 */
const slot = Symbol.for('atelier.metrics');
type Slot = { [slot]?: () => string };

export function registerMetrics(render: (() => string) | undefined): void {
	(globalThis as Slot)[slot] = render;
}

/** Every registered metric in the Prometheus text exposition format ('' when none). */
export function renderMetrics(): string {
	return (globalThis as Slot)[slot]?.() ?? '';
}
