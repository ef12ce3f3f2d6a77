import { createContext } from 'svelte';
import type { PisteEnquete } from './read.ts';

/**
 * What the board page knows of the links between an action plan and its enquêtes métier: its
 * bilan (for addresses) and the enquête of each piste (`enquetes.service.ts`). Outside the board
 * page (a snapshot, the séance's screen) there are none, and the views show no link.
 */
export interface EnqueteLinks {
	bilanId: string;
	/** The plan's enquêtes, for a plan's board; empty for any other. */
	enquetes: PisteEnquete[];
}

const [getLinks, setLinks, hasLinks] = createContext<() => EnqueteLinks>();

/** Set by the board page, with a getter: its data changes when the page loads again. */
export const setEnqueteLinks = setLinks;

/** The links of the board page this component is on, or null elsewhere. */
export function enqueteLinks(): (() => EnqueteLinks) | null {
	return hasLinks() ? getLinks() : null;
}
