/**
 * The séance protocol over socket.io, shared by the server (`server/seance/`) and the browser
 * client (`seance-client.svelte.ts`): `Socket<ServerToClientEvents, ClientToServerEvents>` on
 * both ends. A séance belongs to a bilan (a rendez-vous in progress: `rendez_vous.started_at`
 * set, `ended_at` not) or to a group pre-bilan cohort (a `cohort_seances` row in progress, the
 * same way): its durable state (timer, agenda, locks, screen consent) is in PostgreSQL, its
 * ephemeral state (roster, places, spotlight) in the sockets themselves. See `server/CONTEXT.md`,
 * "Séances".
 *
 * Every socket belongs to ONE scope (a bilan or a cohort), named in the handshake; the server
 * checks the session cookie, the Origin and `permissions.ts` before the connection is accepted.
 */

/** Bumped when an event changes shape: an older client is refused and told to reload. */
export const SEANCE_PROTOCOL_VERSION = 2;

/** The socket.io endpoint, on the app's own port. */
export const SEANCE_PATH = '/socket.io';

/**
 * - `watch`: a page that only shows "Séance en cours — Rejoindre" (home, bilan page before
 *   joining): receives `seance.state`, is not in the roster, sends nothing else.
 * - `join`: a person in the séance (roster, suivez-moi, timer, locks).
 * - `screen`: the presentation screen (`/seances/<id>/ecran`): read-only, always follows the
 *   consultant, shown in the roster as the room's screen.
 */
export const SEANCE_MODES = ['watch', 'join', 'screen'] as const;
export type SeanceMode = (typeof SEANCE_MODES)[number];

/** What a séance belongs to: a bilan (its rendez-vous) or a cohort (its group séances). */
export interface SeanceScope {
	kind: 'bilan' | 'cohort';
	id: string;
}

/**
 * What the client sends as socket.io `auth` in the handshake: the bilan's id or the cohort's
 * (exactly one of the two).
 */
export type SeanceHandshake = { version: number; mode: SeanceMode } & (
	{ bilanId: string } | { cohortId: string }
);

export function handshakeScope(handshake: SeanceHandshake): SeanceScope {
	return 'bilanId' in handshake
		? { kind: 'bilan', id: handshake.bilanId }
		: { kind: 'cohort', id: handshake.cohortId };
}

/** The handshake's `auth` for a scope. */
export function scopeAuth(scope: SeanceScope): { bilanId: string } | { cohortId: string } {
	return scope.kind === 'bilan' ? { bilanId: scope.id } : { cohortId: scope.id };
}

/** One string per scope (`bilan:<id>`, `cohort:<id>`): room names and per-scope maps use it. */
export function scopeKey(scope: SeanceScope): string {
	return `${scope.kind}:${scope.id}`;
}

/** Connect errors (`connect_error`'s `message`), each with a reason a page can act on. */
export const SEANCE_REFUSAL = {
	/** No valid session cookie: sign in again. */
	unauthenticated: 'unauthenticated',
	/**
	 * Not a person of this bilan or cohort (an admin neither: never content; a participant only
	 * once the charter is accepted), or a cross-site origin.
	 */
	forbidden: 'forbidden',
	/** A malformed handshake or an older protocol version: reload the page. */
	badRequest: 'bad_request',
	/** Too many sockets for this session or user. */
	tooMany: 'too_many'
} as const;
export type SeanceRefusal = (typeof SEANCE_REFUSAL)[keyof typeof SEANCE_REFUSAL];

/** A board's view, as the board page names it (`BoardViewMode`): drawn, or the outline. */
export const BOARD_VIEWS = ['live', 'outline'] as const;
export type BoardView = (typeof BOARD_VIEWS)[number];

/**
 * Where someone is: a board of the bilan (null: the bilan page, the séance's agenda), its view,
 * and how far it is scrolled, as fractions (0–1) of the scrollable width and height, so that
 * different screen sizes land on the same part of the board.
 */
export interface Place {
	boardId: string | null;
	view: BoardView;
	scrollX: number;
	scrollY: number;
}

/** `consultant`: who leads (a bilan's consultant, a cohort's facilitator); `beneficiary`: the others. */
export type RosterRole = 'consultant' | 'beneficiary' | 'screen';

