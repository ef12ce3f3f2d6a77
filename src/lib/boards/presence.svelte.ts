import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';

/** Who a client is, as shown to the others. */
export interface PresenceUser {
	name: string;
	colour: string;
}

/** A point on a board surface, in the view's own coordinates (e.g. Ikigai units). */
export interface PresencePoint {
	x: number;
	y: number;
}

/** One client on the board (a person with two tabs open is two peers). */
export interface Peer {
	clientId: number;
	user: PresenceUser;
	/** The item this client is editing or holding, if any. */
	editing: string | null;
	pointer: PresencePoint | null;
	/** Where this client's caret is, in which text field (relative positions, see `SharedText`). */
	caret: PresenceCaret | null;
	self: boolean;
}

/**
 * A caret or selection in a free-text field: `anchor` and `head` are Yjs relative positions as
 * JSON (`Y.relativePositionToJSON`), which stay put when the text around them changes.
 */
export interface PresenceCaret {
	field: string;
	anchor: unknown;
	head: unknown;
}

/** Colours dark enough for white initials (contrast ≥ 4.5:1), told apart by name too. */
export const PRESENCE_COLOURS = [
	'#1f5f8b',
	'#8a3b12',
	'#1e6b3a',
	'#6b2c91',
	'#a32020',
	'#255e63',
	'#7a4a00',
	'#4a4f9c'
] as const;

/** A stable colour for a user id. */
export function colourFor(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PRESENCE_COLOURS[hash % PRESENCE_COLOURS.length]!;
}

/** Up to two initials of a name ("Claire Consultante" → "CC"). */
export function initials(name: string): string {
	const words = name
		.trim()
		.split(/[\s-]+/u)
		.filter(Boolean);
	const letters = words.slice(0, 2).map((word) => Array.from(word)[0]!.toLocaleUpperCase('fr'));
	return letters.join('') || '?';
}

const COLOUR = /^#[0-9a-f]{6}$/i;
const NAME_MAX = 80;
const FIELD_MAX = 200;
/**
 * ~10 pointer (or caret) updates a second at most: enough to follow a hand, light on the
 * network. The last position is always sent.
 */
export const POINTER_INTERVAL_MS = 100;

function toCaret(value: unknown): PresenceCaret | null {
	if (typeof value !== 'object' || value === null) return null;
	const record = value as Record<string, unknown>;
	if (typeof record.field !== 'string' || record.field.length > FIELD_MAX) return null;
	return { field: record.field, anchor: record.anchor, head: record.head };
}

/** Reads a peer's state defensively: awareness states come from other clients, unchecked. */
function toPeer(clientId: number, state: unknown, self: boolean): Peer | null {
	if (typeof state !== 'object' || state === null) return null;
	const record = state as Record<string, unknown>;
	const user = record.user as Record<string, unknown> | undefined;
	if (typeof user !== 'object' || user === null || typeof user.name !== 'string') return null;
	const pointer = record.pointer as Record<string, unknown> | null | undefined;
	const validPointer =
		typeof pointer === 'object' &&
		pointer !== null &&
		Number.isFinite(pointer.x) &&
		Number.isFinite(pointer.y);
	return {
		clientId,
		user: {
			name: user.name.slice(0, NAME_MAX),
			colour: typeof user.colour === 'string' && COLOUR.test(user.colour) ? user.colour : '#4a5163'
		},
		editing: typeof record.editing === 'string' ? record.editing : null,
		pointer: validPointer ? { x: pointer.x as number, y: pointer.y as number } : null,
		caret: toCaret(record.caret),
		self
	};
}

/**
 * Presence on a board (y-protocols awareness) as reactive reads: who is here, who edits what,
 * where their pointer is. Components read `peers`/`others`; they never touch the awareness.
 */
export class Presence {
	#awareness: Awareness;
	#subscribe: () => void;
	/** Pointer and caret: throttled, the last value always sent. */
	#pointer: ThrottledField;
	#caret: ThrottledField;

	constructor(awareness: Awareness, user: PresenceUser) {
		this.#awareness = awareness;
		awareness.setLocalState({ user, editing: null, pointer: null, caret: null });
		this.#subscribe = createSubscriber((update) => {
			awareness.on('change', update);
			return () => awareness.off('change', update);
		});
		this.#pointer = new ThrottledField(awareness, 'pointer');
		this.#caret = new ThrottledField(awareness, 'caret');
	}

	/** Everyone on the board, oneself first. */
	get peers(): Peer[] {
		this.#subscribe();
		const own = this.#awareness.clientID;
		const peers: Peer[] = [];
		this.#awareness.getStates().forEach((state, clientId) => {
			const peer = toPeer(clientId, state, clientId === own);
			if (peer) peers.push(peer);
		});
		return peers.sort((a, b) => Number(b.self) - Number(a.self) || a.clientId - b.clientId);
	}

	/** Everyone but oneself. */
	get others(): Peer[] {
		return this.peers.filter((peer) => !peer.self);
	}

	/** The others editing or holding `itemId`. */
	editorsOf(itemId: string): Peer[] {
		return this.others.filter((peer) => peer.editing === itemId);
	}

	/** The others whose caret is in the text field `field` (a `TextField.key`). */
	caretsIn(field: string): Peer[] {
		return this.others.filter((peer) => peer.caret?.field === field);
	}

	/** The name of the client `clientId`, if it is (or was recently) on the board. */
	nameOf(clientId: number): string | null {
		const peer = toPeer(clientId, this.#awareness.getStates().get(clientId), false);
		return peer?.user.name ?? null;
	}

	/** Tells the others what one is editing or holding (null: nothing). */
	setEditing(itemId: string | null): void {
		const current = this.#awareness.getLocalState()?.editing ?? null;
		if (current !== itemId) this.#awareness.setLocalStateField('editing', itemId);
	}

	/** Shares one's pointer position, at most every POINTER_INTERVAL_MS (the last one always). */
	setPointer(point: PresencePoint | null): void {
		this.#pointer.set(point);
	}

	/** Shares one's caret in a text field (null: in none), throttled like the pointer. */
	setCaret(caret: PresenceCaret | null): void {
		this.#caret.set(caret);
	}

	/** Stops pending updates (the awareness itself belongs to the connection). */
	destroy(): void {
		this.#pointer.destroy();
		this.#caret.destroy();
	}
}

/** One awareness field written at most every POINTER_INTERVAL_MS, the last value always. */
class ThrottledField {
	#awareness: Awareness;
	#field: string;
	#pending: unknown = undefined;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#lastAt = 0;

	constructor(awareness: Awareness, field: string) {
		this.#awareness = awareness;
		this.#field = field;
	}

	set(value: unknown): void {
		this.#pending = value;
		if (this.#timer) return;
		const wait = this.#lastAt + POINTER_INTERVAL_MS - Date.now();
		if (wait <= 0) return this.#flush();
		this.#timer = setTimeout(() => this.#flush(), wait);
	}

	#flush(): void {
		this.#timer = null;
		if (this.#pending === undefined) return;
		this.#lastAt = Date.now();
		this.#awareness.setLocalStateField(this.#field, this.#pending);
		this.#pending = undefined;
	}

	destroy(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
