import type { SeanceContext } from './context.ts';
import type { SeanceScope, SeanceState } from './protocol.ts';
import { SeanceClient } from './seance-client.svelte.ts';

/**
 * The séance as the presentation screen (a projector in the room) sees it, for a bilan's séance
 * or a cohort's: one `screen` connection for the scope, opened in the browser only (the server
 * renders the waiting screen), and what the screen says while it shows no board.
 */

/** What the screen says when it shows no board (`screenMessage`). */
export type ScreenMessage = 'connecting' | 'not-started' | 'waiting' | 'ended';

/**
 * What the screen says while it shows no board. Until the server said whether the séance is on
 * (`known`), a missing one means nothing yet; seen live then gone, the séance ended while the
 * screen was open; `endedBefore`, it had ended when the page was rendered.
 */
export function screenMessage(state: {
	known: boolean;
	live: boolean;
	seenLive: boolean;
	endedBefore: boolean;
}): ScreenMessage {
	if (!state.known) return 'connecting';
	if (state.live) return 'waiting';
	return state.seenLive || state.endedBefore ? 'ended' : 'not-started';
}

/** The rendez-vous a bilan's screen is for, as its page was rendered. */
export interface ScreenRendezVous {
	id: string;
	ended: boolean;
}

export interface ScreenSeanceOptions {
	scope: SeanceScope;
	viewerId: string;
	/**
	 * A bilan's screen is one rendez-vous's: another one of the bilan in progress is not its
	 * séance. A cohort's screen shows whichever séance of the cohort is on (none given).
	 */
	rendezVous?: () => ScreenRendezVous;
}

/**
 * Create it while the page initialises (its effect notes a séance seen live), hand it to the
 * board through the séance context, and `connect()` it once mounted.
 */
export class ScreenSeance implements SeanceContext {
	readonly scope: SeanceScope;
	readonly viewerId: string;
	#rendezVous: (() => ScreenRendezVous) | undefined;
	#client = $state.raw<SeanceClient | null>(null);
	#seenLive = $state(false);
	// `client.seance` is a new object at every read: derived once for the screen's readers.
	#seance = $derived.by(() => {
		const seance = this.#client?.seance ?? null;
		const rendezVous = this.#rendezVous?.();
		return !rendezVous || seance?.rendezVousId === rendezVous.id ? seance : null;
	});
	#message = $derived.by(() =>
		screenMessage({
			known: this.#client?.known ?? false,
			live: this.#seance !== null,
			seenLive: this.#seenLive,
			endedBefore: this.#rendezVous?.().ended ?? false
		})
	);

	constructor(options: ScreenSeanceOptions) {
		this.scope = options.scope;
		this.viewerId = options.viewerId;
		this.#rendezVous = options.rendezVous;
		$effect(() => {
			if (this.#seance) this.#seenLive = true;
		});
	}

	/** The screen's connection, null until mounted. */
	get client(): SeanceClient | null {
		return this.#client;
	}

	/** The screen's séance in progress, or null (none yet, over, or another rendez-vous's). */
	get seance(): SeanceState | null {
		return this.#seance;
	}

	get message(): ScreenMessage {
		return this.#message;
	}

	/** The board the leader is on, among the boards the screen may show; null if none of them. */
	leaderBoard<Board extends { id: string }>(boards: Board[]): Board | null {
		const boardId = this.#seance?.leader?.boardId;
		return boards.find((entry) => entry.id === boardId) ?? null;
	}

	/** Opens the screen's connection and returns how to close it (for `onMount`). */
	connect(): () => void {
		const screen = new SeanceClient({ scope: this.scope, mode: 'screen' });
		this.#client = screen;
		return () => {
			this.#client = null;
			screen.destroy();
		};
	}
}
