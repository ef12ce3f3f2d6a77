/**
 * How the SvelteKit handlers tell the séance layer (socket.io, `server/seance/`) that a séance of
 * a bilan started or ended: it reads the state again and sends it to every page of that bilan,
 * on every node. Registered by `server/runtime.ts`; absent in unit tests and scripts.
 */
export interface SeanceNotifier {
	seanceChanged(bilanId: string): Promise<void>;
}

// The SvelteKit bundle carries its own copy of this module (see board-writer.ts).
const slot = Symbol.for('atelier.seanceNotifier');
type Slot = { [slot]?: SeanceNotifier };

export function registerSeanceNotifier(notifier: SeanceNotifier | undefined): void {
	(globalThis as Slot)[slot] = notifier;
}

/** After a commit that starts or ends a séance of `bilanId`. */
export async function notifySeanceChanged(bilanId: string): Promise<void> {
	await (globalThis as Slot)[slot]?.seanceChanged(bilanId);
}
