import { createContext } from 'svelte';
import type { SeanceContext } from './context.ts';
import { scopeKey, type SeanceMode, type SeanceScope } from './protocol.ts';
import { SeanceClient } from './seance-client.svelte.ts';

/**
 * The séance as the pages of one bilan or cohort share it: ONE SeanceClient for the scope, watching (a
 * séance in progress shows "Séance en cours — Rejoindre") until the person joins, then joined
 * (roster, suivez-moi, timer…). Joining is remembered per tab and per rendez-vous in
 * sessionStorage, so moving between the bilan's pages or reloading keeps it, and a séance that
 * ended (or another one) is never joined by mistake.
 */

// A bilan's key stays what it was before cohorts had séances: a tab that joined keeps it.
const storageKey = (scope: SeanceScope) =>
	`atelier.seance.${scope.kind === 'bilan' ? scope.id : scopeKey(scope)}`;

/** Remembers that this tab joined the séance `rendezVousId` of `scope` (home's "Rejoindre"). */
export function rememberJoined(scope: SeanceScope, rendezVousId: string): void {
	sessionStorage.setItem(storageKey(scope), rendezVousId);
}

/** What the server rendered, before the socket says better. */
export interface LiveSeanceRef {
	rendezVousId: string;
}

export interface ScopeSeanceOptions {
	scope: SeanceScope;
	viewerId: string;
	/** The consultant in charge, the cohort's facilitator: starts, leads and ends the séances. */
	leads: boolean;
	/** The séance in progress when the page was rendered (`liveSeanceOf`). */
	initial: () => LiveSeanceRef | null;
}

export class ScopeSeance implements SeanceContext {
	readonly scope: SeanceScope;
	readonly viewerId: string;
	readonly leads: boolean;
	#initial: () => LiveSeanceRef | null;
	/** The rendez-vous this tab joined, or null (watching). */
	#joined = $state<string | null>(null);
	#connection = $state.raw<SeanceClient | null>(null);
	/** Why the server refused to let this tab join (`SEANCE_REFUSAL`), shown by "Rejoindre". */
	#refusal = $state<string | null>(null);

	constructor(options: ScopeSeanceOptions) {
		this.scope = options.scope;
		this.viewerId = options.viewerId;
		this.leads = options.leads;
		this.#initial = options.initial;
	}

	get mode(): SeanceMode {
		return this.#joined ? 'join' : 'watch';
	}

	/** The joined client, as board pages use it (`SeanceContext`); null while watching. */
	get client(): SeanceClient | null {
		const connection = this.#connection;
		return connection?.mode === 'join' ? connection : null;
	}

	/**
	 * The séance in progress: the socket's word once it spoke, the server-rendered one before
	 * (so "Séance en cours" shows at once, not when the socket connects).
	 */
	get live(): LiveSeanceRef | null {
		const connection = this.#connection;
		return connection?.known ? connection.seance : this.#initial();
	}

	get refusal(): string | null {
		return this.#refusal;
	}

	/** In the browser: reads what this tab joined. */
	restore(): void {
		this.#joined = sessionStorage.getItem(storageKey(this.scope));
	}

	/**
	 * Opens the connection for the current mode and returns how to close it; called from an
	 * effect, so that joining or leaving replaces the connection (the mode is in the handshake).
	 */
	connect(): () => void {
		const connection = new SeanceClient({ scope: this.scope, mode: this.mode });
		this.#connection = connection;
		return () => {
			connection.destroy();
			if (this.#connection === connection) this.#connection = null;
		};
	}

	join(rendezVousId: string): void {
		rememberJoined(this.scope, rendezVousId);
		this.#refusal = null;
		this.#joined = rendezVousId;
	}

	/** "Quitter la séance": back to watching. */
	leave(): void {
		sessionStorage.removeItem(storageKey(this.scope));
		this.#joined = null;
	}

	/** Goes back to watching when the joined séance is over for this tab (see `joinedFate`). */
	settle(): void {
		const connection = this.#connection;
		if (!this.#joined || connection?.mode !== 'join') return;
		const fate = joinedFate(this.#joined, connection);
		if (fate === 'stay') return;
		if (fate === 'refused') this.#refusal = connection.refusal;
		this.leave();
	}
}

/** What a joined connection says, as `joinedFate` reads it. */
export type JoinedConnection = Pick<SeanceClient, 'status' | 'known' | 'seance'>;

/**
 * What becomes of a tab that joined the séance `rendezVousId`, once its connection speaks: it
 * stays; the séance is over for it (ended, or another one is in progress: never joined by
 * mistake); or the server refused to let it join. Until the server said, it stays.
 */
export function joinedFate(
	rendezVousId: string,
	connection: JoinedConnection
): 'stay' | 'over' | 'refused' {
	if (connection.status === 'refused') return 'refused';
	if (!connection.known || connection.seance?.rendezVousId === rendezVousId) return 'stay';
	return 'over';
}

const [getScopeSeance, setScopeSeance, hasScopeSeance] = createContext<ScopeSeance>();

export { setScopeSeance };

/**
 * The séance of the bilan or cohort, for its pages (the rendez-vous list joins the séance it
 * starts; a copy offers « Montrer à l'écran »).
 */
export function scopeSeance(): ScopeSeance | null {
	return hasScopeSeance() ? getScopeSeance() : null;
}
