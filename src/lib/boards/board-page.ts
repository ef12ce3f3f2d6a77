import { createContext } from 'svelte';

/**
 * What a view knows of the board page it is on, for addresses (an enquête's way back to its plan,
 * a piste's link to its enquête). Outside the board page (a snapshot, the séance's screen) there
 * is none, and the views show no such link.
 */
export interface BoardPage {
	bilanId: string;
}

const [getPage, setPage, hasPage] = createContext<() => BoardPage>();

/** Set by the board page, with a getter: its data changes when the page loads again. */
export const setBoardPage = setPage;

/** The board page this component is on, or null elsewhere. */
export function boardPage(): (() => BoardPage) | null {
	return hasPage() ? getPage() : null;
}
