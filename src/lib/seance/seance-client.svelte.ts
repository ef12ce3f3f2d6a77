import { io, type Socket } from 'socket.io-client';
import {
	SEANCE_PATH,
	REACTION_SHOWN_MS,
	SEANCE_PROTOCOL_VERSION,
	scopeAuth,
	type AgendaItem,
	type BoardLock,
	type ClientToServerEvents,
	type ConsentAsk,
	type Place,
	type QuickReaction,
	type ReactionEvent,
	type RosterEntry,
	type ScreenAnswer,
	type ScreenShow,
	type SeanceMode,
	type SeanceScope,
	type SeanceState,
	type ServerToClientEvents,
	type Spotlight,
	type TimerState
} from './protocol.ts';

/** `refused`: the server will not take this page (see `refusal`); reconnecting cannot help. */
export type SeanceStatus = 'connecting' | 'connected' | 'offline' | 'refused';

/** A move of the consultant the page should follow (`bring`: even if the person stepped out). */
export interface FollowMove {
	place: Place;
	bring: boolean;
	/** Increases with every move, so that the same place twice is still a move. */
	seq: number;
}

/** A reaction on screen: `key` tells two identical reactions apart. */
export interface ShownReaction extends ReactionEvent {
	key: number;
	/** When it leaves the screen (this page's clock). */
	until: number;
}

/** Reactions on screen at once: beyond, the oldest goes (the room sees the latest). */
const MAX_SHOWN_REACTIONS = 8;

export interface SeanceClientOptions {
	/** The bilan or the cohort whose séance this is. */
	scope: SeanceScope;
	mode: SeanceMode;
	/** Base URL of the server (default: this page's origin). */
	url?: string;
}

/**
 * The séance as a page sees it: one socket.io connection for one scope, its events turned into
 * runes (`seance` is null while no séance is in progress), and one method per thing a person can
 * do. Components read the getters and call the methods; they never touch the socket.
 */
export class SeanceClient {
	readonly mode: SeanceMode;
	#socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	#status = $state<SeanceStatus>('connecting');
	#refusal = $state<string | null>(null);
	#base = $state.raw<SeanceState | null>(null);
	#roster = $state.raw<RosterEntry[]>([]);
	#timer = $state.raw<TimerState | null>(null);
	#locks = $state.raw<BoardLock[]>([]);
	#agenda = $state.raw<AgendaItem[]>([]);
	#leader = $state.raw<Place | null>(null);
	#spotlight = $state.raw<Spotlight | null>(null);
	#move = $state.raw<FollowMove | null>(null);
	#following = $state(true);
	#error = $state<string | null>(null);
	#known = $state(false);
	#reactions = $state.raw<ShownReaction[]>([]);
	#consentAsk = $state.raw<ConsentAsk | null>(null);
	#screen = $state.raw<ScreenShow | null>(null);
	#screenAnswer = $state.raw<ScreenAnswer | null>(null);
	/** Removes the reactions whose time on screen is over; null while none is shown. */
	#sweep: ReturnType<typeof setTimeout> | null = null;
	#reactionKeys = 0;
	/** Server clock minus this clock, from the last message that carried the server's time. */
	#clockOffset = 0;
	#moves = 0;

