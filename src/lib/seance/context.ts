import { createContext } from 'svelte';
import type { SeanceClient } from './seance-client.svelte';

/**
 * The séance as the pages inside a bilan see it. The bilan's layout (or the presentation
 * screen) provides it; a board page reads it to report where the person is, follow the
 * consultant, show locks and spotlights. `client` is null while the person has not joined a
 * séance (or none is in progress).
 */
export interface SeanceContext {
	readonly client: SeanceClient | null;
	/** The viewer's user id: the leader is `client.seance.leaderId`. */
	readonly viewerId: string;
}

const [getContext, setContext, hasContext] = createContext<SeanceContext>();

export const setSeanceContext = setContext;

/** The séance context of this page, or null outside a bilan's pages and the screen. */
export function seanceContext(): SeanceContext | null {
	return hasContext() ? getContext() : null;
}