/** One socket in the séance (a person may have two tabs: two entries). */
export interface RosterEntry {
	/** The socket id (stable across a recovered reconnect). */
	id: string;
	userId: string;
	name: string;
	role: RosterRole;
	boardId: string | null;
	view: BoardView;
	/** False while the tab is hidden. */
	active: boolean;
	/** Following the consultant (suivez-moi), or stepped out. The consultant: false. */
	following: boolean;
	/**
	 * When this tab raised its hand (epoch ms, the clock of the node that heard it), or null: the
	 * leader sees the raised hands in this order.
	 */
	handRaisedAt: number | null;
}

/**
 * The timer everyone sees. Running while `endsAt` is set (epoch ms, the server's clock);
 * paused or not started otherwise, with `remainingMs` left. `extendable`: the beneficiary may
 * add a minute too (RGAA 13.1, time limits must be adjustable).
 */
export interface TimerState {
	totalMs: number;
	endsAt: number | null;
	remainingMs: number;
	extendable: boolean;
}

/** Longest timer: a séance lasts 8 hours at most. */
export const TIMER_MAX_MINUTES = 480;
/** What "+1 min" adds. */
export const TIMER_EXTEND_MS = 60_000;

/** A point of the séance's agenda: a board planned for it, or a question to raise. */
export interface AgendaItem {
	id: string;
	label: string;
	boardId: string | null;
	done: boolean;
}

export const AGENDA_LABEL_MAX = 200;
export const AGENDA_MAX_ITEMS = 30;

/**
 * A locked part of a board: `part` as the board kind names it (`BoardKind.locks`), or
 * `LOCK_WHOLE_BOARD`. The sync server refuses updates that touch it.
 */
export interface BoardLock {
	boardId: string;
	part: string;
}
export const LOCK_WHOLE_BOARD = 'board';
export const LOCK_PART_MAX = 100;

/** The consultant highlights an item (a card, a note, an experience…) for everyone. */
export interface Spotlight {
	boardId: string;
	itemId: string;
	/** Epoch ms (server clock) when the highlight ends. */
	until: number;
}
export const SPOTLIGHT_MS = 6_000;

/**
 * Quick reactions anyone in the séance may send (a small fixed set: no free text, nothing to
 * moderate). Ephemeral: shown a few seconds, never stored.
 */
export const QUICK_REACTIONS = ['pouce', 'bravo', 'question', 'pause', 'idee'] as const;
export type QuickReaction = (typeof QUICK_REACTIONS)[number];
/** How long a reaction stays on screen. */
export const REACTION_SHOWN_MS = 5_000;

/** A reaction someone sent, as everyone in the séance receives it. */
export interface ReactionEvent {
	userId: string;
	name: string;
	reaction: QuickReaction;
	/** Epoch ms, the server's clock. */
	at: number;
}

/** How long a participant has to answer « Montrer à l'écran » before it counts as a no. */
export const SCREEN_CONSENT_MS = 60_000;

/** A pending « Montrer à l'écran », as the database keeps it (`cohort_seances.screen_request`). */
export interface ScreenRequest {
	boardId: string;
	ownerId: string;
	/** Epoch ms (server clock): no answer by then is a refusal. */
	until: number;
}

/** What the participant is asked (their copy's title), until `until` (server clock). */
export interface ConsentAsk {
	boardId: string;
	title: string;
	until: number;
}

/**
 * A participant's copy on the presentation screen, with their consent. Sent only to the screen,
 * the facilitator and that participant: the others never learn its id.
 */
export interface ScreenShow {
	boardId: string;
	kind: string;
	title: string;
	ownerId: string;
	ownerName: string;
}

/** How a « Montrer à l'écran » ended, for the facilitator. */
export interface ScreenAnswer {
	boardId: string;
	ownerName: string;
	outcome: 'accepted' | 'refused' | 'timeout' | 'absent';
}

/** Everything a page needs to show the séance in progress. */
export interface SeanceState {
	/** The séance's row: the rendez-vous of a bilan, the `cohort_seances` row of a cohort. */
	rendezVousId: string;
	scope: SeanceScope;
	/**
	 * The bilan of a bilan's séance (null for a cohort's): what pages of this protocol version read
	 * before `scope` existed, kept so that they keep working.
	 */
	bilanId: string | null;
	startedAt: string;
	/** The user id of the consultant who leads (suivez-moi, timer, locks). */
	leaderId: string;
	visioUrl: string | null;
	agenda: AgendaItem[];
	timer: TimerState | null;
	locks: BoardLock[];
	/** Where the consultant is (null until they have a place). */
	leader: Place | null;
	roster: RosterEntry[];
	/** A participant's copy on the screen (cohorts), for the screen, the leader and its owner. */
	screen: ScreenShow | null;
	/** The server's clock when this was sent, to correct the timer for the client's clock. */
	now: number;
}

