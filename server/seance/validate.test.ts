import { describe, expect, it } from 'vitest';
import { LOCK_PART_MAX, SEANCE_PROTOCOL_VERSION } from '../../src/lib/seance/protocol.ts';
import {
	EVENT_ARGS,
	isClientEvent,
	ITEM_ID_MAX,
	parseHandshake,
	parseLock,
	parsePlace,
	parseSpotlightTarget
} from './validate.ts';

const BOARD = '3f0c2a5e-8d5b-4f7e-9a51-2b7f5f0f9c11';
const place = { boardId: BOARD, view: 'live', scrollX: 0.25, scrollY: 1 };

describe('the séance handshake', () => {
	const auth = { version: SEANCE_PROTOCOL_VERSION, bilanId: BOARD.toUpperCase(), mode: 'join' };

	it('takes the version, a bilan id (lower-cased) and a mode, and ignores socket.io’s own keys', () => {
		expect(parseHandshake({ ...auth, pid: 'x', offset: '1-0' })).toEqual({
			version: SEANCE_PROTOCOL_VERSION,
			bilanId: BOARD,
			mode: 'join'
		});
		for (const mode of ['watch', 'screen']) {
			expect(parseHandshake({ ...auth, mode })?.mode).toBe(mode);
		}
	});

	it('refuses another version, a bilan that is not a uuid, an unknown mode, anything not an object', () => {
		for (const bad of [
			{ ...auth, version: SEANCE_PROTOCOL_VERSION + 1 },
			{ ...auth, version: String(SEANCE_PROTOCOL_VERSION) },
			{ ...auth, bilanId: 'demo' },
			{ ...auth, bilanId: undefined },
			{ ...auth, mode: 'admin' },
			{ ...auth, mode: undefined },
			null,
			'join',
			[auth]
		]) {
			expect(parseHandshake(bad), JSON.stringify(bad)).toBeNull();
		}
	});
});

describe('the handshake of a cohort’s séance', () => {
	const auth = { version: SEANCE_PROTOCOL_VERSION, cohortId: BOARD.toUpperCase(), mode: 'join' };

	it('takes a cohort id instead of a bilan id, never both, never neither', () => {
		expect(parseHandshake(auth)).toEqual({
			version: SEANCE_PROTOCOL_VERSION,
			cohortId: BOARD,
			mode: 'join'
		});
		for (const bad of [
			{ ...auth, bilanId: BOARD },
			{ ...auth, cohortId: 'demo' },
			{ version: SEANCE_PROTOCOL_VERSION, mode: 'join' }
		]) {
			expect(parseHandshake(bad), JSON.stringify(bad)).toBeNull();
		}
	});

	it('checks the screen’s consent events: a copy’s id, a yes or a no, nothing more', () => {
		expect(EVENT_ARGS['seance.screen.ask']([BOARD])).toEqual([BOARD]);
		expect(EVENT_ARGS['seance.consent.answer']([BOARD, true])).toEqual([BOARD, true]);
		expect(EVENT_ARGS['seance.consent.withdraw']([])).toEqual([]);
		for (const bad of [['demo'], [BOARD, 'oui'], [BOARD, true, () => {}]]) {
			expect(EVENT_ARGS['seance.consent.answer'](bad)).toBeNull();
		}
		expect(EVENT_ARGS['seance.screen.ask']([{ boardId: BOARD }])).toBeNull();
		expect(EVENT_ARGS['seance.screen.clear']([BOARD])).toBeNull();
	});
});

