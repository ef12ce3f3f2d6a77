import type { Place } from './protocol.ts';

/**
 * Suivez-moi across the pages of a bilan or a cohort, as pure decisions: where a page is, as a
 * séance place names it (a board, or the bilan's or cohort's page), whether a follower must go to
 * the leader's board,
 * and whether a navigation of their own steps them out. The board page itself follows the view
 * and the scroll; these only choose the page.
 */

/**
 * Query parameter of the bilan page that joins the séance in progress at once: the link (and QR
 * code) the presentation screen shows to the people in the room.
 */
export const JOIN_PARAM = 'rejoindre';

/** The board route and the bilan route, as SvelteKit names them (`page.route.id`). */
const BOARD_ROUTE = '/bilans/[id]/tableaux/[boardId]';
const BILAN_ROUTE = '/bilans/[id]';

/**
 * Where a page of the bilan is: a board's id, null for the bilan page (the séance's agenda),
 * undefined for any other page (attendance, journal…), which is no place one can be brought to.
 */
export type Here = string | null | undefined;

export function placeOfRoute(routeId: string | null, params: Record<string, string>): Here {
	if (routeId === BOARD_ROUTE) return params.boardId;
	if (routeId === BILAN_ROUTE) return null;
	return undefined;
}

/**
 * Where a page of a cohort is: its page (null), the group wall (its own route, the wall's id), a
 * template or a participant's copy (a board's id); undefined for any other page.
 */
export function placeOfCohortRoute(
	routeId: string | null,
	params: Record<string, string>,
	wallId: string
): Here {
	if (routeId === '/cohortes/[id]/tableaux/[boardId]') return params.boardId;
	if (routeId === '/cohortes/[id]/mur') return wallId;
	if (routeId === '/cohortes/[id]') return null;
	return undefined;
}

/** The pages of a séance's scope, as its séance layer moves between them. */
export interface SeancePages {
	/** The bilan's or cohort's id: a route with another `id` param is not of this scope. */
	scopeId: string;
	/** Where the page of a route is. */
	here(routeId: string | null, params: Record<string, string>): Here;
	/** The page of a place: a board's, or the scope's own page (null). */
	href(boardId: string | null): string;
	/** Where the leader ends the séance `seanceId`. */
	endHref(seanceId: string): string;
	/** The presentation screen of the séance `seanceId`. */
	screenHref(seanceId: string): string;
}

/** Where the consultant is, as a `Here`: undefined until they have a place. */
export function leaderHere(leader: Place | null | undefined): Here {
	return leader ? leader.boardId : undefined;
}

/** Who decides: the consultant who leads never follows; the others follow until they step out. */
export interface Follower {
	leads: boolean;
	following: boolean;
}

/**
 * The board (null: the bilan page) a follower must be brought to, so that they are where the
 * consultant is (`leaderBoardId`, undefined while unknown); undefined when they stay: they lead,
 * stepped out, are already there, or the consultant's place is not known yet.
 */
export function followTarget(here: Here, leaderBoardId: Here, who: Follower): Here {
	if (who.leads || !who.following || here === leaderBoardId) return undefined;
	return leaderBoardId;
}

/**
 * True when a follower's own navigation to `to` takes them away from the consultant's place:
 * they step out of suivez-moi. Going where the consultant is (or a move of suivez-moi itself)
 * does not; nor does anything while the consultant's place is unknown.
 */
export function stepsOut(to: Here, leaderBoardId: Here, who: Follower): boolean {
	if (who.leads || !who.following || leaderBoardId === undefined) return false;
	return to !== leaderBoardId;
}
