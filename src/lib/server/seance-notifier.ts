import type { SeanceScope } from '../seance/protocol.ts';

/**
 * How the SvelteKit handlers tell the séance layer (socket.io, `server/seance/`) that a séance of
 * a bilan or a cohort started or ended: it reads the state again and sends it to every page of
 * that scope, on every node. Registered by `server/runtime.ts`; absent in unit tests and scripts.
 */
export interface SeanceNotifier {
	seanceChanged(scope: SeanceScope): Promise<void>;
}

// The SvelteKit bundle carries its own copy of this module (see board-writer.ts).
const slot = Symbol.for('atelier.seanceNotifier');
type Slot = { [slot]?: SeanceNotifier };

export function registerSeanceNotifier(notifier: SeanceNotifier | undefined): void {
	(globalThis as Slot)[slot] = notifier;
}

/** After a commit that starts or ends a séance of `scope`. */
export async function notifySeanceChanged(scope: SeanceScope): Promise<void> {
	await (globalThis as Slot)[slot]?.seanceChanged(scope);
}