	constructor(options: SeanceClientOptions) {
		this.mode = options.mode;
		const auth = {
			version: SEANCE_PROTOCOL_VERSION,
			...scopeAuth(options.scope),
			mode: options.mode
		};
		this.#socket = io(options.url ?? '', {
			path: SEANCE_PATH,
			// The server takes WebSockets only (their Origin header is always checked).
			transports: ['websocket'],
			auth
		});
		const socket = this.#socket;
		socket.on('connect', () => {
			this.#status = 'connected';
			this.#refusal = null;
		});
		socket.on('disconnect', () => {
			if (this.#status !== 'refused') this.#status = 'offline';
		});
		socket.on('connect_error', (error) => {
			// A refusal by the handshake (not a network error): reconnecting would be refused again.
			if (!socket.active) {
				this.#status = 'refused';
				this.#refusal = error.message;
			} else this.#status = 'offline';
		});
		socket.on('seance.state', (state) => {
			this.#known = true;
			this.#base = state;
			this.#roster = state?.roster ?? [];
			this.#timer = state?.timer ?? null;
			this.#locks = state?.locks ?? [];
			this.#agenda = state?.agenda ?? [];
			this.#leader = state?.leader ?? null;
			this.#screen = state?.screen ?? null;
			if (state) this.#clockOffset = state.now - Date.now();
			else {
				this.#spotlight = null;
				this.#consentAsk = null;
			}
		});
		socket.on('seance.consent.ask', (ask) => (this.#consentAsk = ask));
		socket.on('seance.screen', (shown) => (this.#screen = shown));
		socket.on('seance.screen.answer', (answer) => (this.#screenAnswer = answer));
		socket.on('seance.roster', (roster) => (this.#roster = roster));
		socket.on('seance.follow', (place, bring) => {
			this.#leader = place;
			if (bring && !this.#following) this.setFollowing(true);
			this.#move = { place, bring, seq: ++this.#moves };
		});
		socket.on('seance.spotlight', (spotlight) => (this.#spotlight = spotlight));
		socket.on('seance.timer', (timer, now) => {
			this.#clockOffset = now - Date.now();
			this.#timer = timer;
		});
		socket.on('seance.locks', (locks) => (this.#locks = locks));
		socket.on('seance.agenda', (agenda) => (this.#agenda = agenda));
		socket.on('seance.error', ({ message }) => (this.#error = message));
		socket.on('seance.reaction', (reaction) => this.#show(reaction));
	}

	/** A reaction appears for `REACTION_SHOWN_MS` (this page's clock), then goes. */
	#show(reaction: ReactionEvent): void {
		const shown = { ...reaction, key: ++this.#reactionKeys, until: Date.now() + REACTION_SHOWN_MS };
		this.#reactions = [...this.#reactions, shown].slice(-MAX_SHOWN_REACTIONS);
		this.#sweep ??= setTimeout(() => this.#expire(), REACTION_SHOWN_MS);
	}

	#expire(): void {
		const now = Date.now();
		this.#reactions = this.#reactions.filter((r) => r.until > now);
		const next = this.#reactions[0];
		this.#sweep = next ? setTimeout(() => this.#expire(), next.until - now) : null;
	}

	/** « Montrer à l'écran » asked of this person about their copy, until answered (or null). */
	get consentAsk(): ConsentAsk | null {
		return this.#consentAsk;
	}

	/** A participant's copy on the presentation screen, if this page may know of it. */
	get screen(): ScreenShow | null {
		return this.#screen;
	}

	/** Leader: how the last « Montrer à l'écran » ended. */
	get screenAnswer(): ScreenAnswer | null {
		return this.#screenAnswer;
	}

	/** The quick reactions on screen now, oldest first. */
	get reactions(): ShownReaction[] {
		return this.#reactions;
	}

	get status(): SeanceStatus {
		return this.#status;
	}

	/** Why the server refused this page (`SEANCE_REFUSAL`), when `status` is `refused`. */
	get refusal(): string | null {
		return this.#refusal;
	}

	/**
	 * True once the server said whether a séance is in progress (its first `seance.state`): until
	 * then, a null `seance` means "not known yet", not "none".
	 */
	get known(): boolean {
		return this.#known;
	}

	/** The séance in progress (with its latest roster, timer, locks and agenda), or null. */
	get seance(): SeanceState | null {
		const base = this.#base;
		if (!base) return null;
		return {
			...base,
			roster: this.#roster,
			timer: this.#timer,
			locks: this.#locks,
			agenda: this.#agenda,
			leader: this.#leader
		};
	}

	/** The last move of the consultant (suivez-moi), for the page to follow when `following`. */
	get move(): FollowMove | null {
		return this.#move;
	}

	get following(): boolean {
		return this.#following;
	}

	/** The highlighted item, until its `until` (compare with `serverNow()`). */
	get spotlight(): Spotlight | null {
		return this.#spotlight;
	}

	/** The last refusal of something this page asked, in French; `clearError()` dismisses it. */
	get error(): string | null {
		return this.#error;
	}

	clearError(): void {
		this.#error = null;
	}

	/** Now on the server's clock (the timer's times are the server's). */
	serverNow(): number {
		return Date.now() + this.#clockOffset;
	}

	/** True when `part` of `boardId` (or the whole board) is locked. */
	isLocked(boardId: string, part: string): boolean {
		return this.#locks.some((lock) => lock.boardId === boardId && lock.part === part);
	}

	place(place: Place): void {
		this.#socket.emit('seance.place', place);
	}

	activity(active: boolean): void {
		this.#socket.emit('seance.activity', active);
	}

	/** "Reprendre le suivi" (true) or stepping out of suivez-moi (false). */
	setFollowing(following: boolean): void {
		this.#following = following;
		this.#socket.emit('seance.following', following);
	}

	bring(): void {
		this.#socket.emit('seance.bring');
	}

	spotlightItem(boardId: string, itemId: string): void {
		this.#socket.emit('seance.spotlight', { boardId, itemId });
	}

	startTimer(minutes: number): void {
		this.#socket.emit('seance.timer.start', minutes);
	}

	pauseTimer(): void {
		this.#socket.emit('seance.timer.pause');
	}

	resumeTimer(): void {
		this.#socket.emit('seance.timer.resume');
	}

	extendTimer(): void {
		this.#socket.emit('seance.timer.extend');
	}

	stopTimer(): void {
		this.#socket.emit('seance.timer.stop');
	}

	setTimerExtendable(allowed: boolean): void {
		this.#socket.emit('seance.timer.extendable', allowed);
	}

	setLock(lock: BoardLock, locked: boolean): void {
		this.#socket.emit('seance.lock', lock, locked);
	}

	tickAgenda(itemId: string, done: boolean): void {
		this.#socket.emit('seance.agenda.tick', itemId, done);
	}

	/** Raises (true) or lowers (false) one's hand. */
	raiseHand(raised: boolean): void {
		this.#socket.emit('seance.hand', raised);
	}

	/** Leader: lowers someone's hand. */
	lowerHand(userId: string): void {
		this.#socket.emit('seance.hand.lower', userId);
	}

	react(reaction: QuickReaction): void {
		this.#socket.emit('seance.react', reaction);
	}

	/** Leader: asks the participant whose copy `boardId` is to show it on the screen. */
	askScreen(boardId: string): void {
		this.#screenAnswer = null;
		this.#socket.emit('seance.screen.ask', boardId);
	}

	/** Leader: takes the participant's copy off the screen. */
	clearScreen(): void {
		this.#socket.emit('seance.screen.clear');
	}

	/** The participant's answer to `consentAsk`. */
	answerConsent(accepted: boolean): void {
		const ask = this.#consentAsk;
		if (!ask) return;
		this.#consentAsk = null;
		this.#socket.emit('seance.consent.answer', ask.boardId, accepted);
	}

	/** The participant takes their copy off the screen (« Retirer de l'écran »). */
	withdrawConsent(): void {
		this.#socket.emit('seance.consent.withdraw');
	}

	destroy(): void {
		if (this.#sweep) clearTimeout(this.#sweep);
		this.#sweep = null;
		this.#socket.disconnect();
	}
}
