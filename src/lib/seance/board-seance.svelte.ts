import { tick, untrack } from 'svelte';
import { m } from '$lib/paraglide/messages';
import { itemLabel, itemOf, type BoardItem } from '../boards/board-items.ts';
import { scrollFractions, scrollOffsets, spotlightRemaining, throttle } from './follow.ts';
import type { BoardView, Place } from './protocol.ts';
import type { SeanceClient } from './seance-client.svelte.ts';

/** Suivez-moi reports the leader's scroll about ten times a second. */
const SCROLL_REPORT_MS = 100;
/** A scroll this soon after a wheel, touch or key is the person's own: they step out. */
const OWN_SCROLL_MS = 600;
const SCROLL_KEYS = new Set([
	'ArrowUp',
	'ArrowDown',
	'ArrowLeft',
	'ArrowRight',
	'PageUp',
	'PageDown',
	'Home',
	'End',
	' '
]);

function reducedMotion(): boolean {
	return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function isTextEntry(target: EventTarget | null): boolean {
	if (!(target instanceof HTMLElement)) return false;
	return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The séance as one board page lives it (`LiveBoard` creates it when a séance client is in
 * context): it reports where the person is (board, view and, for the consultant, scroll), makes
 * followers follow the consultant's view and scroll on this board until they scroll or change
 * view themselves, and shows the spotlight. Created during a component's initialisation: its
 * effects and listeners end with the component.
 */
export class BoardSeance {
	readonly boardId: string;
	#client: () => SeanceClient | null;
	#viewerId: string;
	#mode: () => BoardView;
	#setMode: (view: BoardView) => void;
	#container: () => HTMLElement | undefined;
	#ready: () => boolean;
	#announce: (text: string) => void;
	#focused = $state.raw<BoardItem | null>(null);
	/** Whether this page already took the leader's place on this board (see #stepOutOnView). */
	#following = false;
	#ownInputAt = -Infinity;
	#report = throttle(() => this.#sendPlace(), SCROLL_REPORT_MS);

	#live = $derived.by(() => {
		const client = this.#client();
		return client?.status === 'connected' && client.seance !== null;
	});
	#leads = $derived.by(() => {
		const client = this.#client();
		return this.#live && client?.mode === 'join' && client.seance?.leaderId === this.#viewerId;
	});
	#follows = $derived.by(() => {
		const client = this.#client();
		if (!this.#live || !client) return false;
		return client.mode === 'screen' || (client.mode === 'join' && !this.#leads && client.following);
	});
	/** A `join` page: it reports its place and may step out (the screen always follows). */
	#joined = $derived.by(() => this.#client()?.mode === 'join');

	constructor(options: {
		/** The séance the person joined (null while none: the board works without). */
		client: () => SeanceClient | null;
		viewerId: string;
		boardId: string;
		/** The board's view mode, read and set (following changes it). */
		mode: () => BoardView;
		setMode: (view: BoardView) => void;
		/** The element around the board's view: items are looked up in it. */
		container: () => HTMLElement | undefined;
		/** The board's view is on screen (synced and loaded): only then can it scroll. */
		ready: () => boolean;
		/** Tells screen readers (the board's aria-live region). */
		announce: (text: string) => void;
	}) {
		this.#client = options.client;
		this.boardId = options.boardId;
		this.#viewerId = options.viewerId;
		this.#mode = options.mode;
		this.#setMode = options.setMode;
		this.#container = options.container;
		this.#ready = options.ready;
		this.#announce = options.announce;

		$effect(() => this.#reportPlace());
		$effect(() => this.#reportScroll());
		$effect(() => this.#follow());
		$effect(() => this.#stepOutOnView());
		$effect(() => this.#watchOwnScroll());
		$effect(() => this.#watchFocus());
		$effect(() => this.#showSpotlight());
	}

	/** The séance client, while the person is in one. */
	get client(): SeanceClient | null {
		return this.#client();
	}

	/** This page is in a séance in progress (connected). */
	get live(): boolean {
		return this.#live;
	}

	/** The viewer leads the séance (the consultant): suivez-moi, spotlight, locks. */
	get leads(): boolean {
		return this.#leads;
	}

	/** The item the leader last focused or clicked on this board, for « Mettre en lumière ». */
	get focused(): BoardItem | null {
		return this.#focused;
	}

	/** « Mettre en lumière » the focused item, for everyone. */
	spotlight(): void {
		const item = this.#focused;
		if (this.#leads && item) this.#client()?.spotlightItem(this.boardId, item.id);
	}

	#place(): Place {
		const box = document.scrollingElement ?? document.documentElement;
		return { boardId: this.boardId, view: this.#mode(), ...scrollFractions(box) };
	}

	#sendPlace(): void {
		if (this.#live && this.#joined) this.#client()?.place(this.#place());
	}

	/** Everyone in the séance: on arrival, and whenever the view changes. */
	#reportPlace(): void {
		if (!this.#live || !this.#joined) return;
		this.#mode();
		untrack(() => this.#sendPlace());
	}

	/** The leader's scroll drives the followers': reported, throttled, as fractions. */
	#reportScroll(): (() => void) | void {
		if (!this.#leads || !this.#live) return;
		const onScroll = () => this.#report.call();
		window.addEventListener('scroll', onScroll, { passive: true });
		return () => {
			window.removeEventListener('scroll', onScroll);
			this.#report.cancel();
		};
	}

	/** Followers take the leader's view and scroll on arrival and at each of their moves. */
	#follow(): void {
		const client = this.#client();
		// Each move of the leader (a new object every time) runs this again.
		const move = client?.move;
		if (!client || !this.#follows || !this.#ready()) {
			this.#following = false;
			return;
		}
		untrack(() => {
			const place = client.seance?.leader ?? move?.place;
			if (place?.boardId === this.boardId) void this.#apply(place);
		});
	}

	async #apply(place: Place): Promise<void> {
		this.#following = true;
		if (this.#mode() !== place.view) {
			this.#setMode(place.view);
			// The other view renders before its height is known.
			await tick();
		}
		const box = document.scrollingElement ?? document.documentElement;
		const { left, top } = scrollOffsets(place, box);
		window.scrollTo({ left, top, behavior: reducedMotion() ? 'instant' : 'smooth' });
	}

	/** A follower who picks the other view steps out of suivez-moi. */
	#stepOutOnView(): void {
		const mode = this.#mode();
		untrack(() => {
			const leader = this.#client()?.seance?.leader;
			if (!this.#following || !this.#joined || !this.#follows) return;
			if (leader?.boardId === this.boardId && leader.view !== mode) this.#stepOut();
		});
	}

	/**
	 * A follower who scrolls steps out. Programmatic scrolls (following) fire `scroll` too, so a
	 * scroll counts as the person's own only right after their wheel, touch, scroll key or a
	 * press on the scrollbar.
	 */
	#watchOwnScroll(): (() => void) | void {
		if (!this.#follows || !this.#joined) return;
		const own = () => (this.#ownInputAt = performance.now());
		const onKey = (event: KeyboardEvent) => {
			if (SCROLL_KEYS.has(event.key) && !isTextEntry(event.target)) own();
		};
		// A press on the page's own scrollbar lands on the root element.
		const onPointer = (event: PointerEvent) => {
			if (event.target === document.documentElement) own();
		};
		const onScroll = () => {
			if (performance.now() - this.#ownInputAt < OWN_SCROLL_MS) this.#stepOut();
		};
		const passive = { passive: true };
		window.addEventListener('wheel', own, passive);
		window.addEventListener('touchmove', own, passive);
		window.addEventListener('keydown', onKey);
		window.addEventListener('pointerdown', onPointer);
		window.addEventListener('scroll', onScroll, passive);
		return () => {
			window.removeEventListener('wheel', own);
			window.removeEventListener('touchmove', own);
			window.removeEventListener('keydown', onKey);
			window.removeEventListener('pointerdown', onPointer);
			window.removeEventListener('scroll', onScroll);
		};
	}

	#stepOut(): void {
		this.#following = false;
		this.#client()?.setFollowing(false);
	}

	/** The leader's focused (or clicked) item, for the spotlight button. */
	#watchFocus(): (() => void) | void {
		const container = this.#container();
		if (!this.#leads || !container) return;
		const onFocus = (event: Event) => (this.#focused = itemOf(event.target, container));
		container.addEventListener('focusin', onFocus);
		container.addEventListener('pointerdown', onFocus);
		return () => {
			container.removeEventListener('focusin', onFocus);
			container.removeEventListener('pointerdown', onFocus);
		};
	}

	/**
	 * Everyone whose page shows the spotlit item sees it highlighted (`data-spotlight`, styled by
	 * `LiveBoard`) until the spotlight's end on the server's clock, scrolled into view and
	 * announced.
	 */
	#showSpotlight(): (() => void) | void {
		const client = this.#client();
		const spotlight = client?.spotlight;
		const container = this.#container();
		if (!client || !spotlight || spotlight.boardId !== this.boardId) return;
		if (!container || !this.#ready()) return;
		const remaining = spotlightRemaining(spotlight.until, client.serverNow());
		const selector = `[data-item-id="${CSS.escape(spotlight.itemId)}"]`;
		const shown = [...container.querySelectorAll(selector)];
		if (remaining === 0 || shown.length === 0) return;
		for (const element of shown) element.setAttribute('data-spotlight', '');
		shown[0]!.scrollIntoView({
			block: 'center',
			inline: 'nearest',
			behavior: reducedMotion() ? 'instant' : 'smooth'
		});
		untrack(() => {
			const seance = client.seance;
			const leader = seance?.roster.find((entry) => entry.userId === seance.leaderId);
			this.#announce(
				m.seance_board_spotlight_said({
					name: leader?.name ?? m.seance_board_consultant(),
					label: itemLabel(shown[0]!)
				})
			);
		});
		const clear = () => shown.forEach((element) => element.removeAttribute('data-spotlight'));
		const timer = setTimeout(clear, remaining);
		return () => {
			clearTimeout(timer);
			clear();
		};
	}
}