describe('event arguments', () => {
	it('accepts a place with exactly its fields, scrolls in [0, 1], the bilan page as a null board', () => {
		expect(parsePlace(place)).toEqual(place);
		expect(parsePlace({ ...place, boardId: null, view: 'outline', scrollX: 0 })).toEqual({
			boardId: null,
			view: 'outline',
			scrollX: 0,
			scrollY: 1
		});
		for (const bad of [
			{ ...place, scrollX: -0.1 },
			{ ...place, scrollY: 1.01 },
			{ ...place, scrollX: Number.NaN },
			{ ...place, scrollY: Number.POSITIVE_INFINITY },
			{ ...place, scrollX: '0.5' },
			{ ...place, view: 'canvas' },
			{ ...place, view: 'board' },
			{ ...place, boardId: 'tableau' },
			{ ...place, boardId: undefined },
			{ ...place, extra: 'x'.repeat(1000) },
			{ boardId: BOARD, view: 'live', scrollX: 0 },
			Object.assign(Object.create({ inherited: true }), place),
			[BOARD, 'live', 0, 0],
			null
		]) {
			expect(parsePlace(bad), JSON.stringify(bad)).toBeNull();
		}
	});

	it('rebuilds what passes: a relayed place holds only the protocol’s fields', () => {
		const parsed = parsePlace({ ...place, boardId: BOARD.toUpperCase() });
		expect(parsed).toEqual(place);
		expect(Object.keys(parsed!)).toEqual(['boardId', 'view', 'scrollX', 'scrollY']);
	});

	it('bounds ids and lock parts, and refuses control characters', () => {
		const itemId = 'x'.repeat(ITEM_ID_MAX);
		expect(parseSpotlightTarget({ boardId: BOARD, itemId })).toEqual({ boardId: BOARD, itemId });
		expect(parseSpotlightTarget({ boardId: BOARD, itemId: `${itemId}x` })).toBeNull();
		expect(parseSpotlightTarget({ boardId: BOARD, itemId: '' })).toBeNull();
		expect(parseSpotlightTarget({ boardId: BOARD, itemId: 'a\nb' })).toBeNull();
		expect(parseSpotlightTarget({ boardId: 'x', itemId: 'a' })).toBeNull();
		const part = 'p'.repeat(LOCK_PART_MAX);
		expect(parseLock({ boardId: BOARD, part })).toEqual({ boardId: BOARD, part });
		expect(parseLock({ boardId: BOARD, part: `${part}p` })).toBeNull();
		expect(parseLock({ boardId: BOARD, part: 'pile\u0000' })).toBeNull();
		expect(parseLock({ boardId: BOARD, part: 'board', locked: true })).toBeNull();
	});

	it('checks each event’s argument count and types; an acknowledgement callback is refused', () => {
		const ack = () => {};
		const cases: [keyof typeof EVENT_ARGS, unknown[], unknown][] = [
			['seance.place', [place], [place]],
			['seance.place', [place, ack], null],
			['seance.place', [], null],
			['seance.activity', [false], [false]],
			['seance.activity', ['false'], null],
			['seance.following', [true], [true]],
			['seance.following', [1], null],
			['seance.bring', [], []],
			['seance.bring', [place], null],
			['seance.spotlight', [{ boardId: BOARD, itemId: 'c1' }], [{ boardId: BOARD, itemId: 'c1' }]],
			['seance.timer.start', [25], [25]],
			['seance.timer.start', [0], null],
			['seance.timer.start', [481], null],
			['seance.timer.start', [2.5], null],
			['seance.timer.start', ['25'], null],
			['seance.timer.pause', [], []],
			['seance.timer.pause', [ack], null],
			['seance.timer.resume', [], []],
			['seance.timer.extend', [], []],
			['seance.timer.stop', [], []],
			['seance.timer.extendable', [false], [false]],
			['seance.timer.extendable', [null], null],
			[
				'seance.lock',
				[{ boardId: BOARD, part: 'board' }, true],
				[{ boardId: BOARD, part: 'board' }, true]
			],
			['seance.lock', [{ boardId: BOARD, part: 'board' }], null],
			['seance.lock', [{ boardId: BOARD, part: 'board' }, 'yes'], null],
			['seance.agenda.tick', ['point-1', true], ['point-1', true]],
			['seance.agenda.tick', ['', true], null],
			['seance.agenda.tick', ['point-1'], null],
			['seance.hand', [true], [true]],
			['seance.hand', ['true'], null],
			['seance.hand', [], null],
			['seance.hand.lower', [BOARD.toUpperCase()], [BOARD]],
			['seance.hand.lower', ['Inès'], null],
			['seance.hand.lower', [BOARD, ack], null],
			['seance.react', ['bravo'], ['bravo']],
			['seance.react', ['🎉'], null],
			['seance.react', ['x'.repeat(10_000)], null],
			['seance.react', [{ reaction: 'bravo' }], null],
			['seance.react', [], null]
		];
		for (const [event, args, expected] of cases) {
			expect(EVENT_ARGS[event](args), `${event} ${JSON.stringify(args)}`).toEqual(expected);
		}
	});

	it('knows the protocol’s event names only', () => {
		expect(isClientEvent('seance.place')).toBe(true);
		for (const name of ['seance.state', 'constructor', '__proto__', 'hasOwnProperty', 42, null]) {
			expect(isClientEvent(name), String(name)).toBe(false);
		}
	});
});