/** What the server emits. Event names are dotted and typed (`SeanceServerEvent`). */
export interface ServerToClientEvents {
	/** On connect, and whenever a séance of this bilan starts (state) or ends (null). */
	'seance.state': (state: SeanceState | null) => void;
	'seance.roster': (roster: RosterEntry[]) => void;
	/**
	 * The consultant's place, for those who follow. `bring`: "Ramener tout le monde", everyone
	 * follows again, including those who stepped out.
	 */
	'seance.follow': (place: Place, bring: boolean) => void;
	'seance.spotlight': (spotlight: Spotlight) => void;
	'seance.timer': (timer: TimerState | null, now: number) => void;
	'seance.locks': (locks: BoardLock[]) => void;
	'seance.agenda': (agenda: AgendaItem[]) => void;
	/** Someone sent a quick reaction (everyone in the séance, the presentation screen too). */
	'seance.reaction': (reaction: ReactionEvent) => void;
	/** The participant is asked to show their copy on the screen (null: the question is over). */
	'seance.consent.ask': (ask: ConsentAsk | null) => void;
	/** What the screen shows of a participant's copy (null: none), to the screen, leader, owner. */
	'seance.screen': (shown: ScreenShow | null) => void;
	/** Leader: how « Montrer à l'écran » ended. */
	'seance.screen.answer': (answer: ScreenAnswer) => void;
	/** A refused event, in words a person can read (French). */
	'seance.error': (error: { event: SeanceClientEvent; message: string }) => void;
}

/** What a client emits. Only `join` and `screen` sockets may; the leader-only ones say so. */
export interface ClientToServerEvents {
	/** Where I am now (board, view, scroll). From the consultant it drives the followers. */
	'seance.place': (place: Place) => void;
	/** My tab became visible (true) or hidden (false). */
	'seance.activity': (active: boolean) => void;
	/** I follow the consultant again ("Reprendre le suivi"), or step out (false). */
	'seance.following': (following: boolean) => void;
	/** Leader: "Ramener tout le monde". */
	'seance.bring': () => void;
	/** Leader: highlight an item for everyone for `SPOTLIGHT_MS`. */
	'seance.spotlight': (target: { boardId: string; itemId: string }) => void;
	/** Leader: start (or restart) the timer for so many minutes. */
	'seance.timer.start': (minutes: number) => void;
	/** Leader. */
	'seance.timer.pause': () => void;
	/** Leader. */
	'seance.timer.resume': () => void;
	/** Leader, or the beneficiary when the timer is `extendable`: +1 minute. */
	'seance.timer.extend': () => void;
	/** Leader: remove the timer. */
	'seance.timer.stop': () => void;
	/** Leader: let the beneficiary extend the timer, or not. */
	'seance.timer.extendable': (allowed: boolean) => void;
	/** Leader: lock (true) or unlock (false) a part of a board of this bilan. */
	'seance.lock': (lock: BoardLock, locked: boolean) => void;
	/** Leader: tick an agenda item off, or not. */
	'seance.agenda.tick': (itemId: string, done: boolean) => void;
	/** A participant raises (true) or lowers (false) their hand, in this tab. */
	'seance.hand': (raised: boolean) => void;
	/** Leader: lowers the hand of this person (every tab of theirs). */
	'seance.hand.lower': (userId: string) => void;
	/** A quick reaction, for everyone to see briefly. */
	'seance.react': (reaction: QuickReaction) => void;
	/** Leader (cohorts): ask a participant to show this copy of theirs on the screen. */
	'seance.screen.ask': (boardId: string) => void;
	/** Leader (cohorts): take the participant's copy off the screen. */
	'seance.screen.clear': () => void;
	/** The participant answers « Montrer à l'écran » for this copy of theirs. */
	'seance.consent.answer': (boardId: string, accepted: boolean) => void;
	/** The participant takes their copy off the screen (« Retirer de l'écran »). */
	'seance.consent.withdraw': () => void;
}

export type SeanceServerEvent = keyof ServerToClientEvents;
export type SeanceClientEvent = keyof ClientToServerEvents;

/** Events only the consultant who leads may send. */
export const LEADER_EVENTS: readonly SeanceClientEvent[] = [
	'seance.bring',
	'seance.spotlight',
	'seance.timer.start',
	'seance.timer.pause',
	'seance.timer.resume',
	'seance.timer.stop',
	'seance.timer.extendable',
	'seance.lock',
	'seance.agenda.tick',
	'seance.hand.lower',
	'seance.screen.ask',
	'seance.screen.clear'
];
