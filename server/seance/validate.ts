import {
	BOARD_VIEWS,
	LOCK_PART_MAX,
	QUICK_REACTIONS,
	SEANCE_MODES,
	SEANCE_PROTOCOL_VERSION,
	type BoardLock,
	type ClientToServerEvents,
	type Place,
	type SeanceClientEvent,
	type SeanceHandshake
} from '../../src/lib/seance/protocol.ts';
import { validMinutes } from '../../src/lib/seance/timer.ts';
import { isUuid } from '../../src/lib/server/bilans.validation.ts';

/**
 * Pure checks of what a séance client sends: the handshake's `auth` and every event's arguments.
 * A value passes only with exactly the protocol's shape (a plain object with exactly its keys,
 * strings within their length, finite numbers within their range), and what passes is rebuilt
 * from the checked fields, so nothing else a client adds is ever stored or relayed.
 */

/** The arguments of a client event, as its listener receives them. */
export type EventArgs<E extends SeanceClientEvent> = Parameters<ClientToServerEvents[E]>;

/** Longest item id (a card, a note, an agenda point): ids are uuids or shorter. */
export const ITEM_ID_MAX = 100;

// No control characters: ids end up in the DOM (selectors, aria) and in logs.
const PRINTABLE = /^[^\p{Cc}]+$/u;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/** True for a plain object whose own keys are exactly `keys` (in any order). */
function hasExactly(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
	if (!isPlainObject(value)) return false;
	const own = Object.keys(value);
	return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

function text(value: unknown, max: number): string | null {
	return typeof value === 'string' && value.length <= max && PRINTABLE.test(value) ? value : null;
}

function uuid(value: unknown): string | null {
	return isUuid(value) ? value.toLowerCase() : null;
}

function fraction(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1
		? value
		: null;
}

/**
 * The socket.io `auth` of a séance handshake. socket.io's client adds its own keys to it (`pid`,
 * `offset` when it recovers a connection), so only ours are checked.
 */
export function parseHandshake(auth: unknown): SeanceHandshake | null {
	if (!isPlainObject(auth) || auth.version !== SEANCE_PROTOCOL_VERSION) return null;
	const mode = SEANCE_MODES.find((m) => m === auth.mode);
	if (!mode) return null;
	// Exactly one of the two: a séance is a bilan's or a cohort's, never both.
	if (Object.hasOwn(auth, 'bilanId') === Object.hasOwn(auth, 'cohortId')) return null;
	const bilanId = uuid(auth.bilanId);
	const cohortId = uuid(auth.cohortId);
	const version = SEANCE_PROTOCOL_VERSION;
	if (bilanId) return { version, bilanId, mode };
	return cohortId ? { version, cohortId, mode } : null;
}

/** A place: a board of the bilan (or null), a view, and scroll fractions in [0, 1]. */
export function parsePlace(value: unknown): Place | null {
	if (!hasExactly(value, ['boardId', 'view', 'scrollX', 'scrollY'])) return null;
	const boardId = value.boardId === null ? null : uuid(value.boardId);
	const view = BOARD_VIEWS.find((v) => v === value.view);
	const scrollX = fraction(value.scrollX);
	const scrollY = fraction(value.scrollY);
	if ((value.boardId !== null && !boardId) || !view || scrollX === null || scrollY === null) {
		return null;
	}
	return { boardId, view, scrollX, scrollY };
}

/** A card, note or experience of a board, to highlight. */
export function parseSpotlightTarget(value: unknown): { boardId: string; itemId: string } | null {
	if (!hasExactly(value, ['boardId', 'itemId'])) return null;
	const boardId = uuid(value.boardId);
	const itemId = text(value.itemId, ITEM_ID_MAX);
	return boardId && itemId ? { boardId, itemId } : null;
}

/** A part of a board to lock or unlock, as its board kind names it. */
export function parseLock(value: unknown): BoardLock | null {
	if (!hasExactly(value, ['boardId', 'part'])) return null;
	const boardId = uuid(value.boardId);
	const part = text(value.part, LOCK_PART_MAX);
	return boardId && part ? { boardId, part } : null;
}

const none = (args: unknown[]): [] | null => (args.length === 0 ? [] : null);

function one<T>(parse: (value: unknown) => T | null) {
	return (args: unknown[]): [T] | null => {
		if (args.length !== 1) return null;
		const value = parse(args[0]);
		return value === null ? null : [value];
	};
}

const boolean = (value: unknown) => (typeof value === 'boolean' ? value : null);

/**
 * Each event's arguments, checked: the typed tuple its handler takes, or null. The count must be
 * exact: no event of the protocol takes an acknowledgement, so a trailing callback is refused too.
 */
export const EVENT_ARGS: {
	[E in SeanceClientEvent]: (args: unknown[]) => EventArgs<E> | null;
} = {
	'seance.place': one(parsePlace),
	'seance.activity': one(boolean),
	'seance.following': one(boolean),
	'seance.bring': none,
	'seance.spotlight': one(parseSpotlightTarget),
	'seance.timer.start': one((value) => (validMinutes(value) ? value : null)),
	'seance.timer.pause': none,
	'seance.timer.resume': none,
	'seance.timer.extend': none,
	'seance.timer.stop': none,
	'seance.timer.extendable': one(boolean),
	'seance.lock': (args) => {
		if (args.length !== 2) return null;
		const lock = parseLock(args[0]);
		const locked = boolean(args[1]);
		return lock && locked !== null ? [lock, locked] : null;
	},
	'seance.agenda.tick': (args) => {
		if (args.length !== 2) return null;
		const itemId = text(args[0], ITEM_ID_MAX);
		const done = boolean(args[1]);
		return itemId && done !== null ? [itemId, done] : null;
	},
	'seance.hand': one(boolean),
	'seance.hand.lower': one(uuid),
	'seance.react': one((value) => QUICK_REACTIONS.find((r) => r === value) ?? null),
	'seance.screen.ask': one(uuid),
	'seance.screen.clear': none,
	'seance.consent.answer': (args) => {
		if (args.length !== 2) return null;
		const boardId = uuid(args[0]);
		const accepted = boolean(args[1]);
		return boardId && accepted !== null ? [boardId, accepted] : null;
	},
	'seance.consent.withdraw': none
};

/** True for the name of an event of the protocol (a client may send any string, or a number). */
export function isClientEvent(event: unknown): event is SeanceClientEvent {
	return typeof event === 'string' && Object.hasOwn(EVENT_ARGS, event);
}
